"""What every renderer receives: the report with every text redacted
(`redact.redact`), lone surrogates (undecodable file names, `\\ud800` in
captured JSON) escaped, and any number that is not finite made null."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ..redact import escape_surrogates, redact
from ..report import Report, Table


def text(value: str) -> str:
    """A text from the overlay, safe to print: credentials masked, lone
    surrogates escaped."""
    return escape_surrogates(redact(value))


def _value(value: Any) -> Any:
    """Summary data made safe: texts redacted, non-finite numbers null."""
    if isinstance(value, str):
        return text(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {_value(k) if isinstance(k, str) else k: _value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_value(v) for v in value)
    return value


def clean(report: Report) -> Report:
    """A copy of `report` that every renderer may write as it is."""
    findings = [
        replace(
            f,
            path=escape_surrogates(f.path),
            message=text(f.message),
            hint=text(f.hint),
            suppressed=None if f.suppressed is None else text(f.suppressed),
        )
        for f in report.findings
    ]
    tables = [
        Table(text(t.title), tuple(_value(h) for h in t.headers), tuple(_value(r) for r in t.rows))
        for t in report.tables
    ]
    return Report(
        command=report.command,
        findings=findings,
        strict=report.strict,
        rules_run=set(report.rules_run),
        summary=_value(report.summary),
        tables=tables,
        notes=[text(n) for n in report.notes],
    )
