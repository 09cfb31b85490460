"""HCL native syntax through tree-sitter-hcl: a C parser with exact positions.

`parse` returns the syntax tree of a whole file, or raises `LoadError` at the
first ERROR or MISSING node the parser recovered with (file, line, column and
what was expected; never the offending text, which may be a secret).
`scalar` turns a literal expression into Python; `source` keeps any other
expression as its HCL text. Nothing is compiled or cached at run time.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from typing import Any

from . import LoadError

Node = Any  # a tree_sitter.Node; tree-sitter is imported on the first parse

WRAPPERS = ("expression", "literal_value", "collection_value", "template_expr")
ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
# What a MISSING node stands for, in words.
MISSING = {
    "identifier": "a value",
    "quoted_template_end": "a closing quote",
    "template_interpolation_end": 'a "}" closing "${"',
    "template_directive_end": 'a "}" closing "%{"',
    "heredoc_identifier": "the heredoc's closing marker",
}
# What the first token of an ERROR node is, in words.
TOKENS = {
    "identifier": "name",
    "numeric_lit": "number",
    "quoted_template_start": "string",
    "template_literal": "string",
    "comment": "comment",
}


class Hcl:
    """One parsed file: its syntax tree and the UTF-8 bytes it points into."""

    def __init__(self, root: Node, data: bytes, rel: str) -> None:
        self.root, self.data, self.rel = root, data, rel

    def text(self, node: Node) -> str:
        return self.data[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def error(self, node: Node, message: str) -> LoadError:
        return LoadError(self.rel, line(node), message)


@functools.cache
def _parser() -> Any:
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


def line(node: Node) -> int:
    row: int = node.start_point[0]
    return row + 1


def tree(data: bytes) -> Node:
    """The syntax tree of `data`, errors and all (see `parse`)."""
    return _parser().parse(data).root_node


def parse(text: str, rel: str) -> Hcl:
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise LoadError(rel, None, "not valid UTF-8 text") from None
    root = tree(data)
    if root.has_error:
        # `1e3` is HCL, but tree-sitter-hcl 1.2.0 reads an exponent only after
        # a fraction: read each such number as the same number with one
        # (`1.0e3`), at the positions the parser gave, and parse again.
        # Lines are unchanged; the number's text (in `source`) gains ".0".
        cuts = _exponents_without_fraction(root, data)
        if cuts:
            for cut in reversed(cuts):
                data = data[:cut] + b".0" + data[cut:]
            root = tree(data)
    hcl = Hcl(root, data, rel)
    if hcl.root.has_error:
        raise _first_error(hcl)
    return hcl


def _column(data: bytes, row_start: int, byte: int) -> int:
    return len(data[row_start:byte].decode("utf-8", "replace")) + 1


def nodes(root: Node) -> Iterator[Node]:
    """Every node in document order, without recursion."""
    cursor = root.walk()
    while True:
        yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def _exponents_without_fraction(root: Node, data: bytes) -> list[int]:
    """Where each integer followed by an exponent (`1e3`) ends, in bytes."""
    return [
        node.end_byte
        for node in nodes(root)
        if node.type == "numeric_lit"
        and data[node.end_byte : node.end_byte + 1] in (b"e", b"E")
        and b"." not in data[node.start_byte : node.end_byte]
    ]


def _first_error(hcl: Hcl) -> LoadError:
    """The first ERROR or MISSING node in document order, found without
    recursion (a hostile file nests thousands of levels deep)."""
    cursor = hcl.root.walk()
    before = None  # where the last real token before the cursor ended
    while True:
        node = cursor.node
        if node.is_missing or node.type == "ERROR":
            break
        if node.has_error and cursor.goto_first_child():
            continue
        before = node
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return LoadError(hcl.rel, None, "invalid HCL: syntax error")
    data = hcl.data
    if node.is_missing:
        # A missing token belongs right after the last token the parser took.
        at = before if before is not None else node
        row, byte = at.end_point[0], at.end_byte
        want = MISSING.get(node.type, f'"{node.type}"')
        what = f"missing {want}"
    else:
        row, byte = node.start_point[0], node.start_byte
        first = node
        while first.child_count:
            first = first.children[0]
        what = "unexpected " + _token(first)
    row_start = data.rfind(b"\n", 0, byte) + 1
    column = _column(data, row_start, byte)
    return LoadError(hcl.rel, row + 1, f"invalid HCL: {what} at column {column}")


def _token(node: Node) -> str:
    """A token's kind in words; punctuation by itself, never user text."""
    if not node.is_named and node.type != "ERROR":
        return f'"{node.type}"'
    return TOKENS.get(node.type, "text")


def unwrap(node: Node) -> Node | None:
    """The one term inside `expression`, `literal_value`, `collection_value`
    and `template_expr` wrappers; None when an expression is more than one
    term (a traversal, a call, parentheses, an operator)."""
    while node.type in WRAPPERS:
        kids = [c for c in node.children if c.type != "comment"]
        if len(kids) != 1 or not kids[0].is_named:
            return None
        node = kids[0]
    return node


def scalar(hcl: Hcl, node: Node) -> Any:
    """A number, bool, null or string literal (or negated number) as Python,
    any other expression as `source`; `node` is an `expression`."""
    inner = unwrap(node)
    kind = inner.type if inner is not None else None
    if kind == "numeric_lit":
        return number(hcl, inner)
    if kind == "bool_lit":
        return hcl.text(inner) == "true"
    if kind == "null_lit":
        return None
    if kind in ("string_lit", "quoted_template"):
        return template(hcl, inner)
    if kind == "heredoc_template":
        return heredoc(hcl, inner)
    if kind == "operation":
        negated = _negative_number(hcl, inner)
        if negated is not None:
            return negated
    return source(hcl, node)


def _negative_number(hcl: Hcl, node: Node) -> int | float | None:
    """`-1` and `-1.5` are numbers, as OpenTofu reads them."""
    unary = node.named_children[0] if node.named_child_count == 1 else None
    if unary is None or unary.type != "unary_operation" or hcl.text(unary.children[0]) != "-":
        return None
    operand = unwrap(unary.children[1]) if unary.child_count == 2 else None
    if operand is None or operand.type != "numeric_lit":
        return None
    return -number(hcl, operand)


def number(hcl: Hcl, node: Node) -> int | float:
    text = hcl.text(node)
    if text[:2].lower() == "0x":
        raise hcl.error(node, "invalid HCL: numbers are decimal (no 0x)")
    try:
        value = int(text) if text.isdigit() else float(text)
    except ValueError:  # over Python's digit limit for int()
        raise hcl.error(node, "invalid HCL: number too long") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise hcl.error(node, "invalid HCL: number out of range")
    return value


def source(hcl: Hcl, node: Node) -> str:
    """An expression that is not a literal, as `${<its HCL text>}` on one line."""
    text = hcl.text(node)
    if "\n" in text:
        text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    return "${" + text + "}"


def template(hcl: Hcl, node: Node) -> str:
    """A quoted string: escapes decoded, `${...}` and `%{...}` kept as written
    (so are `$${` and `%%{`, which mark a literal `${` or `%{`)."""
    out = []
    for part in node.named_children:
        if part.type == "template_literal":
            raw = hcl.text(part)
            if "\n" in raw:
                raise hcl.error(part, "invalid HCL: a quoted string cannot span lines")
            out.append(_unescape(hcl, part, raw))
        elif part.type in ("template_interpolation", "template_directive"):
            out.append(hcl.text(part))
    return "".join(out)


def _unescape(hcl: Hcl, node: Node, raw: str) -> str:
    if "\\" not in raw:
        return raw
    out, i = [], 0
    while i < len(raw):
        ch = raw[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = raw[i + 1 : i + 2]
        if nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
            continue
        width = {"u": 4, "U": 8}.get(nxt, 0)
        digits = raw[i + 2 : i + 2 + width]
        if (
            not width
            or len(digits) != width
            or not all(c in "0123456789abcdefABCDEF" for c in digits)
        ):
            raise hcl.error(node, "invalid HCL: invalid escape sequence in a string")
        try:
            out.append(chr(int(digits, 16)))
        except (ValueError, OverflowError):
            raise hcl.error(node, "invalid HCL: invalid escape sequence in a string") from None
        i += 2 + width
    return "".join(out)


def heredoc(hcl: Hcl, node: Node) -> str:
    """A heredoc as OpenTofu reads it: the lines between the markers, each
    ending in a newline; `<<-` removes the common leading whitespace. Escapes
    are not decoded in heredocs; `${...}` is kept as written."""
    markers = [c for c in node.children if c.type == "heredoc_identifier"]
    flush = any(hcl.text(c) == "<<-" for c in node.children if c.type == "heredoc_start")
    body = hcl.data[markers[0].end_byte : markers[-1].start_byte].decode("utf-8", "replace")
    body = body.partition("\n")[2]
    body = body[: body.rfind("\n") + 1]  # the closing marker's indentation
    if not flush:
        return body
    lines = body.split("\n")
    indents = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
    cut = min(indents, default=0)
    return "\n".join(ln[cut:] for ln in lines)
