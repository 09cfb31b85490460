"""Pass/fail policy applied to a command's report before it is rendered:
reviewed suppressions, expected warnings and strict mode. Checks decide what
is found; the gate decides what fails."""

from __future__ import annotations

import datetime
from dataclasses import replace

from . import suppressions
from .catalog import RULES
from .errors import UsageError
from .loaders import Source
from .registry import WARNING
from .report import Finding, Report


def unknown_expectations(expectations: list[str]) -> list[str]:
    return [s for s in expectations if s.partition(":")[0] not in RULES]


def mark_expected(findings: list[Finding], expectations: list[str]) -> list[Finding]:
    """Mark warnings declared with --expect-warning RULE or RULE:PATH."""
    wanted = []
    for spec in expectations:
        rule_id, _, path = spec.partition(":")
        wanted.append((rule_id, path or None))
    out = []
    for f in findings:
        hit = f.severity == WARNING and any(
            f.rule == r and (p is None or p == f.path) for r, p in wanted
        )
        out.append(replace(f, expected=True) if hit else f)
    return out


def finalize(
    report: Report,
    suppressions_file: Source | None,
    expectations: list[str],
    strict: bool,
    today: datetime.date,
) -> Report:
    """Apply suppressions and expectations; the report then knows whether it passed."""
    bad = unknown_expectations(expectations)
    if bad:
        raise UsageError(f"--expect-warning names unknown rule(s): {', '.join(bad)}")
    entries, problems = suppressions.load(suppressions_file, RULES)
    rel = suppressions_file.rel if suppressions_file else ""
    findings = (
        suppressions.apply(report.findings, entries, rel, report.rules_run, today, RULES) + problems
    )
    report.findings = mark_expected(findings, expectations)
    report.strict = strict
    return report
