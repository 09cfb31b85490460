"""The runner lanes an arc-runners tfvars deploys, with the core's defaults.

One model for every check that reasons about lanes (taxonomy, topology,
residue, capacity). A lane knows where each of its settings was written, so
findings point at the tfvars line (or at the lane's key when defaulted).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..loaders.tfvars import Tfvars

# Where a setting is written: its keys into the tfvars (a variable, then keys
# of its object), for `Tfvars.line`.
TfvarsPath = tuple[str, ...]

MAIN_LANES = ("nix", "docker", "dind")
# The core stack's defaults (tofu/stacks/arc-runners/variables.tf).
CORE_DEFAULT_RELEASES = {"nix": "gh-nix", "docker": "gh-docker", "dind": "gh-dind"}
CORE_DEFAULT_LABELS = {"nix": "tinyland-nix", "docker": "tinyland-docker", "dind": "tinyland-dind"}
CORE_DEFAULTS = {
    "deploy_arc_controller": True,
    "create_controller_namespace": True,
    "create_runner_namespace": True,
    "deploy_docker_runner": False,
    "deploy_dind_runner": False,
    "controller_namespace": "arc-systems",
    "runner_namespace": "arc-runners",
}
CACHE_SETTINGS = (
    "attic_server",
    "attic_cache",
    "attic_public_key",
    "bazel_cache_endpoint",
    "bazel_executor_endpoint",
)
RESOURCE_SETTINGS = (
    "cpu_request",
    "memory_request",
    "cpu_limit",
    "memory_limit",
    "ephemeral_storage_request",
    "ephemeral_storage_limit",
)


@dataclass
class Lane:
    key: str  # "nix", "docker", "dind" or the extra_runner_sets key
    runner_type: str  # nix | docker | dind
    extra: bool
    release_name: str
    scale_set_name: str
    label: str
    github_config_url: Any
    min_runners: Any
    max_runners: Any
    resources: dict[str, Any] = field(default_factory=dict)  # name -> value (absent: not set)
    cache: dict[str, Any] = field(default_factory=dict)  # attic_server, bazel_cache_endpoint, ...
    node_selector: Any = None
    tolerations: Any = None
    paths: dict[str, TfvarsPath | None] = field(default_factory=dict)  # setting -> path
    tfvars: Tfvars | None = None

    def line(self, setting: str) -> int | None:
        """The line a setting was written on, else the lane's own line."""
        if self.tfvars is None:
            return None
        path = self.paths.get(setting) or self.paths.get("lane")
        return self.tfvars.line(*path) if path else None


def setting(tfvars: Tfvars, name: str) -> Any:
    """A top-level variable, or the core's default when it is not set."""
    return tfvars.get(name, CORE_DEFAULTS.get(name))


def _main_lane(tfvars: Tfvars, lane: str) -> Lane:
    v = tfvars.values

    def var(suffix: str, default: Any = None) -> tuple[Any, TfvarsPath | None]:
        name = f"{lane}_{suffix}"
        return (v[name], (name,)) if name in v else (default, None)

    release, release_path = var("runner_name", CORE_DEFAULT_RELEASES[lane])
    scale_set, scale_set_path = var("runner_scale_set_name", release)
    label, label_path = var("runner_label", CORE_DEFAULT_LABELS[lane])
    paths: dict[str, TfvarsPath | None] = {
        "lane": (f"deploy_{lane}_runner",)
        if f"deploy_{lane}_runner" in v
        else (release_path or ("github_config_url",)),
        "release_name": release_path,
        "scale_set_name": scale_set_path or release_path,
        "label": label_path,
    }
    out = Lane(
        lane,
        lane,
        False,
        str(release),
        str(scale_set),
        str(label),
        v.get("github_config_url"),
        None,
        None,
        tfvars=tfvars,
        paths=paths,
    )
    out.min_runners, paths["min_runners"] = var("min_runners")
    out.max_runners, paths["max_runners"] = var("max_runners")
    for res in RESOURCE_SETTINGS:
        value, path = var(res)
        if path:
            out.resources[res], paths[res] = value, path
    for key in CACHE_SETTINGS:
        if key in v:
            out.cache[key], paths[key] = v[key], (key,)
    selector_var = "shared_nix_runner_node_selector" if lane == "nix" else None
    if selector_var and selector_var in v:
        out.node_selector, paths["node_selector"] = v[selector_var], (selector_var,)
    elif "shared_runner_node_selector" in v:
        out.node_selector = v["shared_runner_node_selector"]
        paths["node_selector"] = ("shared_runner_node_selector",)
    if "shared_runner_tolerations" in v:
        out.tolerations = v["shared_runner_tolerations"]
        paths["tolerations"] = ("shared_runner_tolerations",)
    return out


def _extra_lane(tfvars: Tfvars, key: str, spec: dict[str, Any]) -> Lane:
    base = ("extra_runner_sets", key)
    runner_type = spec.get("runner_type", "nix")
    main = _main_lane(tfvars, runner_type if runner_type in MAIN_LANES else "nix")
    paths: dict[str, TfvarsPath | None] = {"lane": base}
    out = Lane(
        key,
        str(runner_type),
        True,
        key,
        str(spec.get("runner_scale_set_name", key)),
        str(spec.get("runner_label", "")),
        spec.get("github_config_url"),
        spec.get("min_runners"),
        spec.get("max_runners"),
        tfvars=tfvars,
        paths=paths,
    )
    for name in (
        "runner_label",
        "github_config_url",
        "min_runners",
        "max_runners",
        "runner_scale_set_name",
        "runner_type",
    ):
        if name in spec:
            paths[name] = (*base, name)
    paths["label"] = paths.get("runner_label", base)
    paths["scale_set_name"] = paths.get("runner_scale_set_name", base)
    paths["release_name"] = base
    for res in RESOURCE_SETTINGS:
        if res in spec:
            out.resources[res], paths[res] = spec[res], (*base, res)
        elif res in main.resources:  # the lane type's own value applies
            out.resources[res], paths[res] = main.resources[res], main.paths[res]
    for name in CACHE_SETTINGS:
        if name in spec:
            out.cache[name], paths[name] = spec[name], (*base, name)
    out.node_selector, out.tolerations = main.node_selector, main.tolerations
    for name in ("node_selector", "tolerations"):
        if name in main.paths:
            paths[name] = main.paths[name]
    return out


def deployed_lanes(tfvars: Tfvars) -> Iterator[Lane]:
    """nix always; docker/dind when enabled; every extra_runner_sets entry."""
    for lane in MAIN_LANES:
        if lane == "nix" or setting(tfvars, f"deploy_{lane}_runner") is True:
            yield _main_lane(tfvars, lane)
    extra = tfvars.get("extra_runner_sets")
    if isinstance(extra, dict):
        for key, spec in extra.items():
            if isinstance(spec, dict):
                yield _extra_lane(tfvars, str(key), spec)
