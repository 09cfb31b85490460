"""Cache wiring of the lanes (RBE wiring) and its agreement with substrate.caches.

Each extra_runner_sets entry is wired on its own: a nix, docker or dind entry
(runner_type defaults to nix, as in the core) needs bazel_cache_endpoint, and a
nix entry attic_server, unless its key is cache-exempt (data/taxonomy.yaml
`cache_exempt_lanes` plus the overlay's policy.cache_exempt_lanes). An executor
needs a cache everywhere, exempt or not. The top-level (main-lane) endpoints
are optional, the core's defaults apply; every cache setting that is written
must agree with substrate.caches.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.tfvars import Tfvars
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..model.lanes import MAIN_LANES
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "cache"
MISSING = registry.rule(
    "cache-endpoint-missing",
    registry.BLOCKER,
    "An extra_runner_sets entry (nix, docker or dind) has no bazel_cache_endpoint, or a "
    "nix entry no attic_server, and its key is not cache-exempt: it gets no cache at all.",
    "Set the endpoint in the entry to the value in substrate.caches, or list the key in "
    ".overlay-preflight.yaml policy.cache_exempt_lanes when the lane runs no Bazel.",
    concern=CONCERN,
)
EXECUTOR_WITHOUT_CACHE = registry.rule(
    "executor-without-cache",
    registry.BLOCKER,
    "bazel_executor_endpoint is set without bazel_cache_endpoint (top level or in an "
    "extra_runner_sets entry, exempt or not): executor-backed mode needs a remote cache.",
    "Set bazel_cache_endpoint beside the executor, or drop the executor.",
    concern=CONCERN,
)
DRIFT = registry.rule(
    "cache-endpoint-drift",
    registry.BLOCKER,
    "A cache setting in the tfvars differs from substrate.caches in organization.yaml.",
    "Make the tfvars and substrate.caches agree; the substrate is shared by every owner.",
    concern=CONCERN,
)

RULES = (MISSING, EXECUTOR_WITHOUT_CACHE, DRIFT)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

# Settings compared with substrate.caches; values of PUBLIC_KEYS are not echoed.
COMPARED = (
    "attic_server",
    "attic_cache",
    "attic_public_key",
    "bazel_cache_endpoint",
    "bazel_executor_endpoint",
)
PUBLIC_KEYS = ("attic_public_key",)


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.strip().rstrip("/") == b.strip().rstrip("/")
    return a == b


def _exempt(ctx: Context) -> frozenset[str]:
    return taxonomy_data.cache_exempt_lanes() | frozenset(ctx.policy.cache_exempt_lanes)


def _executors(ctx: Context) -> Iterator[Finding]:
    for tfvars in ctx.overlay.tfvars:
        if tfvars.get("bazel_executor_endpoint") and not tfvars.get("bazel_cache_endpoint"):
            yield finding(
                EXECUTOR_WITHOUT_CACHE,
                tfvars.rel,
                tfvars.line("bazel_executor_endpoint"),
                "bazel_executor_endpoint is set but bazel_cache_endpoint is not",
            )
    for tfvars, lane in overlay_facts.lanes(ctx):
        cache = lane.cache
        if (
            lane.extra
            and cache.get("bazel_executor_endpoint")
            and not cache.get("bazel_cache_endpoint")
        ):
            yield finding(
                EXECUTOR_WITHOUT_CACHE,
                tfvars.rel,
                lane.line("bazel_executor_endpoint"),
                f"{overlay_facts.describe(lane)} sets bazel_executor_endpoint but no "
                "bazel_cache_endpoint",
            )


def _missing(ctx: Context) -> Iterator[Finding]:
    exempt = _exempt(ctx)
    for tfvars, lane in overlay_facts.lanes(ctx):
        if not lane.extra or lane.key in exempt or lane.runner_type not in MAIN_LANES:
            continue
        needed = ["bazel_cache_endpoint"] + (["attic_server"] if lane.runner_type == "nix" else [])
        kind = lane.runner_type if "runner_type" in lane.paths else "nix by default"
        for key in needed:
            if not lane.cache.get(key):
                yield finding(
                    MISSING,
                    tfvars.rel,
                    lane.line("lane"),
                    f"{overlay_facts.describe(lane)} ({kind}) has no {key}",
                )


def _settings(ctx: Context) -> Iterator[tuple[Tfvars, tuple[str, ...], str, object]]:
    """(tfvars, path, key, value) of every cache setting, each once."""
    for tfvars in ctx.overlay.tfvars:
        for key in COMPARED:
            if key in tfvars.values:
                yield tfvars, (key,), key, tfvars.values[key]
    for tfvars, lane in overlay_facts.lanes(ctx):
        spec = overlay_facts.extra_spec(tfvars, lane)
        for key in COMPARED:
            if key in spec:
                yield tfvars, ("extra_runner_sets", lane.key, key), key, spec[key]


def check(ctx: Context) -> Iterator[Finding]:
    yield from _missing(ctx)
    yield from _executors(ctx)
    org = ctx.overlay.organization
    caches = org.get("substrate", "caches") if org else None
    if not isinstance(caches, dict):
        return
    for tfvars, path, key, value in _settings(ctx):
        if key not in caches or _same(value, caches[key]):
            continue
        where = key if len(path) == 1 else f'extra_runner_sets["{path[1]}"].{key}'
        shown = "" if key in PUBLIC_KEYS else f" {value!r}"
        expected = "" if key in PUBLIC_KEYS else f" {caches[key]!r}"
        yield finding(
            DRIFT,
            tfvars.rel,
            tfvars.line(*path),
            f"{where}{shown} differs from substrate.caches.{key}{expected}",
        )
