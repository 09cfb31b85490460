"""A plan is non-destructive before any apply: every resource change that
deletes (plainly or as a replacement, in either order) or forgets a resource
is a blocker unless the operator allowed that exact address with a reason.
Reads the plan as `model.plan_review` has it."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model.plan_review import DESTRUCTIVE, Change, PlanReview
from ..report import Finding, finding

PLAN_FORMAT = registry.rule(
    "plan-format-unsupported",
    registry.BLOCKER,
    "The file is not OpenTofu/Terraform plan JSON, or its format_version or an action "
    "is not one this tool understands.",
    "Pass the output of `tofu show -json <planfile>` (format_version 0.x or 1.x); a "
    "newer format needs a newer overlay-preflight.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_DELETES = registry.rule(
    "plan-deletes-resource",
    registry.BLOCKER,
    "The plan deletes or replaces a resource.",
    "Change the inputs so that nothing is destroyed, or, after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)
PLAN_FORGETS = registry.rule(
    "plan-forgets-resource",
    registry.BLOCKER,
    "The plan forgets a resource (OpenTofu drops it from state and leaves it running).",
    "Forgetting belongs in an operator migration step; after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address.",
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
}


def _destroys(review: PlanReview, change: Change) -> Finding:
    what = _DESCRIBE.get(
        change.actions,
        "forgotten (dropped from state, left running)" if change.kind == "forgets" else "deleted",
    )
    if change.entry.get("deposed"):
        what += " (a deposed object)"
    reason = change.entry.get("action_reason")
    if isinstance(reason, str) and reason.isidentifier():
        what += f"; reason: {reason}"
    return finding(
        PLAN_FORGETS if change.kind == "forgets" else PLAN_DELETES,
        review.plan.rel,
        change.line,
        f"{change.address} would be {what}",
        key=f"{change.address}|{','.join(change.actions)}",
    )


def check(review: PlanReview) -> Iterator[Finding]:
    rel = review.plan.rel
    if review.unreadable:
        yield finding(PLAN_FORMAT, rel, None, review.unreadable)
        return
    for bad in review.malformed:
        key = None if bad.index < 0 else (bad.address or f"{bad.key}[{bad.index}]")
        yield finding(PLAN_FORMAT, rel, bad.line, bad.why, key=key)
    used = set()
    for change in review.changes:
        if change.kind not in DESTRUCTIVE:
            continue
        if change.address in review.allows:
            used.add(change.address)
        else:
            yield _destroys(review, change)
    for change in review.drift:
        yield finding(
            PLAN_DRIFT,
            rel,
            change.line,
            f"{change.address} changed outside OpenTofu ({', '.join(change.actions)} to reconcile)",
            key=change.address,
        )
    for address in sorted(set(review.allows) - used):
        yield finding(
            PLAN_ALLOW_UNUSED,
            rel,
            None,
            f"--allow-destroy {address} matches nothing the plan deletes or forgets",
        )
