"""Cache wiring: every deployed lane reaches the Bazel cache, nix lanes the
Attic server, and every cache setting agrees with substrate.caches."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "cache"
MISSING = registry.rule(
    "cache-endpoint-missing",
    registry.BLOCKER,
    "A deployed lane has no bazel_cache_endpoint, or a nix lane no attic_server.",
    "Set the endpoint (top level for the main lanes, in the entry for extra_runner_sets) "
    "to the value in substrate.caches.",
    concern=CONCERN,
)
DRIFT = registry.rule(
    "cache-endpoint-drift",
    registry.BLOCKER,
    "A cache setting in the tfvars differs from substrate.caches in organization.yaml.",
    "Make the tfvars and substrate.caches agree; the substrate is shared by every owner.",
    concern=CONCERN,
)

RULES = (MISSING, DRIFT)
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


def _missing(ctx: Context) -> Iterator[Finding]:
    for tfvars, lane in overlay_facts.lanes(ctx):
        needed = ["bazel_cache_endpoint"] + (["attic_server"] if lane.runner_type == "nix" else [])
        for key in needed:
            if not lane.cache.get(key):
                yield finding(
                    MISSING,
                    tfvars.rel,
                    lane.line("lane"),
                    f"{overlay_facts.describe(lane)} has no {key}",
                )


def _settings(ctx: Context) -> Iterator[tuple]:
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
