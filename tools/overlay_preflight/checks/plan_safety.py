"""A plan is non-destructive before any apply: every resource change that
deletes (plainly or as a replacement, in either order) or forgets a resource
is a blocker unless the operator allowed that exact address with a reason,
or a reviewed scope entry names that action with a reason. What forces a
replacement (replace_paths, action_reason) is in the message. Reads the plan
as `model.plan_review` has it."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model.plan_review import DESTRUCTIVE, Change, PlanReview, names
from ..report import Finding, finding

PLAN_FORMAT = registry.rule(
    "plan-format-unsupported",
    registry.BLOCKER,
    "An entry of the plan (a resource change, drift entry or output change) has no "
    "address or actions, or an action this tool does not understand.",
    "Pass the unedited output of `tofu show -json <planfile>`; an action added by a "
    "newer OpenTofu needs a newer overlay-preflight.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_DELETES = registry.rule(
    "plan-deletes-resource",
    registry.BLOCKER,
    "The plan deletes or replaces a resource.",
    "Change the inputs so that nothing is destroyed, or, after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address (or name delete/replace "
    "with a reason in the --scope entry).",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_FORGETS = registry.rule(
    "plan-forgets-resource",
    registry.BLOCKER,
    "The plan forgets a resource (OpenTofu drops it from state and leaves it running).",
    "Forgetting belongs in an operator migration step; after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address (or name forget with a "
    "reason in the --scope entry).",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_DRIFT = registry.rule(
    "plan-resource-drift",
    registry.WARNING,
    "A resource changed outside OpenTofu since the last apply (resource_drift).",
    "Find out who changed it; apply only once the drift is understood.",
    concern="plan",
)
PLAN_ALLOW_UNUSED = registry.rule(
    "plan-allow-unused",
    registry.WARNING,
    "An --allow-destroy address matches nothing the plan deletes or forgets.",
    "Drop the stale --allow-destroy flag, or correct its address.",
    concern="plan",
)
RULES = (PLAN_FORMAT, PLAN_DELETES, PLAN_FORGETS, PLAN_DRIFT, PLAN_ALLOW_UNUSED)

_DESCRIBE = {
    ("delete",): "deleted",
    ("delete", "create"): "replaced (delete, then create)",
    ("create", "delete"): "replaced (create, then delete)",
    ("create", "forget"): "replaced (create, then forget the old object)",
}


def _destroys(review: PlanReview, change: Change) -> Finding:
    what = _DESCRIBE.get(
        change.actions,
        "forgotten (dropped from state, left running)" if change.kind == "forgets" else "deleted",
    )
    if change.deposed:
        what += " (a deposed object)"
    if change.reason:
        what += f"; reason: {change.reason}"
    if change.replace_paths:
        what += f"; forced by: {names(change.replace_paths)}"
    if review.scope is not None:
        unreasoned = [e for e in review.scope.named(change.address) if change.verb in e.actions]
        if unreasoned:
            what += f"; scope line {unreasoned[0].line} names {change.verb} without a reason"
    return finding(
        PLAN_FORGETS if change.kind == "forgets" else PLAN_DELETES,
        review.plan.rel,
        change.line,
        f"{change.address} would be {what}",
        key=f"{change.address}|{','.join(change.actions)}",
    )


def check(review: PlanReview) -> Iterator[Finding]:
    rel = review.plan.rel
    for bad in review.malformed:
        key = None if bad.index < 0 else (bad.address or f"{bad.key}[{bad.index}]")
        yield finding(PLAN_FORMAT, rel, bad.line, bad.why, key=key)
    for change in review.changes:
        if change.kind in DESTRUCTIVE and review.destroy_allowance(change) is None:
            yield _destroys(review, change)
    for change in review.drift:
        yield finding(
            PLAN_DRIFT,
            rel,
            change.line,
            f"{change.address} changed outside OpenTofu ({', '.join(change.actions)} to reconcile)",
            key=change.address,
        )
    used = {c.address for c in review.changes if c.kind in DESTRUCTIVE}
    for address in sorted(set(review.allows) - used):
        yield finding(
            PLAN_ALLOW_UNUSED,
            rel,
            None,
            f"--allow-destroy {address} matches nothing the plan deletes or forgets",
        )
