"""GitHub Actions workflow commands: one annotation line per finding.

`::error file=P,line=N,title=RULE::message` for a blocker, `::warning` for a
warning and `::notice` for a suppressed finding (with its reason), so that
findings show inline on a pull request without a SARIF upload. Values are
escaped as the runner unescapes them (actions/toolkit `escapeData` and
`escapeProperty`): a path or message can never end the line early and start
a command of its own. The tally is the last line, plain text.
"""

from __future__ import annotations

from .. import registry
from ..report import Finding, Report

LEVEL = {registry.BLOCKER: "error", registry.WARNING: "warning"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    if f.suppressed is not None:
        level, body = "notice", f"{f.message}\nsuppressed: {f.suppressed}"
    else:
        level, body = LEVEL[f.severity], f"{f.message}\nhint: {f.hint}"
    title = f"{f.rule} (expected)" if f.expected and f.suppressed is None else f.rule
    props = {"file": f.path, "line": str(f.line) if f.line else "", "title": title}
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v)
    return f"::{level} {fields}::{escape_data(body)}"


def render(report: Report) -> str:
    lines = [annotation(f) for f in report.sorted()]
    lines.append(report.tally())
    return "\n".join(lines) + "\n"
