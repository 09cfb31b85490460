"""Reviewed suppressions, and the rules about the overlay's config file
(`.overlay-preflight.yaml`, read by `model.config`).

    suppressions:
      - rule: github-hosted-runner
        path: .github/workflows/docs.yml
        reason: Docs build on GitHub-hosted runners by design (TIN-123)
        expires: 2027-03-31          # optional
        fingerprint: 3f2a...         # required for secret rules

An entry matches a finding by rule, path and (when given) fingerprint, never
by line. Suppressed findings stay in every report, marked with the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from . import registry
from .model.config import Config, Problem
from .registry import Rule, Suppressible
from .report import Finding, finding

CONFIG_INVALID = registry.rule(
    "config-invalid",
    registry.BLOCKER,
    "The overlay's .overlay-preflight.yaml does not parse, or its policy has an unknown key "
    "or a value of the wrong kind (schemas/overlay-preflight.schema.json).",
    "Fix the key at the named line; a policy key with a bad value keeps its default until then.",
    concern="config",
    suppressible=registry.Suppressible.NEVER,
)
INVALID = registry.rule(
    "suppression-invalid",
    registry.BLOCKER,
    "A suppression entry is malformed, names an unknown rule, or targets a rule that "
    "cannot be suppressed.",
    "Give rule, path and reason (and fingerprint for secret rules); some rules cannot be "
    "suppressed at all: fix the finding instead.",
    concern="suppression",
    suppressible=registry.Suppressible.NEVER,
)
EXPIRED = registry.rule(
    "suppression-expired",
    registry.WARNING,
    "A suppression is past its expiry date and no longer applies.",
    "Fix the finding, or review the suppression and move its date.",
    concern="suppression",
    suppressible=registry.Suppressible.NEVER,
)
UNJUDGED = registry.rule(
    "suppression-expiry-unjudged",
    registry.WARNING,
    "A suppression has an expiry date, but no date was given to judge it against.",
    "Inside a Bazel test the wall clock is not an input: pass the date with "
    "--test_env=OVERLAY_PREFLIGHT_TODAY (set by --config=ci) or --today.",
    concern="suppression",
    suppressible=registry.Suppressible.NEVER,
)
UNUSED = registry.rule(
    "suppression-unused",
    registry.WARNING,
    "A suppression matches no finding.",
    "Delete the stale entry.",
    concern="suppression",
    suppressible=registry.Suppressible.NEVER,
)

RULES = (CONFIG_INVALID, INVALID, EXPIRED, UNJUDGED, UNUSED)


@dataclass
class Entry:
    rule: str
    path: str
    reason: str
    line: int
    fingerprint: str | None = None
    expires: datetime.date | None = None
    used: bool = False


def _entry(line: int, item: Any, known: Mapping[str, Rule]) -> Entry | str:
    """The entry, or why it is not one."""
    if not isinstance(item, dict):
        return "an entry must be a mapping"
    rule_id, path, reason = item.get("rule"), item.get("path"), item.get("reason")
    fp, expires = item.get("fingerprint"), item.get("expires")
    if not isinstance(rule_id, str) or rule_id not in known:
        return f"unknown rule {str(rule_id)[:60]!r}"
    if not isinstance(path, str) or not path:
        return "an entry needs a path"
    if not isinstance(reason, str) or not reason.strip():
        return f"suppressing {rule_id} needs a reason"
    if known[rule_id].suppressible is Suppressible.NEVER:
        return f"{rule_id} cannot be suppressed: fix the finding"
    if known[rule_id].suppressible is Suppressible.BY_FINGERPRINT and not isinstance(fp, str):
        return f"{rule_id} can only be suppressed with the fingerprint of the exact content"
    if expires is not None and (
        not isinstance(expires, datetime.date) or isinstance(expires, datetime.datetime)
    ):
        return "expires must be a date (YYYY-MM-DD)"
    return Entry(rule_id, path, reason.strip(), line, fp if isinstance(fp, str) else None, expires)


def entries(config: Config, known: Mapping[str, Rule]) -> tuple[list[Entry], list[Finding]]:
    """The valid entries of `config`, and findings about the file (its policy
    and its suppressions); `known`: every rule. An entry the schema refuses
    (an unknown key such as a mistyped `expires`) never applies."""
    schema_problems: dict[int, Problem] = {}
    problems: list[Finding] = []
    for p in config.problems:
        if p.section != "suppressions":
            problems.append(finding(CONFIG_INVALID, config.rel, p.line, p.message))
        elif p.index is None:
            problems.append(finding(INVALID, config.rel, p.line, p.message))
        else:
            schema_problems.setdefault(p.index, p)
    out: list[Entry] = []
    for index, (line, item) in enumerate(config.suppressions):
        entry = _entry(line, item, known)
        if isinstance(entry, str):
            problems.append(finding(INVALID, config.rel, line, entry))
        elif index in schema_problems:
            p = schema_problems[index]
            problems.append(finding(INVALID, config.rel, p.line, p.message))
        else:
            out.append(entry)
    return out, problems


def apply(
    findings: list[Finding],
    entries: list[Entry],
    rel: str,
    rules_run: set[str],
    today: datetime.date | None,
    known: Mapping[str, Rule],
) -> list[Finding]:
    """Mark suppressed findings; add findings for expired and unused entries.
    `today` None: expiry is not judged, and each dated entry says so."""
    out = []
    for f in findings:
        match = None
        for e in entries:
            if e.rule == f.rule and e.path == f.path and e.fingerprint in (None, f.fingerprint):
                e.used = True
                if e.expires is None or today is None or e.expires >= today:
                    match = e
                    break
        suppressible = known[f.rule].suppressible is not Suppressible.NEVER
        if match is not None and suppressible and f.suppressed is None:
            f = replace(f, suppressed=match.reason)
        out.append(f)
    for e in entries:
        if e.expires is not None and today is None:
            out.append(
                finding(
                    UNJUDGED,
                    rel,
                    e.line,
                    f"suppression of {e.rule} for {e.path} expires on {e.expires.isoformat()}, "
                    "but no date was given: expiry not judged (set OVERLAY_PREFLIGHT_TODAY)",
                )
            )
        if e.expires is not None and today is not None and e.expires < today:
            out.append(
                finding(
                    EXPIRED,
                    rel,
                    e.line,
                    f"suppression of {e.rule} for {e.path} expired on {e.expires.isoformat()}",
                )
            )
        elif not e.used and e.rule in rules_run:
            out.append(
                finding(
                    UNUSED, rel, e.line, f"suppression of {e.rule} for {e.path} matches no finding"
                )
            )
    return out
