"""GitHub runner-group admission: no personal-account runner group, never the
`default` group under an organization-restricted policy, and the tfvars and
organization.yaml naming the same group."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "runner-group"
PERSONAL = registry.rule(
    "personal-runner-group",
    registry.BLOCKER,
    "A personal account declares a runner group; personal accounts have none, and none may "
    "be described as existing.",
    "Remove runner_group (tfvars) and runner_contract.runner_group (organization.yaml).",
    concern=CONCERN,
)
DEFAULT = registry.rule(
    "runner-group-default",
    registry.BLOCKER,
    "A runner group resolves to `default` (an absent runner_group counts as default) where "
    "an owner group is required.",
    "Set runner_group to the owner's group (runner_contract.runner_group.name).",
    concern=CONCERN,
)
MISMATCH = registry.rule(
    "runner-group-mismatch",
    registry.BLOCKER,
    "The tfvars runner_group differs from runner_contract.runner_group.name.",
    "Make both name the same runner group.",
    concern=CONCERN,
)

RULES = (PERSONAL, DEFAULT, MISMATCH)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

RESTRICTED = "organization-restricted"


def _is_default(group: object) -> bool:
    return group is None or (isinstance(group, str) and group.strip().lower() == "default")


def _personal(ctx: Context, org) -> Iterator[Finding]:
    if org.get("runner_contract", "runner_group") is not None:
        yield finding(
            PERSONAL,
            org.rel,
            org.line("runner_contract", "runner_group"),
            "runner_contract.runner_group is declared for a personal account",
        )
    for tfvars in ctx.overlay.tfvars:
        if "runner_group" in tfvars.values:
            yield finding(
                PERSONAL,
                tfvars.rel,
                tfvars.line("runner_group"),
                "runner_group is set for a personal account",
            )
    for tfvars, lane in overlay_facts.lanes(ctx):
        if "runner_group" in overlay_facts.extra_spec(tfvars, lane):
            yield finding(
                PERSONAL,
                tfvars.rel,
                tfvars.line("extra_runner_sets", lane.key, "runner_group"),
                f"{overlay_facts.describe(lane)}.runner_group is set for a personal account",
            )


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    if org is not None and org.is_personal:
        yield from _personal(ctx, org)
        return
    contract = org.get("runner_contract", "runner_group", "name") if org else None
    if contract is not None and _is_default(contract):
        yield finding(
            DEFAULT,
            org.rel,
            org.line("runner_contract", "runner_group", "name"),
            "runner_contract.runner_group.name is `default`, not an owner group",
        )
    for tfvars in ctx.overlay.tfvars:
        group = tfvars.get("runner_group")
        if tfvars.get("runner_group_policy") == RESTRICTED and _is_default(group):
            where = "runner_group" if group is not None else "runner_group_policy"
            shown = "is `default`" if group is not None else "is not set (so `default`)"
            yield finding(
                DEFAULT,
                tfvars.rel,
                tfvars.line(where),
                f"runner_group {shown} under runner_group_policy = {RESTRICTED}",
            )
        elif group is not None and contract is not None and group != contract:
            yield finding(
                MISMATCH,
                tfvars.rel,
                tfvars.line("runner_group"),
                f"runner_group {group!r} differs from runner_contract.runner_group"
                f".name {contract!r}",
            )
    for tfvars, lane in overlay_facts.lanes(ctx):
        spec = overlay_facts.extra_spec(tfvars, lane)
        if (
            tfvars.get("runner_group_policy") == RESTRICTED
            and "runner_group" in spec
            and _is_default(spec["runner_group"])
        ):
            yield finding(
                DEFAULT,
                tfvars.rel,
                tfvars.line("extra_runner_sets", lane.key, "runner_group"),
                f"{overlay_facts.describe(lane)}.runner_group is `default` under "
                f"runner_group_policy = {RESTRICTED}",
            )
