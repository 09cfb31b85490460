"""Plain-text secrets in text: the estate's patterns (data/secret_patterns.yaml)
plus the token detectors of detect-secrets, run in-process line by line.

A Hit keeps the value only to hash and redact it; nothing here prints it.

The scan stays linear in its input, whatever the input:
- every pattern is compiled with bounded repetition (`regex_bounds`), the
  estate's and detect-secrets' own, so no line makes a search backtrack
  without end;
- a PEM block is followed for at most `MAX_PEM_LINES` lines, and the lines
  it covered are not searched for another BEGIN;
- detect-secrets sees a line only where one of its detectors' (bounded)
  regexes matches, and then only an excerpt around the match with runs of
  blanks collapsed; its verdicts cost at most `VERIFY_BUDGET` per scan, after
  which a match of a detector's regex is reported unverified.
"""

from __future__ import annotations

import bisect
import fnmatch
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .regex_bounds import bounded, required_literals

MIN_VALUE = 8  # shorter detect-secrets values are a prefix group; key on the line
MAX_PEM_LINES = 200  # a PEM block longer than this is cut (an RSA-8192 key is ~100)
MARGIN = 64  # excerpt: characters kept before a match
MAX_EXCERPT = 1024  # excerpt: at most this long
VERIFY_BUDGET = 40_000_000  # the sum of squared excerpt lengths verified per scan

_BLANKS = re.compile(r"[ \t]{2,}")
_TOKEN_END = re.compile(r"[^\s'\"`]*")


@dataclass(frozen=True)
class Hit:
    kind: str
    line: int
    value: str = field(repr=False)

    @property
    def redacted(self) -> str:
        return f"'{self.value[:4]}...' ({len(self.value)} chars)"

    @property
    def key(self) -> str:
        """The finding key: a digest of the secret value, never the value."""
        return hashlib.sha256(self.value.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    group: int
    literals: tuple[str, ...] | None  # one is in every match (regex_bounds)
    paths: tuple[str, ...] = ()  # globs of the files it applies to; () is every file

    def may_match(self, folded: str) -> bool:
        return self.literals is None or any(lit in folded for lit in self.literals)

    def applies(self, rel: str) -> bool:
        name = rel.rpartition("/")[2]
        return not self.paths or any(fnmatch.fnmatchcase(name, p) for p in self.paths)


@functools.cache
def _data() -> dict[str, Any]:
    from . import data as packaged

    raw = dict(packaged.load("secret_patterns.yaml"))
    raw["compiled"] = tuple(
        _Pattern(
            p["kind"],
            bounded(p["regex"], flags=re.MULTILINE),
            int(p.get("group", 0)),
            required_literals(p["regex"]),
            tuple(p.get("paths", ())),
        )
        for p in raw["patterns"]
    )
    raw["pem_begin_rx"] = bounded(raw["pem_begin"])
    raw["pem_end_rx"] = bounded(raw["pem_end"])
    return raw


def split_lines(text: str) -> list[str]:
    """Lines as editors and `git diff` number them (LF, with CRLF's CR dropped)."""
    if "\r" not in text:
        return text.split("\n")
    return [line.removesuffix("\r") for line in text.split("\n")]


class _Ends:
    """The offset of each line end of a text, listed on first use: most
    files have no match, and listing a large file's line ends costs more
    than searching it for a literal."""

    def __init__(self, text: str):
        self.text = text

    @functools.cached_property
    def offsets(self) -> list[int]:
        return [m.start() for m in re.finditer("\n", self.text)]

    def line(self, offset: int) -> int:
        """The 0-based line of `offset`."""
        return bisect.bisect_left(self.offsets, offset)


def _own(lines: list[str], rel: str = "") -> tuple[list[Hit], set[int]]:
    """The estate's hits in the file `rel`, and the lines they cover (a PEM
    block's every line)."""
    data, hits = _data(), []
    text = "\n".join(lines)
    folded = text.casefold()
    ends = _Ends(text)
    for p in data["compiled"]:
        if not p.applies(rel) or not p.may_match(folded):
            continue
        for m in p.regex.finditer(text):
            if "\n" not in m.group(0):  # the patterns are about one line
                hits.append(Hit(p.kind, ends.line(m.start()) + 1, m.group(p.group)))
    covered: set[int] = set()
    index = 0 if "-----begin" in folded else len(lines)
    while index < len(lines):
        if not data["pem_begin_rx"].search(lines[index]):
            index += 1
            continue
        last = min(len(lines), index + MAX_PEM_LINES) - 1
        end = next(
            (j for j in range(index + 1, last + 1) if data["pem_end_rx"].search(lines[j])), last
        )
        block = "\n".join(line.strip() for line in lines[index : end + 1])
        hits.append(Hit("PEM private key block", index + 1, block))
        covered.update(range(index + 1, end + 2))
        index = end + 1
    covered.update(h.line for h in hits)
    return hits, covered


@functools.cache
def _detectors() -> tuple[_Pattern, ...]:
    """(secret type, bounded regex) of every configured detect-secrets plugin,
    for searching a whole file at once (`^`/`$` at line ends).

    A regex-based detector reports only what one of its `denylist` regexes
    finds, so a line none of them matches needs no `scan_line` (which
    re-creates every plugin per call: most of the scan's cost)."""
    from detect_secrets.settings import get_plugins, transient_settings

    with transient_settings({"plugins_used": _plugins()}):
        return tuple(
            _Pattern(p.secret_type, bounded(rx, flags=re.MULTILINE), 0, required_literals(rx))
            for p in get_plugins()
            for rx in getattr(p, "denylist", ())
        )


def _plugins() -> list[dict[str, str]]:
    return [{"name": name} for name in _data()["detect_secrets_plugins"]]


def _value(match: re.Match[str]) -> str:
    groups = [g for g in match.groups() if g]
    return groups[0] if groups else match.group(0)


class _Verifier:
    """detect-secrets' verdict on excerpts, within a budget per scan."""

    def __init__(self) -> None:
        self.spent = 0

    def __call__(self, excerpt: str) -> list[tuple[str, str]] | None:
        """(type, value) found in `excerpt`; None once the budget is spent."""
        cost = len(excerpt) ** 2
        if self.spent + cost > VERIFY_BUDGET:
            return None
        self.spent += cost
        from detect_secrets.core.scan import scan_line

        return [(s.type, s.secret_value or "") for s in scan_line(excerpt)]


def _detect_secrets(
    lines: list[str], skip: set[int], verify: _Verifier, *, exact: bool = False
) -> list[Hit]:
    """Each detector searches the whole (blank-collapsed) text once; a match
    on a line not skipped is verified on an excerpt of its line. A verdict
    whose value is a short prefix group keys on the line, or with `exact` on
    the detector's match (what redaction must hide)."""
    text = _BLANKS.sub(" ", "\n".join(lines))
    line_ends = _Ends(text)
    hits: set[Hit] = set()
    seen: set[tuple[int, str]] = set()
    folded = text.casefold()
    for detector in _detectors():
        if not detector.may_match(folded):
            continue
        kind = detector.kind
        for m in detector.regex.finditer(text):
            index = line_ends.line(m.start())  # 0-based line
            if index + 1 in skip:
                continue
            ends = line_ends.offsets
            first = ends[index - 1] + 1 if index else 0
            last = ends[index] if index < len(ends) else len(text)
            start = max(first, m.start() - MARGIN)
            cap = min(last, start + MAX_EXCERPT)
            tail = _TOKEN_END.match(text, min(m.end(), cap), cap)
            excerpt = text[start : max(tail.end() if tail else cap, min(m.end(), cap))]
            if (index, excerpt) in seen:
                continue
            seen.add((index, excerpt))
            verdict = verify(excerpt)
            found = [(kind, _value(m))] if verdict is None else verdict
            for secret_type, secret in found:
                short = m.group(0) if exact else lines[index].strip()
                kept = secret if len(secret) >= MIN_VALUE else short
                hits.add(Hit(secret_type, index + 1, kept))
    return sorted(hits, key=lambda h: (h.line, h.kind, h.value))


def scan_texts(texts: dict[str, str]) -> dict[str, list[Hit]]:
    """Hits per path; a line the estate's patterns flag is not scanned again."""
    from detect_secrets.settings import transient_settings

    out: dict[str, list[Hit]] = {}
    verify = _Verifier()
    with transient_settings({"plugins_used": _plugins()}):
        for rel, text in texts.items():
            lines = split_lines(text)
            hits, covered = _own(lines, rel)
            hits += _detect_secrets(lines, covered, verify)
            if hits:
                out[rel] = sorted(hits, key=lambda h: (h.line, h.kind))
    return out


def values_in(text: str, *, detectors: bool = True) -> list[str]:
    """Every secret value the scan finds in `text` (for redacting messages);
    `detectors=False` keeps to the estate's patterns (no detect-secrets)."""
    lines = split_lines(text)
    hits, _ = _own(lines)
    if detectors:
        from detect_secrets.settings import transient_settings

        with transient_settings({"plugins_used": _plugins()}):
            hits += _detect_secrets(lines, set(), _Verifier(), exact=True)
    return [h.value for h in hits if h.kind != "PEM private key block"]
