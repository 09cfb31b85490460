"""A plan changes exactly the reviewed scope (`plan --scope FILE`): every
resource change, and every root output change (unless policy leaves them
out), that is not a no-op must be allowed by an entry naming its address
and its actions; an entry that allows nothing in the plan is stale. Reads
`model.plan_review` with its `model.plan_scope`."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model.plan_review import Change, PlanReview, names
from ..report import Finding, finding

PLAN_OUT_OF_SCOPE = registry.rule(
    "plan-out-of-scope",
    registry.BLOCKER,
    "The plan makes a change that no entry of the reviewed scope allows.",
    "Apply only the reviewed change: fix the inputs so the plan holds nothing else, or "
    "review this change too and add an entry for its address and actions to the scope.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_SCOPE_STALE = registry.rule(
    "plan-scope-stale",
    registry.WARNING,
    "A scope entry allows nothing the plan does: the reviewed change is not in this plan.",
    "Check that this is the plan of the reviewed change; drop or correct the entry.",
    concern="plan",
)
RULES = (PLAN_OUT_OF_SCOPE, PLAN_SCOPE_STALE)


def _detail(change: Change) -> str:
    changed, unknown = change.attributes()
    parts = [f"changes {names(changed)}"] if changed else []
    if unknown:
        parts.append(f"known after apply: {names(unknown)}")
    if change.replace_paths:
        parts.append(f"forced by: {names(change.replace_paths)}")
    if change.reason:
        parts.append(f"reason: {change.reason}")
    return f" ({'; '.join(parts)})" if parts else ""


def check(review: PlanReview) -> Iterator[Finding]:
    scope = review.scope
    if scope is None or scope.problems:
        return  # no scope, or an invalid one (input-invalid says where)
    used: set[int] = set()
    for change in review.scoped:
        entry = scope.first_cover(change.address, change.words)
        if entry is not None:
            used.add(entry.index)
            continue
        if change.words == {"no-op"}:
            continue  # unchanged: nothing to allow
        words = ", ".join(sorted(change.words))
        near = [e for e in scope.named(change.address)]
        hint = f"; scope line {near[0].line} allows only {near[0].describe()}" if near else ""
        yield finding(
            PLAN_OUT_OF_SCOPE,
            review.plan.rel,
            change.line,
            f"{change.address} [{words}] is outside the scope{_detail(change)}{hint}",
            key=f"{change.address}|{words}",
        )
    for entry in scope.entries:
        if entry.index not in used:
            yield finding(
                PLAN_SCOPE_STALE,
                scope.rel,
                entry.line,
                f"scope entry {entry.describe()} matches no change in {review.plan.rel}",
                key=entry.describe(),
            )
