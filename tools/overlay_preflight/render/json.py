"""Machine report, described by schemas/report.schema.json."""

from __future__ import annotations

import json

from .. import __version__
from ..report import REPORT_VERSION, Report


def as_dict(report: Report) -> dict:
    return {
        "version": REPORT_VERSION,
        "tool": {"name": "overlay-preflight", "version": __version__},
        "command": report.command,
        "strict": report.strict,
        "passed": report.passed,
        "blockers": report.blockers,
        "warnings": report.warnings,
        "expected": report.expected,
        "suppressed": report.suppressed,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "path": f.path,
                "line": f.line,
                "message": f.message,
                "hint": f.hint,
                "expected": f.expected,
                "suppressed": f.suppressed,
                "fingerprint": f.fingerprint,
            }
            for f in report.sorted()
        ],
        "summary": report.summary,
    }


def render(report: Report) -> str:
    return (
        json.dumps(as_dict(report), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
        + "\n"
    )
