"""Findings and reports: pure data, shared by every check and renderer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from .registry import BLOCKER, WARNING, Rule

REPORT_VERSION = "1.0"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    path: str
    line: int | None
    message: str
    hint: str
    fingerprint: str
    expected: bool = False
    suppressed: str | None = None  # the reviewed reason, when suppressed
    in_source: bool = False  # suppressed by an inline ignore (not .overlay-preflight.yaml)

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.path, self.line or 0, self.rule, self.message)


def fingerprint(rule_id: str, path: str, key: str) -> str:
    """A stable digest of what a finding is about, never of where it sits."""
    import hashlib  # here, not at import: `--help` needs no digest

    material = f"{rule_id}\0{path}\0{key}".encode("utf-8", "surrogateescape")
    return hashlib.sha256(material).hexdigest()[:32]


def finding(
    rule: Rule,
    path: str,
    line: int | None,
    message: str,
    *,
    key: str | None = None,
    severity: str | None = None,
) -> Finding:
    """Build a finding of `rule`. `key` identifies the content for fingerprints
    (defaults to the message, which must therefore never carry a line number).
    The message is redacted (`redact`): a credential it quotes never reaches
    a report, nor the fingerprint."""
    from .redact import redact

    message = redact(message)
    return Finding(
        rule=rule.id,
        severity=severity or rule.severity,
        path=path,
        line=line if line and line > 0 else None,
        message=message,
        hint=rule.hint,
        fingerprint=fingerprint(rule.id, path, message if key is None else key),
    )


def distinct(findings: list[Finding]) -> list[Finding]:
    """The same findings, where several that share a fingerprint (the same
    content more than once in a file) are told apart by their order in the
    file: the second gets a fingerprint of its own, and so on. A baseline
    of the first then never hides the next."""
    seen: dict[str, int] = {}
    out = list(findings)
    for index in sorted(range(len(findings)), key=lambda i: findings[i].sort_key()):
        f = findings[index]
        count = seen[f.fingerprint] = seen.get(f.fingerprint, 0) + 1
        if count > 1:
            again = fingerprint(f.rule, f.path, f"{f.fingerprint}\0{count}")
            out[index] = replace(f, fingerprint=again)
    return out


@dataclass(frozen=True)
class Table:
    """A figure table for the text report (plan summary, capacity, ...)."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass
class Report:
    command: str
    findings: list[Finding] = field(default_factory=list)
    strict: bool = False
    rules_run: set[str] = field(default_factory=set)
    summary: dict[str, Any] = field(default_factory=dict)  # command-specific figures (JSON)
    tables: list[Table] = field(default_factory=list)  # the same, for text
    notes: list[str] = field(default_factory=list)  # lines printed before findings

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    @property
    def blockers(self) -> int:
        return sum(1 for f in self.active if f.severity == BLOCKER)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.active if f.severity == WARNING)

    @property
    def expected(self) -> int:
        return sum(1 for f in self.active if f.expected)

    @property
    def suppressed(self) -> int:
        return sum(1 for f in self.findings if f.suppressed is not None)

    def failing(self, f: Finding) -> bool:
        """Does this finding, on its own, fail the run?"""
        if f.suppressed is not None:
            return False
        return f.severity == BLOCKER or (self.strict and not f.expected)

    @property
    def passed(self) -> bool:
        if self.blockers:
            return False
        if self.strict:
            return all(f.expected for f in self.active if f.severity == WARNING)
        return True

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def tally(self) -> str:
        line = f"{self.blockers} blockers / {self.warnings} warnings"
        if self.expected:
            line += f" ({self.expected} expected)"
        return line
