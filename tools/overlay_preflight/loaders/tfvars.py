"""OpenTofu `*.tfvars`: python-hcl2, with a line for every key and item.

Values load as plain Python (strings unquoted, numbers, booleans); objects
as `LineDict` and tuples as `LineList` (see yamlfile), so `line_at` works the
same on tfvars and YAML. An expression that is not a literal (a reference,
a function call, a template with `${...}`) is kept as its HCL source text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import LoadError, Source, read_text
from .yamlfile import LineDict, LineList, line_at


@dataclass(frozen=True)
class Tfvars:
    rel: str
    values: LineDict

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def line(self, *path) -> int | None:
        return line_at(self.values, list(path))


def _options():
    from hcl2.utils import SerializationOptions

    return SerializationOptions(
        with_comments=False,
        strip_string_quotes=True,
        explicit_blocks=False,
        preserve_heredocs=False,
    )


def _line(rule) -> int:
    meta = getattr(rule, "_meta", None)
    return getattr(meta, "line", None) or 1 if meta is not None and not meta.empty else 1


def _convert(expr, options, rel: str) -> Any:
    from hcl2.rules.containers import ObjectRule, TupleRule
    from hcl2.rules.expressions import ExprTermRule

    while isinstance(expr, ExprTermRule) and not expr.parentheses:
        expr = expr.expression
    if isinstance(expr, ObjectRule):
        out = LineDict()
        out.line, out.lines = _line(expr), {}
        for elem in expr.elements:
            key = elem.key.serialize(options)
            if isinstance(key, str) and len(key) >= 2 and key[0] == key[-1] == '"':
                key = key[1:-1]
            if key in out:
                raise LoadError(
                    rel, _line(elem), f"key {str(key)[:80]!r} is set twice in one object"
                )
            out[key] = _convert(elem.expression, options, rel)
            out.lines[key] = _line(elem)
        return out
    if isinstance(expr, TupleRule):
        items = LineList(_convert(e, options, rel) for e in expr.elements)
        items.line = _line(expr)
        items.lines = [_line(e) for e in expr.elements]
        return items
    return expr.serialize(options)


def parse_tfvars_text(text: str, rel: str) -> Tfvars:
    import hcl2
    from hcl2.rules.base import AttributeRule, BlockRule
    from lark.exceptions import LarkError

    try:
        tree = hcl2.parses(text)
    except LarkError as err:
        # Never quote the offending text: it may be a secret.
        line = getattr(err, "line", None)
        token = getattr(getattr(err, "token", None), "type", None)
        detail = f"unexpected {token}" if token else "syntax error"
        if isinstance(getattr(err, "column", None), int):
            detail += f" at column {err.column}"
        line = line if isinstance(line, int) and line > 0 else None
        raise LoadError(rel, line, f"invalid HCL: {detail}") from None
    except RecursionError:
        raise LoadError(rel, None, "invalid HCL: nesting too deep to read") from None
    options = _options()
    values = LineDict()
    values.line, values.lines = 1, {}
    try:
        for child in tree.body.children:
            if isinstance(child, BlockRule):
                raise LoadError(rel, _line(child), "a tfvars file holds assignments, not blocks")
            if not isinstance(child, AttributeRule):
                continue
            name = child.identifier.serialize(options)
            if name in values:
                raise LoadError(
                    rel,
                    _line(child),
                    f"{name} is assigned twice (first at line {values.lines[name]})",
                )
            values[name] = _convert(child.expression, options, rel)
            values.lines[name] = _line(child)
    except (RecursionError, ValueError, RuntimeError) as err:
        raise LoadError(rel, None, f"invalid HCL: {type(err).__name__}") from None
    return Tfvars(rel, values)


def load_tfvars(src: Source) -> Tfvars:
    return parse_tfvars_text(read_text(src), src.rel)
