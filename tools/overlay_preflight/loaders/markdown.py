"""The code in a Markdown document: fenced blocks (``` or ~~~, at any
indent, so fences inside list items count) and inline code spans, each with
the line it starts on and the prose around it (the paragraph before a block,
the line holding a span), which tells whether the text says *not* to run it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    text: str
    line: int  # the line of the code's first line
    prose: str  # the paragraph it sits in (a span) or that comes before it (a block)
    at: int  # where in `prose` it sits (a block: the end)
    info: str = ""  # a fenced block's info string ("sh", "yaml", ...); "" for a span

    @property
    def context(self) -> str:
        """Its sentence (a span), or the last sentence before it (a block)."""
        return _sentence(self.prose, self.at)


def _fence(line: str) -> tuple[str, int, str] | None:
    """(fence character, length, info string) when the line opens a fence."""
    stripped = line.lstrip(" \t>")
    char = stripped[:1]
    if char not in ("`", "~"):
        return None
    length = len(stripped) - len(stripped.lstrip(char))
    info = stripped[length:].strip()
    if length < 3 or (char == "`" and "`" in info):
        return None
    return char, length, info


def _closes(line: str, char: str, length: int) -> bool:
    stripped = line.lstrip(" \t>").rstrip()
    return len(stripped) >= length and stripped == char * len(stripped)


def _run_end(line: str, i: int) -> int:
    """The end of the run of backticks that starts at `i`."""
    while i < len(line) and line[i] == "`":
        i += 1
    return i


def _spans(line: str) -> Iterator[tuple[int, str]]:
    """Inline code spans of one line, with where each starts: a run of N
    backticks up to the next run of exactly N."""
    i = line.find("`")
    while i >= 0:
        j = _run_end(line, i)
        close = line.find("`" * (j - i), j)
        while close >= 0 and _run_end(line, close) - close != j - i:
            close = line.find("`" * (j - i), _run_end(line, close))
        if close < 0:
            return
        yield i, line[j:close].strip()
        i = line.find("`", close + j - i)


def _sentence(prose: str, at: int) -> str:
    """The sentence of `prose` around position `at`."""
    start = max(prose.rfind(sep, 0, at) for sep in _STOPS)
    ends = [e for e in (prose.find(sep, at) for sep in _STOPS) if e >= 0]
    return prose[start + 1 : min(ends) if ends else len(prose)]


_STOPS = (". ", "! ", "? ", "; ", ": ")


def code(text: str) -> Iterator[Code]:
    lines = text.split("\n")
    paragraph: list[str] = []
    previous: list[str] = []  # the last paragraph before a blank line
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _fence(line) if ("`" in line or "~" in line) else None
        if fence is not None:
            char, length, info = fence
            indent = len(line) - len(line.lstrip(" \t>"))
            body = []
            j = i + 1
            while j < len(lines) and not _closes(lines[j], char, length):
                body.append(
                    lines[j][indent:] if lines[j][:indent].strip(" \t>") == "" else lines[j]
                )
                j += 1
            prose = " ".join(paragraph or previous)
            at = max(0, len(prose.rstrip(" .:!?;")) - 1)
            yield Code("\n".join(body), i + 2, prose, at, info.split()[0] if info else "")
            paragraph, previous = [], []
            i = j + 1
            continue
        if line.lstrip().startswith("#"):
            previous, paragraph = [line.strip()], []
        elif line.strip():
            paragraph.append(line.strip())
            if "`" in line:
                prose = " ".join(paragraph)
                offset = len(prose) - len(line.strip()) - (len(line) - len(line.lstrip()))
                for at, span in _spans(line):
                    yield Code(span, i + 1, prose, max(0, offset + at))
        else:
            previous, paragraph = paragraph or previous, []
        i += 1
