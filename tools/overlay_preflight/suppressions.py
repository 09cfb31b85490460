"""Reviewed suppressions: `.overlay-preflight.yaml` in the overlay root.

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
from dataclasses import dataclass, replace

from . import registry
from .loaders import LoadError, Source
from .report import Finding, finding

FILE_NAME = ".overlay-preflight.yaml"

INVALID = registry.rule(
    "suppression-invalid",
    registry.BLOCKER,
    "A suppression entry is malformed, names an unknown rule, or targets a rule that "
    "cannot be suppressed.",
    "Give rule, path and reason (and fingerprint for secret rules); some rules cannot be "
    "suppressed at all: fix the finding instead.",
    group="suppression",
    suppressible=False,
)
EXPIRED = registry.rule(
    "suppression-expired",
    registry.WARNING,
    "A suppression is past its expiry date and no longer applies.",
    "Fix the finding, or review the suppression and move its date.",
    group="suppression",
    suppressible=False,
)
UNJUDGED = registry.rule(
    "suppression-expiry-unjudged",
    registry.WARNING,
    "A suppression has an expiry date, but no date was given to judge it against.",
    "Inside a Bazel test the wall clock is not an input: pass the date with "
    "--test_env=OVERLAY_PREFLIGHT_TODAY (set by --config=ci) or --today.",
    group="suppression",
    suppressible=False,
)
UNUSED = registry.rule(
    "suppression-unused",
    registry.WARNING,
    "A suppression matches no finding.",
    "Delete the stale entry.",
    group="suppression",
    suppressible=False,
)

# Rules that only a fingerprint of the exact content may suppress.
FINGERPRINT_ONLY = "fingerprint"


@dataclass
class Entry:
    rule: str
    path: str
    reason: str
    line: int
    fingerprint: str | None = None
    expires: datetime.date | None = None
    used: bool = False


def load(src: Source | None) -> tuple[list[Entry], list[Finding]]:
    """Entries and findings about the file itself."""
    if src is None or not src.path.is_file():
        return [], []
    from .loaders.yamlfile import LineDict, load_yaml

    try:
        doc = load_yaml(src)
    except LoadError as err:
        return [], [finding(INVALID, err.path, err.line, err.message)]
    items = doc.get("suppressions") if isinstance(doc, dict) else None
    if doc is not None and not isinstance(items, list):
        return [], [
            finding(
                INVALID,
                src.rel,
                getattr(doc, "line", 1),
                "expected a top-level 'suppressions' list",
            )
        ]
    entries, problems = [], []
    for index, item in enumerate(items or []):
        line = items.line_of(index)
        if not isinstance(item, LineDict):
            problems.append(finding(INVALID, src.rel, line, "an entry must be a mapping"))
            continue
        rule_id, path, reason = item.get("rule"), item.get("path"), item.get("reason")
        fp, expires = item.get("fingerprint"), item.get("expires")
        bad = None
        if not isinstance(rule_id, str) or rule_id not in registry.RULES:
            bad = f"unknown rule {str(rule_id)[:60]!r}"
        elif not isinstance(path, str) or not path:
            bad = "an entry needs a path"
        elif not isinstance(reason, str) or not reason.strip():
            bad = f"suppressing {rule_id} needs a reason"
        elif registry.RULES[rule_id].suppressible is False:
            bad = f"{rule_id} cannot be suppressed: fix the finding"
        elif registry.RULES[rule_id].suppressible == FINGERPRINT_ONLY and not isinstance(fp, str):
            bad = f"{rule_id} can only be suppressed with the fingerprint of the exact content"
        elif expires is not None and not isinstance(expires, datetime.date):
            bad = "expires must be a date (YYYY-MM-DD)"
        if bad:
            problems.append(finding(INVALID, src.rel, line, bad))
            continue
        entries.append(
            Entry(rule_id, path, reason.strip(), line, fp if isinstance(fp, str) else None, expires)
        )
    return entries, problems


def apply(
    findings: list[Finding],
    entries: list[Entry],
    rel: str,
    rules_run: set[str],
    today: datetime.date | None,
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
        if match is not None and registry.RULES[f.rule].suppressible:
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
