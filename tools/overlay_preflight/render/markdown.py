"""GitHub-flavoured Markdown for a job summary or a pull-request comment.

A heading with the outcome and the tally, a table of counts by rule, then the
findings (and the suppressed ones with their reasons). Every value that comes
from the overlay (paths, messages, reasons, table cells) is escaped: each
ASCII punctuation character is backslash-escaped, so no value can open a
link, an HTML tag, emphasis or a table cell; control characters are shown as
`\\xNN`; an `@` is followed by a zero-width space so that a name never
mentions anyone. Long reports stop after MAX_ROWS findings and say so.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterable

from .. import registry
from ..report import Finding, Report, Table

MAX_ROWS = 500
_PUNCTUATION = frozenset(string.punctuation)


def text(value: object) -> str:
    out = []
    for ch in str(value):
        if ch in "\r\n":
            out.append(" ")
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\\\x{ord(ch):02x}")
        elif ch == "@":
            out.append("\\@\u200b")
        elif ch in _PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _where(f: Finding) -> str:
    return text(f"{f.path}:{f.line}" if f.line else f.path)


def _by_rule(report: Report) -> list[str]:
    counts: Counter[tuple[str, str]] = Counter()
    for f in report.findings:
        column = "suppressed" if f.suppressed is not None else f.severity
        counts[(f.rule, column)] += 1
    columns = (registry.BLOCKER, registry.WARNING, "suppressed")
    lines = [_row(("rule", "blockers", "warnings", "suppressed")), "|---|--:|--:|--:|"]
    for rule in sorted({rule for rule, _ in counts}):
        lines.append(_row((f"`{rule}`", *(str(counts[(rule, c)]) for c in columns))))
    totals = (str(report.blockers), str(report.warnings), str(report.suppressed))
    lines.append(_row(("**total**", *totals)))
    return lines


def _findings(findings: list[Finding], last: str) -> list[str]:
    lines = [_row(("severity", "where", "rule", last)), "|---|---|---|---|"]
    for f in findings[:MAX_ROWS]:
        severity = f"{f.severity} (expected)" if f.expected else f.severity
        tail = f.suppressed if f.suppressed is not None else f.message
        lines.append(_row((severity, _where(f), f"`{f.rule}`", text(tail))))
    if len(findings) > MAX_ROWS:
        more = len(findings) - MAX_ROWS
        lines += ["", f"… and {more} more, not shown here: the text and SARIF reports list all."]
    return lines


def _table(table: Table) -> list[str]:
    lines = [f"**{text(table.title)}**", "", _row(text(h) for h in table.headers)]
    lines.append("|" + "---|" * len(table.headers))
    lines += [_row(text(c) for c in row) for row in table.rows]
    return [*lines, ""]


def render(report: Report) -> str:
    outcome = "passed" if report.passed else "failed"
    tally = report.tally()
    if report.suppressed:
        tally += f", {report.suppressed} suppressed"
    out = [f"### overlay-preflight {report.command}: {outcome}", "", f"**{tally}**", ""]
    for table in report.tables:
        out += _table(table)
    if report.findings:
        out += [*_by_rule(report), ""]
    active = [f for f in report.sorted() if f.suppressed is None]
    if active:
        out += [f"#### Findings ({len(active)})", "", *_findings(active, "message"), ""]
    suppressed = [f for f in report.sorted() if f.suppressed is not None]
    if suppressed:
        out += [f"#### Suppressed ({len(suppressed)})", "", *_findings(suppressed, "reason"), ""]
    return "\n".join(out).rstrip("\n") + "\n"
