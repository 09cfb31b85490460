"""The HCL readers as they were on python-hcl2 (tfvars, a stack's top-level
blocks, backend state keys), kept for the side-by-side parser comparison
(bench/hcl_compare.py); needs python-hcl2 (dev venv only)."""

from __future__ import annotations

from typing import Any

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.tfvars import Tfvars
from overlay_preflight.loaders.yamlfile import LineDict, LineList


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


def parse_blocks(text: str, rel: str) -> list:
    """The stack loader's top-level blocks, as python-hcl2 gave them."""
    import hcl2
    from hcl2.rules.base import BlockRule
    from lark.exceptions import LarkError

    from overlay_preflight.loaders.stack import Block

    try:
        tree = hcl2.parses(text)
    except LarkError as err:
        line = getattr(err, "line", None)
        line = line if isinstance(line, int) and line > 0 else None
        raise LoadError(rel, line, "invalid HCL: syntax error") from None
    except RecursionError:
        raise LoadError(rel, None, "invalid HCL: nesting too deep to read") from None
    out = []
    for child in tree.body.children:
        if not isinstance(child, BlockRule):
            continue
        names = [str(label.serialize()).strip('"') for label in child.labels]
        meta = getattr(child, "_meta", None)
        line = getattr(meta, "line", None) if meta is not None and not meta.empty else None
        out.append(Block(names[0], tuple(names[1:]), line or 1))
    return out


def state_keys(rel: str, text: str, prefix: str) -> list[int]:
    """model.state_keys as it was on python-hcl2: `key` values anywhere in
    the document, each at the first line holding the quoted value."""
    import re

    import hcl2

    def keys(node: Any):
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                for name, value in item.items():
                    if name == "key" and isinstance(value, str):
                        yield value.strip().strip('"')
                    else:
                        stack.append(value)
            elif isinstance(item, list):
                stack.extend(item)

    lines = text.splitlines()
    try:
        doc = hcl2.loads(text)
    except Exception:
        doc = None
    if doc is None:
        pattern = re.compile(rf"\bkey\s*[=:]\s*[\"']?{re.escape(prefix)}/")
        return [n for n, line in enumerate(lines, 1) if pattern.search(line)]
    out = []
    for value in keys(doc):
        if value.startswith(prefix + "/"):
            quoted = f'"{value}"'
            out.append(next((n for n, line in enumerate(lines, 1) if quoted in line), 1))
    return out
