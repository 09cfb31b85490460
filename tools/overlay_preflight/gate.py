"""Pass/fail policy applied to a command's report before it is rendered:
reviewed suppressions, expected warnings and strict mode. Checks decide what
is found; the gate decides what fails."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import replace

from . import inline_ignores, suppressions
from .catalog import RULES
from .errors import UsageError
from .model.config import Config
from .model.ignores import Ignore
from .registry import WARNING
from .report import Finding, Report, distinct


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
    config: Config,
    expectations: list[str],
    strict: bool,
    today: datetime.date | None,
    ignores: Iterable[Ignore] = (),
) -> Report:
    """Apply the inline ignores, the config's suppressions and the
    expectations; report the problems of both. The report then knows
    whether it passed."""
    bad = unknown_expectations(expectations)
    if bad:
        raise UsageError(f"--expect-warning names unknown rule(s): {', '.join(bad)}")
    entries, problems = suppressions.entries(config, RULES)
    inline = inline_ignores.apply(distinct(report.findings), ignores, report.rules_run, RULES)
    findings = suppressions.apply(inline, entries, config.rel, report.rules_run, today, RULES)
    report.findings = mark_expected(findings + problems, expectations)
    report.strict = strict
    return report
