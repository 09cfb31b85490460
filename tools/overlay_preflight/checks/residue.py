"""Read-only ARC residue audit: the live scale sets against the overlays
(`model.residue` matches them). Inputs are what the operator captured;
nothing here contacts a cluster."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.ars import LiveScaleSet
from ..loaders.helm import HelmRelease
from ..model.residue import Audit, Live
from ..report import Finding, finding

UNDECLARED = registry.rule(
    "residue-undeclared-scale-set",
    registry.BLOCKER,
    "A live ARC scale set is declared by none of the given overlays (residue).",
    "Declare it in its owner's overlay, or remove it through that owner's migration "
    "step; pass every overlay that deploys to the cluster.",
    concern="residue",
)
COMPATIBILITY = registry.rule(
    "residue-compatibility-lane",
    registry.WARNING,
    "A live scale set no overlay declares is a known compatibility lane: compatibility "
    "debt, not residue.",
    "Track its retirement; under --strict, accept it with --expect-warning "
    "residue-compatibility-lane.",
    concern="residue",
)
ABSENT = registry.rule(
    "residue-declared-absent",
    registry.WARNING,
    "An overlay declares a scale set that is not live.",
    "Apply the overlay, or check that the snapshot was taken on the right cluster.",
    concern="residue",
)
OWNER_MISMATCH = registry.rule(
    "residue-owner-mismatch",
    registry.BLOCKER,
    "A live scale set registers under a different runnerScaleSetName or githubConfigUrl "
    "than the overlay that declares it.",
    "Owner-distinct names are registration identities: reconcile the live release with "
    "its overlay (plan, then apply) before anything else.",
    concern="residue",
)
NOT_HELM = registry.rule(
    "residue-not-helm-managed",
    registry.WARNING,
    "A live scale set is not managed by a Helm release (label, or no matching release).",
    "Adopt it into its overlay's state through an operator migration step, or remove it.",
    concern="residue",
)
HELM_FAILED = registry.rule(
    "residue-helm-release-failed",
    registry.WARNING,
    "The Helm release of a live scale set is not in the deployed state.",
    "Inspect `helm history`; a failed release must be reconciled before the next apply.",
    concern="residue",
)

RULES = (UNDECLARED, COMPATIBILITY, ABSENT, OWNER_MISMATCH, NOT_HELM, HELM_FAILED)


def _owner(live: Live, rel: str) -> Iterator[Finding]:
    s, d = live.scale_set, live.declared
    assert d is not None
    where = f"{s.namespace}/{s.name}"
    if "name" in live.mismatches:
        yield finding(
            OWNER_MISMATCH,
            rel,
            s.line,
            f"{where} registers as {s.scale_set_name!r}; {d.tfvars.rel} "
            f"declares {d.lane.scale_set_name!r}",
            key=f"{where}|name",
        )
    if "url" in live.mismatches:
        yield finding(
            OWNER_MISMATCH,
            rel,
            s.line,
            f"{where} registers at {s.github_config_url}; {d.tfvars.rel} "
            f"declares {d.lane.github_config_url}",
            key=f"{where}|url",
        )


def _helm(
    live: LiveScaleSet, rel: str, releases: dict[tuple[str, str], HelmRelease] | None
) -> Iterator[Finding]:
    where = f"{live.namespace}/{live.name}"
    if live.managed_by != "Helm":
        yield finding(
            NOT_HELM, rel, live.line, f"{where} is not labelled app.kubernetes.io/managed-by: Helm"
        )
        return
    if releases is None:
        return
    release: HelmRelease | None = releases.get((live.namespace, live.release_name))
    if release is None:
        yield finding(
            NOT_HELM,
            rel,
            live.line,
            f"{where}: helm list has no release {live.release_name!r} in {live.namespace}",
        )
    elif release.status != "deployed":
        yield finding(
            HELM_FAILED,
            rel,
            live.line,
            f"{where}: Helm release {release.name!r} is {release.status[:40]!r}",
            key=where,
        )


def check(audit: Audit) -> Iterator[Finding]:
    rel = audit.live_rel
    for live in audit.live:
        s = live.scale_set
        where = f"{s.namespace}/{s.name}"
        if live.declared is not None:
            yield from _owner(live, rel)
        elif live.compatibility:
            name, note = live.compatibility
            yield finding(
                COMPATIBILITY,
                rel,
                s.line,
                f"{where} is the known compatibility lane {name}: {note}",
            )
        else:
            yield finding(
                UNDECLARED,
                rel,
                s.line,
                f"{where} (scale set {s.scale_set_name!r}) is declared "
                "by none of the given overlays",
            )
        yield from _helm(s, rel, audit.releases)
    for d in audit.absent:
        yield finding(
            ABSENT,
            d.tfvars.rel,
            d.lane.line("release_name"),
            f"{d.namespace}/{d.lane.release_name} is declared but not live",
        )
