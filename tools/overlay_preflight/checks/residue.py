"""Read-only ARC residue audit: the live scale sets against the overlays.

Inputs are what the operator captured; nothing here contacts a cluster. A live
scale set is matched to a declared lane by namespace and Helm release name
(the release annotation, else metadata.name), then by runnerScaleSetName.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import registry
from ..lanes import Lane, deployed_lanes, setting
from ..loaders.ars import LiveScaleSet
from ..loaders.helm import HelmRelease
from ..loaders.tfvars import Tfvars
from ..report import Finding, finding
from ..taxonomy_data import compatibility_lanes

UNDECLARED = registry.rule(
    "residue-undeclared-scale-set",
    registry.BLOCKER,
    "A live ARC scale set is declared by none of the given overlays (residue).",
    "Declare it in its owner's overlay, or remove it through that owner's migration "
    "step; pass every overlay that deploys to the cluster.",
    group="residue",
)
COMPATIBILITY = registry.rule(
    "residue-compatibility-lane",
    registry.WARNING,
    "A live scale set no overlay declares is a known compatibility lane: compatibility "
    "debt, not residue.",
    "Track its retirement; under --strict, accept it with --expect-warning "
    "residue-compatibility-lane.",
    group="residue",
)
ABSENT = registry.rule(
    "residue-declared-absent",
    registry.WARNING,
    "An overlay declares a scale set that is not live.",
    "Apply the overlay, or check that the snapshot was taken on the right cluster.",
    group="residue",
)
OWNER_MISMATCH = registry.rule(
    "residue-owner-mismatch",
    registry.BLOCKER,
    "A live scale set registers under a different runnerScaleSetName or githubConfigUrl "
    "than the overlay that declares it.",
    "Owner-distinct names are registration identities: reconcile the live release with "
    "its overlay (plan, then apply) before anything else.",
    group="residue",
)
NOT_HELM = registry.rule(
    "residue-not-helm-managed",
    registry.WARNING,
    "A live scale set is not managed by a Helm release (label, or no matching release).",
    "Adopt it into its overlay's state through an operator migration step, or remove it.",
    group="residue",
)
HELM_FAILED = registry.rule(
    "residue-helm-release-failed",
    registry.WARNING,
    "The Helm release of a live scale set is not in the deployed state.",
    "Inspect `helm history`; a failed release must be reconciled before the next apply.",
    group="residue",
)

RULES = (UNDECLARED, COMPATIBILITY, ABSENT, OWNER_MISMATCH, NOT_HELM, HELM_FAILED)


@dataclass(frozen=True)
class Declared:
    lane: Lane
    namespace: str
    tfvars: Tfvars


def declared(tfvars_files: list[Tfvars]) -> list[Declared]:
    return [
        Declared(lane, str(setting(t, "runner_namespace")), t)
        for t in tfvars_files
        for lane in deployed_lanes(t)
    ]


def _same_url(a: object, b: object) -> bool:
    if not isinstance(a, str) or not isinstance(b, str):
        return True  # an expression or an absent field: nothing to compare
    return a.rstrip("/").casefold() == b.rstrip("/").casefold()


def _owner(live: LiveScaleSet, d: Declared, rel: str) -> list[Finding]:
    out = []
    where = f"{live.namespace}/{live.name}"
    if live.scale_set_name and live.scale_set_name != d.lane.scale_set_name:
        out.append(
            finding(
                OWNER_MISMATCH,
                rel,
                live.line,
                f"{where} registers as {live.scale_set_name!r}; {d.tfvars.rel} "
                f"declares {d.lane.scale_set_name!r}",
                key=f"{where}|name",
            )
        )
    if not _same_url(live.github_config_url, d.lane.github_config_url):
        out.append(
            finding(
                OWNER_MISMATCH,
                rel,
                live.line,
                f"{where} registers at {live.github_config_url}; {d.tfvars.rel} "
                f"declares {d.lane.github_config_url}",
                key=f"{where}|url",
            )
        )
    return out


def _helm(live: LiveScaleSet, rel: str, releases: dict | None) -> list[Finding]:
    where = f"{live.namespace}/{live.name}"
    if live.managed_by != "Helm":
        return [
            finding(
                NOT_HELM,
                rel,
                live.line,
                f"{where} is not labelled app.kubernetes.io/managed-by: Helm",
            )
        ]
    if releases is None:
        return []
    release: HelmRelease | None = releases.get((live.namespace, live.release_name))
    if release is None:
        return [
            finding(
                NOT_HELM,
                rel,
                live.line,
                f"{where}: helm list has no release {live.release_name!r} in {live.namespace}",
            )
        ]
    if release.status != "deployed":
        return [
            finding(
                HELM_FAILED,
                rel,
                live.line,
                f"{where}: Helm release {release.name!r} is {release.status[:40]!r}",
                key=where,
            )
        ]
    return []


def audit(
    live: list[LiveScaleSet], live_rel: str, helm: list[HelmRelease] | None, lanes: list[Declared]
) -> tuple[list[Finding], list[tuple]]:
    """Findings, and one row per live scale set (namespace, name, scale set,
    declared by, status) for the report table."""
    by_release = {(d.namespace, d.lane.release_name): d for d in lanes}
    by_scale_set = {(d.namespace, d.lane.scale_set_name): d for d in lanes}
    releases = None if helm is None else {(r.namespace, r.name): r for r in helm}
    compat = {lane.name: lane.note for lane in compatibility_lanes()}
    findings: list[Finding] = []
    rows: list[tuple] = []
    matched: set[int] = set()
    for s in live:
        where = f"{s.namespace}/{s.name}"
        d = by_release.get((s.namespace, s.release_name)) or by_scale_set.get(
            (s.namespace, s.scale_set_name)
        )
        if d is not None:
            matched.add(id(d))
            owner = _owner(s, d, live_rel)
            findings += owner
            status, by = ("owner-mismatch" if owner else "declared"), d.tfvars.rel
        else:
            name = next(
                (n for n in (s.release_name, s.scale_set_name, s.name) if n in compat), None
            )
            by = "-"
            if name:
                status = "compatibility"
                findings.append(
                    finding(
                        COMPATIBILITY,
                        live_rel,
                        s.line,
                        f"{where} is the known compatibility lane {name}: {compat[name]}",
                    )
                )
            else:
                status = "residue"
                findings.append(
                    finding(
                        UNDECLARED,
                        live_rel,
                        s.line,
                        f"{where} (scale set {s.scale_set_name!r}) is declared "
                        "by none of the given overlays",
                    )
                )
        findings += _helm(s, live_rel, releases)
        rows.append((s.namespace, s.name, s.scale_set_name or "-", by, status))
    for d in lanes:
        if id(d) not in matched:
            findings.append(
                finding(
                    ABSENT,
                    d.tfvars.rel,
                    d.lane.line("release_name"),
                    f"{d.namespace}/{d.lane.release_name} is declared but not live",
                )
            )
    return findings, rows
