"""The Attic signing-key contract: a tfvars that points runners at an Attic
server also names the key they trust, and no file carries a key the estate
has retired (data/taxonomy.yaml `retired_attic_public_keys`), even when the
tfvars and organization.yaml agree. Agreement of the key with
substrate.caches is `cache-endpoint-drift` (lane_cache)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.tfvars import Tfvars
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "cache"
KEY_MISSING = registry.rule(
    "attic-public-key-missing",
    registry.BLOCKER,
    "A tfvars sets attic_server (top level or in an extra_runner_sets entry) but no "
    "attic_public_key, so runners cannot verify what the substituter serves.",
    "Set attic_public_key to substrate.caches.attic_public_key of organization.yaml.",
    concern=CONCERN,
)
KEY_RETIRED = registry.rule(
    "attic-key-retired",
    registry.BLOCKER,
    "An attic_public_key is a key the estate has retired (data/taxonomy.yaml), even if "
    "the tfvars and organization.yaml agree on it.",
    "Replace it with the current shared key in both the tfvars and substrate.caches.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)

RULES = (KEY_MISSING, KEY_RETIRED)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

SERVER, KEY = "attic_server", "attic_public_key"


def _settings(tfvars: Tfvars, name: str) -> Iterator[tuple[tuple[str, ...], object]]:
    """(path, value) of `name` at the top level and in every extra_runner_sets entry."""
    if name in tfvars.values:
        yield (name,), tfvars.values[name]
    sets = tfvars.get("extra_runner_sets")
    if isinstance(sets, dict):
        for key, spec in sets.items():
            if isinstance(spec, dict) and name in spec:
                yield ("extra_runner_sets", str(key), name), spec[name]


def _where(path: tuple[str, ...]) -> str:
    return path[0] if len(path) == 1 else f'extra_runner_sets["{path[1]}"].{path[2]}'


def check(ctx: Context) -> Iterator[Finding]:
    retired = taxonomy_data.retired_attic_public_keys()
    for tfvars in ctx.overlay.tfvars:
        servers = [(p, v) for p, v in _settings(tfvars, SERVER) if v]
        keys = [(p, v) for p, v in _settings(tfvars, KEY) if v]
        if servers and not keys:
            path = servers[0][0]
            yield finding(
                KEY_MISSING,
                tfvars.rel,
                tfvars.line(*path),
                f"{_where(path)} is set but the tfvars names no attic_public_key",
            )
        for path, value in keys:
            if isinstance(value, str) and value.strip() in retired:
                yield finding(
                    KEY_RETIRED, tfvars.rel, tfvars.line(*path), f"{_where(path)} is a retired key"
                )
    org = ctx.overlay.organization
    declared = org.text("substrate", "caches", KEY) if org else None
    if org is not None and declared is not None and declared.strip() in retired:
        yield finding(
            KEY_RETIRED,
            org.rel,
            org.line("substrate", "caches", KEY),
            f"substrate.caches.{KEY} is a retired key",
        )
