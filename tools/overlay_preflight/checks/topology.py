"""Across overlays that share one cluster (substrate.cluster.name): one
controller owner that deploys it, every other overlay attached, and no
identity shared between owners. Each finding sits in the overlay holding the
conflict and names the other overlay; the controller owner is the reference.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .. import registry
from ..loaders.organization import Organization
from ..model.lanes import setting
from ..model.overlay import Overlay
from ..report import Finding, finding
from .controller import SWITCHES

CONCERN = "topology"
OWNER = registry.rule(
    "topology-controller-owner",
    registry.BLOCKER,
    "Overlays of one cluster do not agree on exactly one controller owner among them.",
    "Name the same substrate.cluster.arc_controller_owner in every overlay of the cluster, "
    "and include that owner's overlay.",
    concern=CONCERN,
)
CONTROLLER = registry.rule(
    "topology-controller-conflict",
    registry.BLOCKER,
    "On one cluster, an overlay other than the controller owner deploys the ARC controller "
    "or its namespaces, or the owner does not.",
    "Only the controller owner sets deploy_arc_controller / create_*_namespace true; every "
    "other overlay sets them false.",
    concern=CONCERN,
)
RELEASE_COLLISION = registry.rule(
    "topology-release-name-collision",
    registry.BLOCKER,
    "Two lanes on one cluster use the same Helm release name.",
    "Prefix every release name with its owner's slug.",
    concern=CONCERN,
)
SCALE_SET_COLLISION = registry.rule(
    "topology-scale-set-name-collision",
    registry.BLOCKER,
    "Two lanes on one cluster use the same runnerScaleSetName.",
    "Prefix every runnerScaleSetName with its owner's slug.",
    concern=CONCERN,
)
LABELS_DIFFER = registry.rule(
    "topology-shared-labels-differ",
    registry.BLOCKER,
    "An owner's runner_contract.shared_labels differs from the controller owner's set.",
    "Keep the same shared capability labels in every overlay of the cluster.",
    concern=CONCERN,
)
SECRET_SHARED = registry.rule(
    "topology-app-secret-shared",
    registry.BLOCKER,
    "Two owners on one cluster use the same owner.github_app_secret_name.",
    "Give each owner its own GitHub App secret (github-app-secret-<owner>).",
    concern=CONCERN,
)
STATE_KEY_SHARED = registry.rule(
    "topology-state-key-shared",
    registry.BLOCKER,
    "Two owners on one cluster use the same substrate.state_backend.key_prefix.",
    "Give each owner its own state key prefix (usually its overlay repository name).",
    concern=CONCERN,
)

RULES = (
    OWNER,
    CONTROLLER,
    RELEASE_COLLISION,
    SCALE_SET_COLLISION,
    LABELS_DIFFER,
    SECRET_SHARED,
    STATE_KEY_SHARED,
)


@dataclass
class Member:
    name: str  # how messages name the overlay: its root, relative to the current directory
    overlay: Overlay
    org: Organization

    def text(self, *path: str) -> str | None:
        return self.org.text(*path)

    @property
    def owns_controller(self) -> bool:
        return bool(self.org.owns_controller)


def clusters(members: Sequence[Member]) -> dict[str, list[Member]]:
    """Members by cluster name, the controller owner first, then in given order."""
    out: dict[str, list[Member]] = {}
    for m in members:
        name = m.text("substrate", "cluster", "name")
        if name:
            out.setdefault(name, []).append(m)
    return {k: sorted(v, key=lambda m: not m.owns_controller) for k, v in out.items()}


def _owner(cluster: str, group: list[Member]) -> Iterator[Finding]:
    path = ("substrate", "cluster", "arc_controller_owner")
    owners = [m for m in group if m.owns_controller]
    if not owners:
        for m in group:
            yield finding(
                OWNER,
                m.org.rel,
                m.org.line(*path),
                f"{m.name} names controller owner {m.text(*path)!r}, which is none "
                f"of the overlays given for cluster {cluster}",
            )
        return
    ref = owners[0]
    for m in group[1:]:
        if m.owns_controller:
            yield finding(
                OWNER,
                m.org.rel,
                m.org.line(*path),
                f"{m.name} and {ref.name} both claim the controller of cluster {cluster}",
            )
        elif (m.text(*path) or "").lower() != (ref.text(*path) or "").lower():
            yield finding(
                OWNER,
                m.org.rel,
                m.org.line(*path),
                f"{m.name} names controller owner {m.text(*path)!r}, but {ref.name} "
                f"owns the controller of cluster {cluster}",
            )


def _controller(cluster: str, group: list[Member]) -> Iterator[Finding]:
    if not group[0].owns_controller:
        return
    ref, others = group[0], group[1:]
    for m in group:
        for tfvars in m.overlay.tfvars:
            for switch in SWITCHES:
                value = setting(tfvars, switch)
                line = tfvars.line(switch) if switch in tfvars.values else None
                if m is ref and value is not True:
                    attached = ", ".join(o.name for o in others) or "no other overlay"
                    yield finding(
                        CONTROLLER,
                        tfvars.rel,
                        line,
                        f"{m.name} owns the controller of cluster {cluster} but "
                        f"{switch} is {value!r} (attached: {attached})",
                    )
                elif m is not ref and value is not False:
                    yield finding(
                        CONTROLLER,
                        tfvars.rel,
                        line,
                        f"{m.name} would deploy {switch} on cluster {cluster}, "
                        f"which {ref.name} owns",
                    )


def _identities(group: list[Member]) -> Iterator[Finding]:
    first: dict[tuple[str, str], tuple[tuple[int, str, str], str, bool]] = {}
    for m in group:
        for tfvars, lane in m.overlay.lanes:
            here, where = (id(m), tfvars.rel, lane.key), f"{m.name} lane {lane.key}"
            explicit = lane.paths.get("scale_set_name") != lane.paths.get("release_name")
            for rule, attr, name, own in (
                (RELEASE_COLLISION, "release_name", lane.release_name, True),
                (SCALE_SET_COLLISION, "scale_set_name", lane.scale_set_name, explicit),
            ):
                there, other, other_own = first.setdefault((rule.id, name), (here, where, own))
                # Two implicit scale-set names are one release collision, told once.
                if there != here and (own or other_own):
                    yield finding(
                        rule,
                        tfvars.rel,
                        lane.line(attr),
                        f"{attr.replace('_', ' ')} {name!r} of {where} is also used by {other}",
                    )


def _labels(group: list[Member]) -> Iterator[Finding]:
    path = ("runner_contract", "shared_labels")

    def labels(m: Member) -> set[str]:
        value = m.org.get(*path)
        return {str(v) for v in value} if isinstance(value, list) else set()

    ref = group[0]
    for m in group[1:]:
        missing, extra = labels(ref) - labels(m), labels(m) - labels(ref)
        if missing or extra:
            parts = ([f"lacks {', '.join(sorted(missing))}"] if missing else []) + (
                [f"adds {', '.join(sorted(extra))}"] if extra else []
            )
            yield finding(
                LABELS_DIFFER,
                m.org.rel,
                m.org.line(*path),
                f"{m.name} shared_labels {' and '.join(parts)} compared with {ref.name}",
            )


def _distinct(
    group: list[Member], rule: registry.Rule, path: tuple[str, ...], what: str
) -> Iterator[Finding]:
    first: dict[str, Member] = {}
    for m in group:
        value = m.text(*path)
        if not value:
            continue
        seen = first.setdefault(value.strip().strip("/"), m)
        if seen is not m:
            yield finding(
                rule,
                m.org.rel,
                m.org.line(*path),
                f"{m.name} uses the {what} {value!r} of {seen.name}",
            )


def check(members: Sequence[Member]) -> Iterator[Finding]:
    for cluster, group in clusters(members).items():
        yield from _owner(cluster, group)
        yield from _controller(cluster, group)
        yield from _identities(group)
        yield from _labels(group)
        yield from _distinct(
            group, SECRET_SHARED, ("owner", "github_app_secret_name"), "GitHub App secret"
        )
        yield from _distinct(
            group,
            STATE_KEY_SHARED,
            ("substrate", "state_backend", "key_prefix"),
            "state key prefix",
        )
