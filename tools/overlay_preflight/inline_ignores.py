"""Inline ignores applied to a report (the model collects them:
`model.ignores`). An ignore suppresses the findings of its rules on the line
it covers, and they stay in every report marked with its reason (SARIF:
suppression kind "inSource"). A malformed ignore, one without a reason, one
naming an unknown rule or a rule that cannot be suppressed inline is a
blocker; one that matches nothing (of a rule that ran) is a warning."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from . import registry
from .model.ignores import Ignore
from .registry import Rule, Suppressible
from .report import Finding, finding

INVALID = registry.rule(
    "inline-ignore-invalid",
    registry.BLOCKER,
    "An `# overlay-preflight: ignore[RULE] reason` comment is malformed, has no reason, "
    "names an unknown rule, or names a rule that cannot be suppressed inline.",
    "Write `# overlay-preflight: ignore[RULE] <why this is accepted>` on the finding's line or "
    "the line above; rules that cannot be suppressed must be fixed, and secrets are "
    "suppressed only by fingerprint in .overlay-preflight.yaml.",
    concern="suppression",
    suppressible=Suppressible.NEVER,
)
UNUSED = registry.rule(
    "inline-ignore-unused",
    registry.WARNING,
    "An inline ignore covers a line where its rule finds nothing.",
    "Delete the stale comment, or move it onto (or just above) the finding's line.",
    concern="suppression",
    suppressible=Suppressible.NEVER,
)

RULES = (INVALID, UNUSED)


def _why_not(ignore: Ignore, rule_id: str, known: Mapping[str, Rule]) -> str | None:
    rule = known.get(rule_id)
    if rule is None:
        return f"unknown rule {rule_id[:60]!r}"
    if rule.suppressible is Suppressible.NEVER:
        return f"{rule_id} cannot be suppressed: fix the finding"
    if rule.suppressible is Suppressible.BY_FINGERPRINT:
        return f"{rule_id} is suppressed only by fingerprint in .overlay-preflight.yaml"
    return None


def apply(
    findings: list[Finding],
    ignores: Iterable[Ignore],
    rules_run: set[str],
    known: Mapping[str, Rule],
) -> list[Finding]:
    """Mark the findings the ignores cover; add findings about the ignores."""
    out = list(findings)
    problems: list[Finding] = []
    for ignore in ignores:
        if ignore.problem:
            problems.append(finding(INVALID, ignore.path, ignore.line, ignore.problem))
            continue
        for rule_id in ignore.rules:
            why = _why_not(ignore, rule_id, known)
            if why is not None:
                problems.append(finding(INVALID, ignore.path, ignore.line, why, key=rule_id))
                continue
            hits = [
                i
                for i, f in enumerate(out)
                if (f.rule, f.path, f.line) == (rule_id, ignore.path, ignore.target)
            ]
            for i in hits:
                if out[i].suppressed is None:
                    out[i] = replace(out[i], suppressed=ignore.reason, in_source=True)
            if not hits and rule_id in rules_run:
                message = f"ignore[{rule_id}] covers line {ignore.target}, where it finds nothing"
                problems.append(finding(UNUSED, ignore.path, ignore.line, message, key=rule_id))
    return out + problems
