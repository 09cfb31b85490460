"""Known standalone compatibility lanes (data/taxonomy.yaml) are compatibility
debt: one warning each, never a label or identity violation."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import overlay_facts

COMPATIBILITY_LANE = registry.rule(
    "compatibility-lane",
    registry.WARNING,
    "A deployed lane is a known standalone compatibility lane: debt to retire, not product "
    "runner taxonomy.",
    "Move its consumers to a shared capability label and remove the lane; until then declare "
    "it with --expect-warning compatibility-lane.",
    concern="taxonomy",
)

RULES = (COMPATIBILITY_LANE,)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


def check(ctx: Context) -> Iterator[Finding]:
    for tfvars, lane in overlay_facts.lanes(ctx):
        known = overlay_facts.compatibility(lane)
        if known is not None:
            note = f" ({known.note})" if known.note else ""
            yield finding(
                COMPATIBILITY_LANE,
                tfvars.rel,
                lane.line("lane"),
                f"{overlay_facts.describe(lane)} is the compatibility lane {known.name}{note}",
            )
