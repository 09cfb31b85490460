"""Repository hygiene: what `git diff --check` reports (trailing whitespace,
blank lines at the end, conflict markers) plus a missing final newline, over
every text file. Its NEEDS also has every other YAML / JSON file parsed, so a
broken one is an input finding."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "hygiene"
TRAILING = registry.rule(
    "trailing-whitespace",
    registry.WARNING,
    "A text file has lines ending in spaces or tabs, or blank lines at its end.",
    "Strip the trailing whitespace (most editors can do it on save).",
    concern=CONCERN,
)
CONFLICT = registry.rule(
    "conflict-marker",
    registry.BLOCKER,
    "A text file holds a merge conflict marker (<<<<<<<, =======, >>>>>>>).",
    "Resolve the merge conflict and remove the markers.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
NO_NEWLINE = registry.rule(
    "final-newline-missing",
    registry.WARNING,
    "A text file does not end with a newline.",
    "End the file with a newline.",
    concern=CONCERN,
)

RULES = (TRAILING, CONFLICT, NO_NEWLINE)
NEEDS = frozenset({kinds.TEXTS, kinds.DATA})

_OPEN_CLOSE = re.compile(r"^(<{7}|>{7})(?: |$)")
_MIDDLE = "=" * 7


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def whitespace(rel: str, text: str) -> Iterator[Finding]:
    lines = _lines(text)
    body = lines[:-1] if text.endswith("\n") else lines
    trailing = [n for n, line in enumerate(body, 1) if line != line.rstrip(" \t")]
    if trailing:
        content = "\n".join(sorted({body[n - 1].strip() for n in trailing}))
        message = f"trailing whitespace on {len(trailing)} line(s)"
        yield finding(TRAILING, rel, trailing[0], message, key=content)
    blank = 0
    while blank < len(body) and not body[len(body) - 1 - blank].strip():
        blank += 1
    if 0 < blank < len(body):
        yield finding(
            TRAILING,
            rel,
            len(body) - blank + 1,
            f"{blank} blank line(s) at the end of the file",
            key="blank lines at the end of the file",
        )
    if text and not text.endswith("\n"):
        yield finding(NO_NEWLINE, rel, len(lines), "no newline at the end of the file")


def conflict_markers(rel: str, text: str) -> Iterator[Finding]:
    opened = False
    for number, line in enumerate(_lines(text), 1):
        match = _OPEN_CLOSE.match(line)
        if match or (opened and line == _MIDDLE):
            opened = opened or line.startswith("<")
            marker = match.group(1) if match else _MIDDLE
            yield finding(
                CONFLICT, rel, number, f"merge conflict marker {marker}", key=f"{marker}\0{line}"
            )


def check(ctx: Context) -> Iterator[Finding]:
    for rel, text in ctx.overlay.texts.items():
        yield from whitespace(rel, text)
        yield from conflict_markers(rel, text)
