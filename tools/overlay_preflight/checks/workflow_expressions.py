"""GitHub Actions expressions (`if:` conditions, `${{ }}`), evaluated in
three values: a known value, or UNKNOWN where the answer depends on what a
static reading cannot know (inputs, outputs, step status).

Used to decide whether an event can start a job: an `if:` that is falsy
whenever `github.event_name` is that event gates the job from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()

_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<op>==|!=|<=|>=|&&|\|\||[<>!()\[\],.*])|(?P<id>[A-Za-z_][A-Za-z0-9_-]*))"
)
_WRAPPED = re.compile(r"^\s*\$\{\{(.*)\}\}\s*$", re.DOTALL)
_STATUS = ("always", "success", "failure", "cancelled")


def tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            if text[pos:].strip():
                raise ValueError(f"unexpected {text[pos : pos + 10]!r}")
            break
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


def _truthy(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    return value not in (None, False, 0, "") and value == value


def _equal(a: Any, b: Any) -> Any:
    if a is UNKNOWN or b is UNKNOWN:
        return UNKNOWN
    if isinstance(a, str) and isinstance(b, str):
        return a.casefold() == b.casefold()
    return a == b if type(a) is type(b) or None in (a, b) else UNKNOWN


class _Parser:
    def __init__(self, text: str, context: Mapping[str, Any]):
        self.toks, self.i, self.context = tokens(text), 0, context

    def peek(self) -> str | None:
        return self.toks[self.i][1] if self.i < len(self.toks) else None

    def take(self, want: str | None = None) -> tuple[str, str]:
        if self.i >= len(self.toks) or (want is not None and self.toks[self.i][1] != want):
            raise ValueError(f"expected {want!r}")
        self.i += 1
        return self.toks[self.i - 1]

    def expression(self) -> Any:
        left = self.conjunction()
        while self.peek() == "||":
            self.take()
            right = self.conjunction()
            lt, rt = _truthy(left), _truthy(right)
            if lt is True or rt is True:
                left = left if lt is True else right
            elif lt is False:
                left = right
            else:
                left = UNKNOWN
        return left

    def conjunction(self) -> Any:
        left = self.comparison()
        while self.peek() == "&&":
            self.take()
            right = self.comparison()
            lt, rt = _truthy(left), _truthy(right)
            if lt is False or rt is False:
                left = left if lt is False else right
            else:
                left = right if lt is True and rt is not UNKNOWN else UNKNOWN
        return left

    def comparison(self) -> Any:
        left = self.unary()
        while self.peek() in ("==", "!=", "<", "<=", ">", ">="):
            op = self.take()[1]
            right = self.unary()
            if op in ("==", "!="):
                same = _equal(left, right)
                left = same if same is UNKNOWN or op == "==" else not same
            else:
                left = UNKNOWN
        return left

    def unary(self) -> Any:
        if self.peek() == "!":
            self.take()
            value = _truthy(self.unary())
            return UNKNOWN if value is UNKNOWN else not value
        return self.primary()

    def primary(self) -> Any:
        kind, text = self.take()
        if kind == "str":
            return text[1:-1].replace("''", "'")
        if kind == "num":
            return float(text)
        if text == "(":
            value = self.expression()
            self.take(")")
            return value
        if kind != "id":
            raise ValueError(f"unexpected {text!r}")
        if self.peek() == "(":
            return self.call(text.lower())
        if text.lower() in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[text.lower()]
        path, known = [text.lower()], True
        while self.peek() in (".", "["):
            if self.take()[1] == ".":
                path.append(self.take()[1].lower())
            else:
                index = self.expression()
                self.take("]")
                known &= isinstance(index, str)
                path.append(index.lower() if isinstance(index, str) else "?")
        key = ".".join(path)
        return self.context.get(key, UNKNOWN) if known else UNKNOWN

    def call(self, name: str) -> Any:
        self.take("(")
        args = []
        while self.peek() != ")":
            args.append(self.expression())
            if self.peek() == ",":
                self.take()
        self.take(")")
        if name == "always":
            return True
        if any(a is UNKNOWN for a in args):
            return UNKNOWN
        if name == "fromjson" and len(args) == 1 and isinstance(args[0], str):
            try:
                return json.loads(args[0])
            except ValueError:
                return UNKNOWN
        if name == "contains" and len(args) == 2:
            hay, needle = args
            if isinstance(hay, list):
                return any(_equal(x, needle) is True for x in hay)
            if isinstance(hay, str) and isinstance(needle, str):
                return needle.casefold() in hay.casefold()
        if name in ("startswith", "endswith") and all(isinstance(a, str) for a in args):
            a, b = (x.casefold() for x in args)
            return a.startswith(b) if name == "startswith" else a.endswith(b)
        return UNKNOWN


def unwrap(value: object) -> str | None:
    """The expression text of an `if:` (with or without `${{ }}`); None when absent."""
    if value is None:
        return None
    text = str(value).lower() if isinstance(value, bool) else str(value)
    match = _WRAPPED.match(text)
    return match.group(1) if match else text


def evaluate(text: str, context: Mapping[str, Any]) -> Any:
    """The value of `text` given `context` (lower-case dotted names); UNKNOWN
    when it depends on anything else, or does not parse."""
    try:
        parser = _Parser(text, context)
        value = parser.expression()
        return value if parser.i == len(parser.toks) else UNKNOWN
    except (ValueError, RecursionError):
        return UNKNOWN


def may_run(condition: object, event: str) -> bool:
    """Can an `if:` be true when the workflow runs for `event`?"""
    text = unwrap(condition)
    if text is None or not text.strip():
        return True
    return _truthy(evaluate(text, {"github.event_name": event})) is not False


def ignores_needs(condition: object) -> bool:
    """An `if:` with a status function other than success() runs after skipped needs."""
    text = unwrap(condition) or ""
    try:
        names = [t for k, t in tokens(text) if k == "id"]
    except ValueError:
        return True
    return any(n.lower() in _STATUS[:1] + _STATUS[2:] for n in names)


def secret_names(text: str) -> Iterator[str]:
    """Names of `secrets.X` / `secrets['X']` in every `${{ }}` of `text`."""
    for match in re.finditer(r"\$\{\{(.*?)\}\}", text, re.DOTALL):
        try:
            toks = [t for _, t in tokens(match.group(1))]
        except ValueError:
            continue
        for i, tok in enumerate(toks[:-2]):
            if tok.lower() == "secrets" and toks[i + 1] in (".", "["):
                name = toks[i + 2]
                yield name[1:-1] if name.startswith("'") else name
