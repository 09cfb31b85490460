"""The live ARC scale sets matched to the lanes the overlays declare.

A live scale set is matched to a declared lane by namespace and Helm release
name (the release annotation, else metadata.name), then by
runnerScaleSetName; an unmatched one may be a known compatibility lane.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..loaders.ars import LiveScaleSet
from ..loaders.helm import HelmRelease
from ..loaders.tfvars import Tfvars
from .lanes import Lane, setting
from .taxonomy_data import compatibility_lanes


@dataclass(frozen=True)
class Declared:
    lane: Lane
    namespace: str
    tfvars: Tfvars


@dataclass(frozen=True)
class Live:
    """One live scale set and what it was matched to."""

    scale_set: LiveScaleSet
    declared: Declared | None
    compatibility: tuple[str, str] | None  # (lane name, note) when a known compatibility lane
    mismatches: tuple[str, ...]  # "name" / "url": registration fields that differ

    @property
    def status(self) -> str:
        if self.declared is not None:
            return "owner-mismatch" if self.mismatches else "declared"
        return "compatibility" if self.compatibility else "residue"


@dataclass
class Audit:
    live_rel: str
    live: list[Live] = field(default_factory=list)
    absent: list[Declared] = field(default_factory=list)  # declared, not live
    releases: dict[tuple[str, str], HelmRelease] | None = None  # None: no helm capture


def declared(lanes: list[tuple[Tfvars, Lane]]) -> list[Declared]:
    return [Declared(lane, str(setting(t, "runner_namespace")), t) for t, lane in lanes]


def _same_url(a: object, b: object) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return True  # an expression or an absent field: nothing to compare
    return a.rstrip("/").casefold() == b.rstrip("/").casefold()


def _mismatches(s: LiveScaleSet, d: Declared) -> tuple[str, ...]:
    out = []
    if s.scale_set_name and s.scale_set_name != d.lane.scale_set_name:
        out.append("name")
    if not _same_url(s.github_config_url, d.lane.github_config_url):
        out.append("url")
    return tuple(out)


def audit(
    live: list[LiveScaleSet], live_rel: str, helm: list[HelmRelease] | None, lanes: list[Declared]
) -> Audit:
    by_release = {(d.namespace, d.lane.release_name): d for d in lanes}
    # Looked up with the live scale set's name, which may be unset (None).
    by_scale_set: dict[tuple[str, str | None], Declared] = {
        (d.namespace, d.lane.scale_set_name): d for d in lanes
    }
    compat = {lane.name: lane.note for lane in compatibility_lanes()}
    out = Audit(live_rel)
    if helm is not None:
        out.releases = {(r.namespace, r.name): r for r in helm}
    matched: set[int] = set()
    for s in live:
        d = by_release.get((s.namespace, s.release_name)) or by_scale_set.get(
            (s.namespace, s.scale_set_name)
        )
        if d is not None:
            matched.add(id(d))
            out.live.append(Live(s, d, None, _mismatches(s, d)))
            continue
        name = next((n for n in (s.release_name, s.scale_set_name, s.name) if n in compat), None)
        out.live.append(Live(s, None, (name, compat[name]) if name else None, ()))
    out.absent = [d for d in lanes if id(d) not in matched]
    return out
