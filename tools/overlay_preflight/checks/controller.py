"""The shared ARC controller: one owner overlay deploys it and the namespaces;
every other overlay attaches with all three switches explicitly false."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..model.lanes import setting
from ..report import Finding, finding

CONCERN = "controller"
NOT_ATTACHED = registry.rule(
    "controller-not-attached",
    registry.BLOCKER,
    "An overlay that does not own the shared ARC controller would deploy it or its "
    "namespaces (a switch is true, or absent so the core default true applies).",
    "Set deploy_arc_controller, create_controller_namespace and create_runner_namespace "
    "to false explicitly.",
    concern=CONCERN,
)
OWNER_NOT_DEPLOYING = registry.rule(
    "controller-owner-not-deploying",
    registry.BLOCKER,
    "The controller owner's overlay does not deploy the shared ARC controller or its namespaces.",
    "Keep deploy_arc_controller, create_controller_namespace and create_runner_namespace "
    "true in the owner's overlay (substrate.cluster.arc_controller_owner).",
    concern=CONCERN,
)
OWNER_UNDECLARED = registry.rule(
    "controller-owner-undeclared",
    registry.WARNING,
    "organization.yaml does not name substrate.cluster.arc_controller_owner, so whether "
    "this overlay must attach cannot be judged.",
    "Name the overlay repository that runs the shared controller (owner/repo).",
    concern=CONCERN,
)

RULES = (NOT_ATTACHED, OWNER_NOT_DEPLOYING, OWNER_UNDECLARED)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

SWITCHES = ("deploy_arc_controller", "create_controller_namespace", "create_runner_namespace")


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    if org is None:
        return
    owns = org.owns_controller
    if owns is None:
        yield finding(
            OWNER_UNDECLARED,
            org.rel,
            org.line("substrate", "cluster"),
            "substrate.cluster.arc_controller_owner is not set",
        )
        return
    owner = org.controller_owner
    for tfvars in ctx.overlay.tfvars:
        for name in SWITCHES:
            value = setting(tfvars, name)
            line = tfvars.line(name) if name in tfvars.values else None
            if owns and value is not True:
                yield finding(
                    OWNER_NOT_DEPLOYING,
                    tfvars.rel,
                    line,
                    f"{name} is {value!r}, but this overlay owns the shared controller",
                )
            elif not owns and value is not False:
                shown = (
                    f"is {value!r}"
                    if name in tfvars.values
                    else "is not set, so the core default true applies"
                )
                yield finding(
                    NOT_ATTACHED,
                    tfvars.rel,
                    line,
                    f"{name} {shown}; this overlay must attach to the shared controller of {owner}",
                )
