"""A plan is non-destructive before any apply; reusable stacks carry no
one-off state migrations.

`check_plan` reads `tofu show -json` output: every resource change that
deletes (plainly or as a replacement, in either order) or forgets a resource
is a blocker unless the operator allowed that exact address with a reason.
`check_stack` reads a reusable stack's sources: `import` and `removed` blocks
belong in operator migration steps, never in the stack every owner applies.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import registry
from ..loaders.jsonfile import LineDict, LineList
from ..loaders.plan import PlanFile
from ..loaders.stack import Block
from ..report import Finding, finding

PLAN_FORMAT = registry.rule(
    "plan-format-unsupported",
    registry.BLOCKER,
    "The file is not OpenTofu/Terraform plan JSON, or its format_version or an action "
    "is not one this tool understands.",
    "Pass the output of `tofu show -json <planfile>` (format_version 0.x or 1.x); a "
    "newer format needs a newer overlay-preflight.",
    group="plan",
    suppressible=False,
)
PLAN_DELETES = registry.rule(
    "plan-deletes-resource",
    registry.BLOCKER,
    "The plan deletes or replaces a resource.",
    "Change the inputs so that nothing is destroyed, or, after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address.",
    group="plan",
    suppressible=False,
)
PLAN_FORGETS = registry.rule(
    "plan-forgets-resource",
    registry.BLOCKER,
    "The plan forgets a resource (OpenTofu drops it from state and leaves it running).",
    "Forgetting belongs in an operator migration step; after review, pass "
    "--allow-destroy ADDRESS=REASON for that exact address.",
    group="plan",
    suppressible=False,
)
PLAN_DRIFT = registry.rule(
    "plan-resource-drift",
    registry.WARNING,
    "A resource changed outside OpenTofu since the last apply (resource_drift).",
    "Find out who changed it; apply only once the drift is understood.",
    group="plan",
)
PLAN_ALLOW_UNUSED = registry.rule(
    "plan-allow-unused",
    registry.WARNING,
    "An --allow-destroy address matches nothing the plan deletes or forgets.",
    "Drop the stale --allow-destroy flag, or correct its address.",
    group="plan",
)
STACK_MIGRATION = registry.rule(
    "stack-migration-block",
    registry.BLOCKER,
    "A reusable stack holds an `import` or `removed` block.",
    "One-off imports stay in operator migration steps: each owner overlay may use "
    "distinct release keys. Move the block out of the stack.",
    group="plan",
    suppressible=False,
)

RULES = (PLAN_FORMAT, PLAN_DELETES, PLAN_FORGETS, PLAN_DRIFT, PLAN_ALLOW_UNUSED)
STACK_RULES = (STACK_MIGRATION,)

COUNTS = ("creates", "updates", "replaces", "deletes", "forgets", "no-ops", "reads")
ACTIONS = {"no-op", "create", "read", "update", "delete", "forget"}
SUPPORTED_MAJORS = ("0", "1")
_DESCRIBE = {
    ("delete",): "deleted",
    ("delete", "create"): "replaced (delete, then create)",
    ("create", "delete"): "replaced (create, then delete)",
}


@dataclass
class PlanResult:
    findings: list[Finding] = field(default_factory=list)
    counts: dict = field(default_factory=lambda: dict.fromkeys(COUNTS, 0))
    allowed: list[tuple[str, str]] = field(default_factory=list)  # (address, reason)
    drift: int = 0
    readable: bool = True  # False: not a plan this tool reads, no figures


def kind_of(actions: tuple[str, ...]) -> str:
    """One of COUNTS for a (known) action list."""
    if "delete" in actions:
        return "replaces" if "create" in actions else "deletes"
    if "forget" in actions:
        return "forgets"
    for action, kind in (("create", "creates"), ("update", "updates"), ("read", "reads")):
        if action in actions:
            return kind
    return "no-ops"


def _plan_shape(plan: PlanFile) -> str | None:
    """Why the file is not a plan this tool reads, or None."""
    data = plan.data
    if not isinstance(data, dict):
        return f"top level is a JSON {type(data).__name__}, not a plan object"
    version = data.get("format_version")
    if not isinstance(version, str):
        return "no format_version: this is not `tofu show -json <planfile>` output"
    if version.split(".")[0] not in SUPPORTED_MAJORS:
        return f"format_version {version[:20]!r} is not supported (0.x or 1.x)"
    if "planned_values" not in data and "resource_changes" not in data:
        kind = "a state snapshot" if "values" in data else "not a plan"
        return f"{kind}: no planned_values or resource_changes"
    return None


def _actions(entry) -> tuple[str, ...] | None:
    change = entry.get("change") if isinstance(entry, dict) else None
    actions = change.get("actions") if isinstance(change, dict) else None
    if not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
        return None
    return tuple(actions)


def _entries(plan: PlanFile, key: str, result: PlanResult):
    """(address, actions, line, entry) of each well-formed entry of `key`."""
    entries = plan.data.get(key)
    if entries is None:
        return
    if not isinstance(entries, LineList):
        result.findings.append(
            finding(PLAN_FORMAT, plan.rel, plan.data.line_of(key), f"{key} is not a list")
        )
        return
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        actions = _actions(entry)
        address = entry.get("address") if isinstance(entry, LineDict) else None
        if actions is None or not isinstance(address, str):
            result.findings.append(
                finding(
                    PLAN_FORMAT,
                    plan.rel,
                    line,
                    f"{key} entry {index} has no address or change.actions",
                    key=f"{key}[{index}]",
                )
            )
            continue
        unknown = [a for a in actions if a not in ACTIONS]
        if unknown:
            result.findings.append(
                finding(
                    PLAN_FORMAT,
                    plan.rel,
                    line,
                    f"{address}: unknown action {unknown[0][:40]!r}",
                    key=address,
                )
            )
            continue
        yield address, actions, line, entry


def check_plan(plan: PlanFile, allows: dict[str, str]) -> PlanResult:
    result = PlanResult()
    problem = _plan_shape(plan)
    if problem:
        result.findings.append(finding(PLAN_FORMAT, plan.rel, None, problem))
        result.readable = False
        return result
    used: set[str] = set()
    for address, actions, line, entry in _entries(plan, "resource_changes", result):
        kind = kind_of(actions)
        result.counts[kind] += 1
        if kind not in ("replaces", "deletes", "forgets"):
            continue
        if address in allows:
            used.add(address)
            result.allowed.append((address, allows[address]))
            continue
        what = _DESCRIBE.get(
            actions,
            "forgotten (dropped from state, left running)" if kind == "forgets" else "deleted",
        )
        if entry.get("deposed"):
            what += " (a deposed object)"
        reason = entry.get("action_reason")
        if isinstance(reason, str) and reason.isidentifier():
            what += f"; reason: {reason}"
        rule = PLAN_FORGETS if kind == "forgets" else PLAN_DELETES
        result.findings.append(
            finding(
                rule,
                plan.rel,
                line,
                f"{address} would be {what}",
                key=f"{address}|{','.join(actions)}",
            )
        )
    for address, actions, line, _entry in _entries(plan, "resource_drift", result):
        result.drift += 1
        result.findings.append(
            finding(
                PLAN_DRIFT,
                plan.rel,
                line,
                f"{address} changed outside OpenTofu ({', '.join(actions)} to reconcile)",
                key=address,
            )
        )
    for address in sorted(set(allows) - used):
        result.findings.append(
            finding(
                PLAN_ALLOW_UNUSED,
                plan.rel,
                None,
                f"--allow-destroy {address} matches nothing the plan deletes or forgets",
            )
        )
    return result


def check_stack(rel: str, blocks: list[Block]) -> list[Finding]:
    out = []
    for block in blocks:
        if block.type in ("import", "removed"):
            out.append(
                finding(
                    STACK_MIGRATION,
                    rel,
                    block.line,
                    f"`{block.type}` block in a reusable stack: one-off imports stay in "
                    "operator migration steps",
                    key=block.type,
                )
            )
    return out
