"""The runner-group admission contract an organization declares in
organization.yaml `runner_contract.runner_group`: which repositories may be
assigned work from its scale sets. Registration is not admission: org-scoped
registration reaches every repository of the org, the roster decides.

The block is declared, `visibility` is the estate's ruling (`selected`, the
only one that enforces the roster), `restricted_to_workflows` is the ruling
(false: workflow-ref filtering is no substitute for the roster),
`allows_public_repositories` is a boolean, `selected_repository_ids` a
non-empty list of unique repository ids, and admitting the overlay's own
repository (owner.repository_id) is recorded in a ruling field. The rulings
are data (data/taxonomy.yaml `runner_group`). Personal accounts have no
runner groups (`runner_groups`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import registry
from ..loaders.organization import Organization
from ..loaders.yamlfile import line_at
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "runner-group"
INVALID = registry.rule(
    "runner-group-contract-invalid",
    registry.BLOCKER,
    "An organization's runner-group contract is missing or malformed: no "
    "runner_contract.runner_group block, a field of it absent or of the wrong type, or a "
    "tfvars runner_group that is not a string.",
    "Declare runner_contract.runner_group with name, visibility, allows_public_repositories "
    "(true/false), restricted_to_workflows (true/false) and selected_repository_ids.",
    concern=CONCERN,
)
VISIBILITY = registry.rule(
    "runner-group-visibility",
    registry.BLOCKER,
    "runner_contract.runner_group.visibility is not the estate's ruling (selected): only a "
    "selected-repository group enforces the roster.",
    "Set visibility: selected and list the admitted repositories in selected_repository_ids.",
    concern=CONCERN,
)
WORKFLOW_RESTRICTED = registry.rule(
    "runner-group-workflow-restricted",
    registry.BLOCKER,
    "runner_contract.runner_group.restricted_to_workflows differs from the estate's ruling "
    "(false): workflow-ref filtering is a different control, no substitute for the roster.",
    "Set restricted_to_workflows: false; admission is the selected-repository roster.",
    concern=CONCERN,
)
ROSTER_INVALID = registry.rule(
    "runner-group-roster-invalid",
    registry.BLOCKER,
    "runner_contract.runner_group.selected_repository_ids is absent, empty (a group that "
    "admits nobody), holds something else than repository ids, or repeats an id.",
    "List each admitted repository's numeric GitHub id once.",
    concern=CONCERN,
)
ADMITS_OVERLAY = registry.rule(
    "runner-group-admits-overlay",
    registry.BLOCKER,
    "The roster admits the overlay's own repository (owner.repository_id) without a "
    "recorded ruling field.",
    "Record the decision in the runner_group ruling field (data/taxonomy.yaml "
    "runner_group.ruling_field, e.g. infra_repo_admission_ruling: <ticket-date>), or "
    "remove the id from selected_repository_ids.",
    concern=CONCERN,
)

RULES = (INVALID, VISIBILITY, WORKFLOW_RESTRICTED, ROSTER_INVALID, ADMITS_OVERLAY)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

BLOCK = ("runner_contract", "runner_group")


def is_organization(org: Organization | None) -> bool:
    """An organization account: the one kind that has runner groups."""
    return org is not None and org.get("owner", "account_kind") == "organization"


def _repository_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _roster(org: Organization, block: dict[str, Any]) -> Iterator[Finding]:
    path = (*BLOCK, "selected_repository_ids")
    ids = block.get("selected_repository_ids")
    line = org.line(*path)
    if not isinstance(ids, list):
        shown = "is not declared" if ids is None else "is not a list"
        message = f"runner_group.selected_repository_ids {shown}"
        yield finding(ROSTER_INVALID, org.rel, line, message)
        return
    if not ids:
        yield finding(
            ROSTER_INVALID, org.rel, line, "runner_group.selected_repository_ids is empty"
        )
    seen: set[int] = set()
    for index, value in enumerate(ids):
        at = line_at(org.data, [*path, index])
        if not _repository_id(value):
            yield finding(
                ROSTER_INVALID,
                org.rel,
                at,
                f"selected_repository_ids[{index}] is not a numeric repository id",
                key=f"{str(value)[:80]!r} is not a numeric repository id",
            )
        elif value in seen:
            yield finding(
                ROSTER_INVALID, org.rel, at, f"selected_repository_ids repeats id {value}"
            )
        else:
            seen.add(value)
    own = org.get("owner", "repository_id")
    field = taxonomy_data.runner_group_rulings().ruling_field
    ruling = block.get(field)
    if _repository_id(own) and own in ids and not (isinstance(ruling, str) and ruling.strip()):
        yield finding(
            ADMITS_OVERLAY,
            org.rel,
            line_at(org.data, [*path, ids.index(own)]),
            f"the roster admits this overlay's own repository (id {own}) without "
            f"runner_group.{field}",
        )


def _declared(org: Organization, block: dict[str, Any]) -> Iterator[Finding]:
    rulings = taxonomy_data.runner_group_rulings()
    for name in ("name", "visibility"):
        value = block.get(name)
        if not (isinstance(value, str) and value.strip()):
            shown = "is not declared" if name not in block else "is not a non-empty string"
            yield finding(INVALID, org.rel, org.line(*BLOCK, name), f"runner_group.{name} {shown}")
    for name in ("allows_public_repositories", "restricted_to_workflows"):
        if not isinstance(block.get(name), bool):
            shown = "is not declared" if name not in block else "is not a YAML boolean"
            yield finding(INVALID, org.rel, org.line(*BLOCK, name), f"runner_group.{name} {shown}")
    visibility = block.get("visibility")
    if isinstance(visibility, str) and visibility.strip() and visibility != rulings.visibility:
        yield finding(
            VISIBILITY,
            org.rel,
            org.line(*BLOCK, "visibility"),
            f"runner_group.visibility is {visibility!r}, not {rulings.visibility!r}",
        )
    restricted = block.get("restricted_to_workflows")
    if isinstance(restricted, bool) and restricted != rulings.restricted_to_workflows:
        yield finding(
            WORKFLOW_RESTRICTED,
            org.rel,
            org.line(*BLOCK, "restricted_to_workflows"),
            f"runner_group.restricted_to_workflows is {str(restricted).lower()}, not "
            f"{str(rulings.restricted_to_workflows).lower()}",
        )


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    if org is None or not is_organization(org):
        return
    block = org.get(*BLOCK)
    if not isinstance(block, dict):
        shown = "is not declared" if block is None else "is not a mapping"
        yield finding(
            INVALID,
            org.rel,
            org.line(*BLOCK) if block is not None else org.line("runner_contract"),
            f"runner_contract.runner_group {shown} for an organization account",
        )
        return
    yield from _declared(org, block)
    yield from _roster(org, block)
