"""MODULE.bazel: read as Starlark syntax with Python's `ast`, never executed.

Extracts `module()`, every `bazel_dep()` and the overrides. Arguments that are
plain literals are kept as values; anything computed is kept as `Computed`
so checks can say "not a literal" instead of guessing.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import LoadError, Source, read_text

OVERRIDES = (
    "git_override",
    "archive_override",
    "local_path_override",
    "single_version_override",
    "multiple_version_override",
)


@dataclass(frozen=True)
class Computed:
    """An argument whose value is an expression, not a literal."""

    source: str


@dataclass(frozen=True)
class Call:
    name: str
    line: int
    kwargs: dict[str, Any]  # a literal's value (str, int, list, ...) or Computed
    kwarg_lines: dict[str, int]

    def get(self, key: str, default: Any = None) -> Any:
        return self.kwargs.get(key, default)

    def line_of(self, key: str) -> int:
        return self.kwarg_lines.get(key, self.line)


@dataclass
class ModuleFile:
    rel: str
    module: Call | None = None
    deps: list[Call] = field(default_factory=list)
    overrides: list[Call] = field(default_factory=list)

    def dep(self, name: str) -> Call | None:
        return next((d for d in self.deps if d.get("name") == name), None)

    def overrides_for(self, module_name: str) -> list[Call]:
        return [o for o in self.overrides if o.get("module_name") == module_name]


def _value(node: ast.AST, text: str) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return Computed(ast.get_source_segment(text, node) or "<expression>")


def _calls(tree: ast.Module) -> Iterator[tuple[str, ast.Call]]:
    """Top-level calls: `f(...)` statements and `x = f(...)` assignments."""
    for stmt in tree.body:
        value = getattr(stmt, "value", None)
        if (
            isinstance(stmt, (ast.Expr, ast.Assign))
            and isinstance(value, ast.Call)
            and isinstance(value.func, ast.Name)
        ):
            yield value.func.id, value


def parse_module_text(text: str, rel: str) -> ModuleFile:
    try:
        with warnings.catch_warnings():  # warnings about the input, not for us
            warnings.simplefilter("ignore")
            tree = ast.parse(text, filename=rel)
    except SyntaxError as err:
        raise LoadError(rel, err.lineno, f"invalid Starlark syntax: {err.msg}") from None
    except (ValueError, MemoryError, RecursionError) as err:
        raise LoadError(rel, None, f"cannot parse as Starlark: {type(err).__name__}") from None
    result = ModuleFile(rel)
    for name, call in _calls(tree):
        kwargs: dict[str, Any] = {}
        lines: dict[str, int] = {}
        for kw in call.keywords:
            if kw.arg is None:
                continue
            kwargs[kw.arg] = _value(kw.value, text)
            lines[kw.arg] = kw.value.lineno
        record = Call(name, call.lineno, kwargs, lines)
        if name == "module":
            result.module = record
        elif name == "bazel_dep":
            result.deps.append(record)
        elif name in OVERRIDES:
            result.overrides.append(record)
    return result


def load_module_bazel(src: Source) -> ModuleFile:
    return parse_module_text(read_text(src), src.rel)
