"""JSON with line numbers: objects as `LineDict`, arrays as `LineList`.

The standard library validates the text first (its `JSONDecodeError` names
the line of a syntax error); a small scanner then walks the same text,
letting the C decoder (`raw_decode`) read each scalar while it records where
every object key and array item starts. `line_at` then works on JSON exactly
as on YAML and tfvars. Duplicate keys are refused: which one wins is a guess.
So are what Python's json accepts beyond RFC 8259 (`NaN`, `Infinity`) and an
integer too long to convert (over 4300 digits): each is a LoadError.
"""

from __future__ import annotations

import bisect
from typing import Any

from . import LoadError, Source, read_text
from .yamlfile import MAX_DEPTH, LineDict, LineList

_WHITESPACE = " \t\n\r"


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


class _Scanner:
    def __init__(self, text: str, rel: str):
        import json

        self.text, self.rel = text, rel
        self.decoder = json.JSONDecoder(parse_constant=_no_constant)
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line(self, pos: int) -> int:
        return bisect.bisect_left(self.newlines, pos) + 1

    def skip(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in _WHITESPACE:
            pos += 1
        return pos

    def value(self, pos: int, depth: int) -> tuple[Any, int]:
        if depth > MAX_DEPTH:
            raise LoadError(self.rel, self.line(pos), f"nesting deeper than {MAX_DEPTH} levels")
        char = self.text[pos]
        if char == "{":
            return self.obj(pos, depth)
        if char == "[":
            return self.array(pos, depth)
        return self.decoder.raw_decode(self.text, pos)

    def obj(self, pos: int, depth: int) -> tuple[LineDict, int]:
        from json.decoder import scanstring

        out = LineDict()
        out.line, out.lines = self.line(pos), {}
        pos = self.skip(pos + 1)
        while self.text[pos] != "}":
            key_line = self.line(pos)
            key, pos = scanstring(self.text, pos + 1)
            if key in out.lines:
                raise LoadError(
                    self.rel,
                    key_line,
                    f"duplicate key {key[:80]!r} (first at line {out.lines[key]})",
                )
            pos = self.skip(self.skip(pos) + 1)  # the colon
            out[key], pos = self.value(pos, depth + 1)
            out.lines[key] = key_line
            pos = self.skip(pos)
            if self.text[pos] == ",":
                pos = self.skip(pos + 1)
        return out, pos + 1

    def array(self, pos: int, depth: int) -> tuple[LineList, int]:
        out = LineList()
        out.line, out.lines = self.line(pos), []
        pos = self.skip(pos + 1)
        while self.text[pos] != "]":
            out.lines.append(self.line(pos))
            item, pos = self.value(pos, depth + 1)
            out.append(item)
            pos = self.skip(pos)
            if self.text[pos] == ",":
                pos = self.skip(pos + 1)
        return out, pos + 1


def load_json_text(text: str, rel: str) -> Any:
    """Parse a JSON document; syntax errors are LoadErrors naming the line."""
    import json

    try:
        json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as err:
        raise LoadError(rel, err.lineno, f"invalid JSON: {err.msg}") from None
    except RecursionError:
        raise LoadError(rel, None, "invalid JSON: nesting too deep to read") from None
    except ValueError as err:  # NaN / Infinity, or an integer over 4300 digits
        raise LoadError(rel, None, f"invalid JSON: {_why(err)}") from None
    scanner = _Scanner(text, rel)
    try:
        value, _ = scanner.value(scanner.skip(0), 0)
    except RecursionError:
        raise LoadError(rel, None, "invalid JSON: nesting too deep to read") from None
    return value


def _why(err: ValueError) -> str:
    text = str(err)
    return "an integer with more than 4300 digits" if "digits" in text else text[:80]


def load_json(src: Source) -> Any:
    return load_json_text(read_text(src), src.rel)
