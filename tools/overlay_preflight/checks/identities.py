"""Owner-distinct identities: Helm release names and runnerScaleSetName values
start with the owner's slug, are not the core defaults, and are never labels.

Names are registration identities on the shared cluster; labels are
capabilities. The controller owner may keep the core's default release names.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..model.lanes import CORE_DEFAULT_RELEASES
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "identity"
NOT_PREFIXED = registry.rule(
    "runner-name-not-owner-prefixed",
    registry.BLOCKER,
    "A Helm release name or runnerScaleSetName does not start with the owner's slug "
    "(lower case) and a dash.",
    "Name lanes <owner-slug>-<lane> (for example example-org-nix): they must not collide "
    "with another owner's on the shared cluster.",
    concern=CONCERN,
)
CORE_DEFAULT = registry.rule(
    "runner-name-core-default",
    registry.BLOCKER,
    "An overlay that does not own the shared controller uses a core default release name "
    "(gh-nix, gh-docker, gh-dind), which the controller owner's releases hold.",
    "Set {nix,docker,dind}_runner_name and _runner_scale_set_name to owner-distinct names.",
    concern=CONCERN,
)
NAME_IS_LABEL = registry.rule(
    "scale-set-name-is-label",
    registry.BLOCKER,
    "A runnerScaleSetName equals a workflow label: names are identities, labels are capabilities.",
    "Give the scale set an owner-distinct name (<owner-slug>-<lane>); keep the label as "
    "the lane's runner_label.",
    concern=CONCERN,
)

RULES = (NOT_PREFIXED, CORE_DEFAULT, NAME_IS_LABEL)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

_DEFAULTS = frozenset(CORE_DEFAULT_RELEASES.values())


def _is_label(name: str, labels: set[str]) -> bool:
    return name in labels or taxonomy_data.is_capability_label(name)


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    prefix, owns = overlay_facts.owner_prefix(org), (org.owns_controller if org else None)
    lanes = list(overlay_facts.lanes(ctx, product_only=True))
    labels = {lane.label for _, lane in lanes}
    for tfvars, lane in lanes:
        where = overlay_facts.describe(lane)
        # Unless set apart, the scale set takes the release name: one name, judged once.
        names = [("release name", "release_name", lane.release_name)]
        if lane.paths.get("scale_set_name") != lane.paths.get("release_name"):
            names.append(("runnerScaleSetName", "scale_set_name", lane.scale_set_name))
        for what, attr, name in names:
            line = lane.line(attr)
            names_scale_set = attr == "scale_set_name" or len(names) == 1
            if names_scale_set and _is_label(name, labels):
                yield finding(
                    NAME_IS_LABEL,
                    tfvars.rel,
                    line,
                    f"{where} runnerScaleSetName {name!r} is a workflow label",
                )
            elif name in _DEFAULTS:
                if owns is False:
                    yield finding(
                        CORE_DEFAULT, tfvars.rel, line, f"{where} {what} {name!r} is a core default"
                    )
            elif prefix and not name.startswith(prefix):
                yield finding(
                    NOT_PREFIXED,
                    tfvars.rel,
                    line,
                    f"{where} {what} {name!r} does not start with {prefix!r}",
                )
