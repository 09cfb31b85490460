"""OpenTofu `*.tfvars` (tree-sitter-hcl), with a line for every key and item.

Values load as plain Python (strings unquoted, numbers, booleans); objects
as `LineDict` and tuples as `LineList` (see yamlfile), so `line_at` works the
same on tfvars and YAML. An expression that is not a literal (a reference,
a function call, a template with `${...}` stays a string holding it) is kept
as its HCL source text, `${<expression>}`. Heredocs read as OpenTofu reads
them: every line ends in a newline, and `<<-` removes the common indentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import LoadError, Source, read_text
from .hcl import Hcl, Node, line, parse, scalar, template, unwrap
from .yamlfile import LineDict, LineList, line_at

MAX_DEPTH = 200  # nesting levels of objects and tuples


@dataclass(frozen=True)
class Tfvars:
    rel: str
    values: LineDict

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def line(self, *path: Any) -> int | None:
        return line_at(self.values, list(path))


def _named(node: Node, kind: str) -> list[Node]:
    return [c for c in node.named_children if c.type == kind]


def _key(hcl: Hcl, expr: Node) -> Any:
    """An object key: a bare name or literal as its text, a string decoded,
    any other expression as `${...}`."""
    inner = unwrap(expr)
    kind = inner.type if inner is not None else None
    if kind == "variable_expr" or kind in ("numeric_lit", "bool_lit", "null_lit"):
        return hcl.text(inner)
    if kind in ("string_lit", "quoted_template"):
        return template(hcl, inner)
    return scalar(hcl, expr)


def _value(hcl: Hcl, expr: Node, depth: int) -> Any:
    inner = unwrap(expr)
    kind = inner.type if inner is not None else None
    if kind not in ("object", "tuple"):
        return scalar(hcl, expr)
    if depth >= MAX_DEPTH:
        raise hcl.error(inner, "invalid HCL: nesting too deep to read")
    if kind == "tuple":
        exprs = _named(inner, "expression")
        items = LineList(_value(hcl, e, depth + 1) for e in exprs)
        items.line, items.lines = line(inner), [line(e) for e in exprs]
        return items
    out = LineDict()
    out.line, out.lines = line(inner), {}
    for elem in _named(inner, "object_elem"):
        key = _key(hcl, elem.child_by_field_name("key"))
        if key in out:
            raise hcl.error(elem, f"key {str(key)[:80]!r} is set twice in one object")
        value = elem.child_by_field_name("val")  # "value" in newer grammars
        if value is None:
            value = elem.child_by_field_name("value")
        out[key] = _value(hcl, value, depth + 1)
        out.lines[key] = line(elem)
    return out


def parse_tfvars_text(text: str, rel: str) -> Tfvars:
    hcl = parse(text, rel)
    values = LineDict()
    values.line, values.lines = 1, {}
    for part in hcl.root.named_children:
        if part.type == "object":
            raise hcl.error(part, "invalid HCL: a tfvars file holds assignments, not an object")
        for child in part.named_children if part.type == "body" else ():
            if child.type == "block":
                raise hcl.error(child, "a tfvars file holds assignments, not blocks")
            if child.type != "attribute":
                continue
            name = hcl.text(_named(child, "identifier")[0])
            if name in values:
                raise LoadError(
                    rel,
                    line(child),
                    f"{name} is assigned twice (first at line {values.lines[name]})",
                )
            values[name] = _value(hcl, _named(child, "expression")[0], 0)
            values.lines[name] = line(child)
    return Tfvars(rel, values)


def load_tfvars(src: Source) -> Tfvars:
    return parse_tfvars_text(read_text(src), src.rel)
