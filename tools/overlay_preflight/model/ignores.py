"""Inline ignores: a reviewed exception written where the finding lives.

    # overlay-preflight: ignore[RULE] why this is accepted
    # overlay-preflight: ignore[RULE-A, RULE-B] why

in a comment of a YAML, HCL, Starlark, Justfile or shell file (comments are
found by each format's tokenizer: `loaders.comments`). A comment alone on
its line covers the next line that is not such a comment; a comment after
code covers its own line. The model collects them as values when it reads
the overlay; the gate (`inline_ignores`) applies them to the findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..loaders import Source, attempt, read_text
from ..loaders.comments import Comment, comments, kind_of

MARK = "overlay-preflight:"
_START = re.compile(r"^#+\s*overlay-preflight:\s*ignore\b")  # any other such comment is prose
_DIRECTIVE = re.compile(r"^ignore\[([^\]]*)\]\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Ignore:
    path: str
    line: int  # where the comment is
    target: int  # the line it covers
    rules: tuple[str, ...]
    reason: str
    problem: str = ""  # why the comment is not a valid ignore (then it covers nothing)


def _parse(rel: str, comment: Comment, target: int) -> Ignore:
    body = comment.text.lstrip("#").strip()[len(MARK) :].strip()
    match = _DIRECTIVE.match(body)
    if match is None:
        return Ignore(rel, comment.line, target, (), "", "expected `ignore[RULE] reason`")
    rules = tuple(r.strip() for r in match.group(1).split(",") if r.strip())
    reason = match.group(2).strip()
    problem = "" if rules else "ignore[] names no rule"
    if rules and not reason:
        problem = f"ignore[{', '.join(rules)}] needs a reason after the rule"
    return Ignore(rel, comment.line, target, rules, reason, problem)


def collect(rel: str, text: str) -> list[Ignore]:
    """The inline ignores of one file."""
    if MARK not in text:
        return []
    found = comments(rel, text)
    alone = {c.line for c in found if c.own_line}
    out = []
    for comment in found:
        if not _START.match(comment.text):
            continue
        target = comment.line
        if comment.own_line:
            target += 1
            while target in alone:
                target += 1
        out.append(_parse(rel, comment, target))
    return out


def collect_files(sources: Iterable[Source], texts: dict[str, str]) -> list[Ignore]:
    """The inline ignores of `sources` (each read once; `texts` already read)."""
    out: list[Ignore] = []
    seen: set[str] = set()
    for src in sources:
        if src.rel in seen:
            continue
        seen.add(src.rel)
        text = texts.get(src.rel)
        if text is None and kind_of(src.rel) is not None:
            text, _ = attempt(read_text, src)
        if text is not None:
            out += collect(src.rel, text)
    return out
