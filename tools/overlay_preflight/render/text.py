"""Human report: findings grouped by file, the tally as the last line.

Every value is shown escaped (`escape.display`): one finding is one line,
whatever its file name or message holds."""

from __future__ import annotations

from itertools import groupby

from ..report import Finding, Report, Table
from .escape import display, no_workflow_command


def _where(f: Finding) -> str:
    return f"{display(f.path)}:{f.line}:" if f.line else f"{display(f.path)}:"


def _table(table: Table) -> list[str]:
    rows = [tuple(display(c) for c in table.headers)] + [
        tuple(display(c) for c in r) for r in table.rows
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [display(table.title)]
    for n, row in enumerate(rows):
        cells = (c.ljust(w) for c, w in zip(row, widths, strict=True))
        lines.append("  " + "  ".join(cells).rstrip())
        if n == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return lines


def render(report: Report) -> str:
    out: list[str] = [display(n) for n in report.notes]
    for table in report.tables:
        out.extend(_table(table))
        out.append("")
    active = [f for f in report.sorted() if f.suppressed is None]
    for _path, group in groupby(active, key=lambda f: f.path):
        for f in group:
            tail = " (expected)" if f.expected else ""
            out.append(f"{_where(f)} {f.severity} [{f.rule}] {display(f.message)}{tail}")
            out.append(f"    hint: {display(f.hint)}")
        out.append("")
    suppressed = [f for f in report.sorted() if f.suppressed is not None]
    if suppressed:
        out.append(f"suppressed ({len(suppressed)}):")
        for f in suppressed:
            out.append(f"  {_where(f)} {f.severity} [{f.rule}] {display(f.message)}")
            where = " (inline ignore)" if f.in_source else ""
            out.append(f"    reason{where}: {display(f.suppressed)}")
        out.append("")
    out.append(report.tally())
    return "\n".join(no_workflow_command(line) for line in out) + "\n"
