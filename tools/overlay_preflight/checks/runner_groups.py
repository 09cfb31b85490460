"""GitHub runner-group binding: no personal-account runner group; an
organization binds every tfvars to its declared group (`runner_group`, set,
never `default`, equal to runner_contract.runner_group.name) under the
estate's policy (`runner_group_policy`, data/taxonomy.yaml). Without a known
account kind, `default` is refused under an organization-restricted policy.
The organization.yaml side of the contract is `runner_group_contract`."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.organization import Organization
from ..loaders.tfvars import Tfvars
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..report import Finding, finding
from . import overlay_facts
from .runner_group_contract import INVALID, is_organization

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
POLICY = registry.rule(
    "runner-group-policy",
    registry.BLOCKER,
    "An organization's tfvars runner_group_policy is absent or not the estate's ruling "
    "(organization-restricted; the legacy-default roster has expired).",
    'Set runner_group_policy = "organization-restricted" beside runner_group.',
    concern=CONCERN,
)
MISMATCH = registry.rule(
    "runner-group-mismatch",
    registry.BLOCKER,
    "The tfvars runner_group differs from runner_contract.runner_group.name.",
    "Make both name the same runner group.",
    concern=CONCERN,
)

RULES = (PERSONAL, DEFAULT, POLICY, MISMATCH)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


def _restricted() -> str:
    """The policy under which the core refuses the `default` group."""
    return taxonomy_data.runner_group_rulings().policy


def _is_default(group: object) -> bool:
    return group is None or (isinstance(group, str) and group.strip().lower() == "default")


def _personal(ctx: Context, org: Organization) -> Iterator[Finding]:
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


def _policy(tfvars: Tfvars) -> Iterator[Finding]:
    """An organization's tfvars runs under the estate's runner_group_policy."""
    required = _restricted()
    policy, declared = tfvars.get("runner_group_policy"), "runner_group_policy" in tfvars.values
    if policy != required:
        shown = f"is {policy!r}" if declared else "is not set"
        # An absent policy is named where it belongs: beside runner_group.
        line = tfvars.line("runner_group_policy" if declared else "runner_group")
        yield finding(POLICY, tfvars.rel, line, f"runner_group_policy {shown}, not {required!r}")


def _binding(tfvars: Tfvars, contract: object, organization: bool) -> Iterator[Finding]:
    """The tfvars runner_group: set (organizations), a string, never default,
    the declared group."""
    group = tfvars.get("runner_group")
    restricted = tfvars.get("runner_group_policy") == _restricted()
    if group is not None and not isinstance(group, str):
        yield finding(
            INVALID, tfvars.rel, tfvars.line("runner_group"), "runner_group is not a string"
        )
    elif (organization or restricted) and _is_default(group):
        where = "runner_group" if group is not None else "runner_group_policy"
        shown = "is `default`" if group is not None else "is not set (so `default`)"
        why = "for an organization account" if organization else f"under {_restricted()}"
        line = tfvars.line(where) if where in tfvars.values else None
        yield finding(DEFAULT, tfvars.rel, line, f"runner_group {shown} {why}")
    elif group is not None and isinstance(contract, str) and group != contract:
        yield finding(
            MISMATCH,
            tfvars.rel,
            tfvars.line("runner_group"),
            f"runner_group {group!r} differs from runner_contract.runner_group.name {contract!r}",
        )


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    if org is not None and org.is_personal:
        yield from _personal(ctx, org)
        return
    organization = is_organization(org)
    contract = org.get("runner_contract", "runner_group", "name") if org else None
    if org is not None and contract is not None and _is_default(contract):
        yield finding(
            DEFAULT,
            org.rel,
            org.line("runner_contract", "runner_group", "name"),
            "runner_contract.runner_group.name is `default`, not an owner group",
        )
    for tfvars in ctx.overlay.tfvars:
        yield from _binding(tfvars, contract, organization)
        if organization:
            yield from _policy(tfvars)
    for tfvars, lane in overlay_facts.lanes(ctx):
        spec = overlay_facts.extra_spec(tfvars, lane)
        if (
            tfvars.get("runner_group_policy") == _restricted()
            and "runner_group" in spec
            and _is_default(spec["runner_group"])
        ):
            yield finding(
                DEFAULT,
                tfvars.rel,
                tfvars.line("extra_runner_sets", lane.key, "runner_group"),
                f"{overlay_facts.describe(lane)}.runner_group is `default` under "
                f"runner_group_policy = {_restricted()}",
            )
