"""A yes/no answer to "is this document valid?" for a draft-07 JSON schema,
as closures compiled once per schema: the fast path of `schema.validate`.

jsonschema reports every error with its path, which is what a finding needs;
but to say that a valid document is valid it still builds an error object
for each branch of a `oneOf` that does not match (a workflow step tries six:
`uses`, `run`, `wait`, ...), about 100 microseconds a step. When these
closures say a document is valid, no error can exist and jsonschema is not
run; when they say it is not (or raise), jsonschema runs as before and
produces the errors. So the fast path may only ever be *exactly as strict*
as jsonschema's Draft7Validator: each keyword below mirrors that validator's
own implementation (jsonschema `_keywords`, `_legacy_keywords`, `_types`,
`_utils.equal`), and a schema that uses anything else (another dialect, a
keyword not listed, `format`, a `$ref` that is not a plain local pointer, a
nested `$id`, a pattern Python cannot compile) gets no fast path at all.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

Check = Callable[[Any], bool]

DRAFT7 = "http://json-schema.org/draft-07/schema#"

# Keywords a Draft7Validator does not validate with: annotations, and the
# containers of subschemas that are reached only through other keywords.
_IGNORED = frozenset(
    {"$comment", "title", "description", "default", "examples", "readOnly", "writeOnly",
     "deprecationMessage", "markdownDescription", "definitions", "then", "else"}
)  # fmt: skip


class Refused(Exception):
    """The schema uses something the fast path does not mirror."""


def compile_draft7(schema: Mapping[str, Any]) -> Check:
    """The check of a draft-07 `schema` (a root document that says so in
    `$schema`, as jsonschema's `validator_for` reads it), or Refused."""
    if schema.get("$schema") not in (DRAFT7, DRAFT7.rstrip("#")):
        raise Refused("not a draft-07 schema")
    return _Compiler(schema).compile(schema, root=True)


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


def _is_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, numbers.Number)


_TYPES: dict[str, Check] = {
    "object": lambda x: isinstance(x, dict),
    "array": lambda x: isinstance(x, list),
    "string": lambda x: isinstance(x, str),
    "boolean": lambda x: isinstance(x, bool),
    "null": lambda x: x is None,
    "integer": _is_integer,
    "number": _is_number,
}


def _unbool(x: Any, true: object = object(), false: object = object()) -> Any:
    if x is True:
        return true
    if x is False:
        return false
    return x


def _equal(one: Any, two: Any) -> bool:
    """jsonschema's `_utils.equal`: equality that keeps `True` apart from `1`."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return bool(one == two)
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(_equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return len(one) == len(two) and all(
            key in two and _equal(value, two[key]) for key, value in one.items()
        )
    return bool(_unbool(one) == _unbool(two))


def _regex(pattern: object) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise Refused("a pattern that is not a string")
    try:
        return re.compile(pattern)
    except re.error:
        raise Refused("a pattern Python cannot compile") from None


def _always(x: Any) -> bool:
    return True


def _all(checks: list[Check]) -> Check:
    """All of `checks` (a loop, not a generator: this is the hot path)."""
    checks = [c for c in checks if c is not _always]
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda x: a(x) and b(x)

    def every(x: Any) -> bool:
        for check in checks:  # noqa: SIM110  # no generator: the hot path
            if not check(x):
                return False
        return True

    return every


class _Compiler:
    def __init__(self, root: Mapping[str, Any]):
        self.root = root
        self.done: dict[int, Check] = {}  # id(subschema) -> its check (the root holds them)

    def compile(self, schema: Any, root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return lambda x: False
        if not isinstance(schema, dict):
            raise Refused("a subschema that is not an object or a boolean")
        key = id(schema)
        if key not in self.done:
            # A placeholder for a schema that refers to itself (a step's
            # `parallel` steps): it calls the finished check.
            cell: list[Check] = []
            self.done[key] = lambda x: cell[0](x)
            cell.append(self._build(schema, root))
            self.done[key] = cell[0]
        return self.done[key]

    def _ref(self, ref: object) -> Check:
        """A plain local pointer (`#`, `#/definitions/name`), resolved in the root."""
        if not isinstance(ref, str) or not (ref == "#" or ref.startswith("#/")):
            raise Refused("a $ref that is not a local pointer")
        if "%" in ref or "~" in ref:
            raise Refused("a $ref with an escape")
        node: Any = self.root
        for part in ref[2:].split("/") if ref != "#" else ():
            if not isinstance(node, dict) or part not in node:
                raise Refused("a $ref that points nowhere")
            node = node[part]
        return self.compile(node)

    def _build(self, schema: dict[str, Any], root: bool) -> Check:
        if "$ref" in schema:  # draft-07: a $ref's siblings are ignored
            return self._ref(schema["$ref"])
        first: list[Check] = []  # `type`: the cheapest test, run first
        checks: list[Check] = []
        objects: list[Check] = []  # run only on objects (one isinstance for all)
        for keyword, value in schema.items():
            if keyword in _IGNORED or (root and keyword in ("$schema", "$id")):
                continue
            build = _KEYWORDS.get(keyword)
            if build is None:
                raise Refused(f"keyword {keyword!r}")
            check, on_objects = build(self, value, schema)
            if check is not None:
                (first if keyword == "type" else objects if on_objects else checks).append(check)
        if objects:
            on_object = _all(objects)
            checks.insert(0, lambda x: not isinstance(x, dict) or on_object(x))
        return _all(first + checks)

    # Each keyword: (check or None, whether it applies to objects only).

    def type_(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        names = value if isinstance(value, list) else [value]
        if not names or any(not isinstance(n, str) or n not in _TYPES for n in names):
            raise Refused("an unknown type")
        tests = [_TYPES[n] for n in names]
        if len(tests) == 1:
            return tests[0], False
        return (lambda x: any(t(x) for t in tests)), False

    def enum(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if not isinstance(value, list):
            raise Refused("an enum that is not a list")
        if all(isinstance(v, str) for v in value):
            strings = frozenset(value)
            return (lambda x: isinstance(x, str) and x in strings), False
        return (lambda x: any(_equal(v, x) for v in value)), False

    def const(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        return (lambda x: _equal(x, value)), False

    def properties(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if not isinstance(value, dict):
            raise Refused("properties that are not an object")
        named = {name: self.compile(sub) for name, sub in value.items()}
        named = {name: check for name, check in named.items() if check is not _always}
        if not named:
            return None, True

        def each_named(x: dict[Any, Any]) -> bool:
            # Over the instance's keys: a step has one or two of its 17 properties.
            for key, item in x.items():
                check = named.get(key)
                if check is not None and not check(item):
                    return False
            return True

        return each_named, True

    def patternProperties(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if not isinstance(value, dict):
            raise Refused("patternProperties that are not an object")
        pairs = [(_regex(p), self.compile(sub)) for p, sub in value.items()]

        def each_matching(x: dict[Any, Any]) -> bool:
            for rx, check in pairs:
                for key, item in x.items():
                    if rx.search(key) and not check(item):
                        return False
            return True

        return each_matching, True

    def additionalProperties(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if value is True or value == {}:
            return None, True
        named = schema.get("properties", {})
        patterns = schema.get("patternProperties", {})
        if not isinstance(named, dict) or not isinstance(patterns, dict):
            raise Refused("properties that are not an object")
        # As jsonschema finds the extras: one search of the joined patterns.
        joined = _regex("|".join(patterns)) if patterns else None

        def extras(x: dict[Any, Any]) -> list[Any]:
            return [
                k for k in x if k not in named and not (joined is not None and joined.search(k))
            ]

        if value is False:

            def no_extra(x: dict[Any, Any]) -> bool:
                for key in x:
                    if key not in named and not (joined is not None and joined.search(key)):
                        return False
                return True

            return no_extra, True
        if not isinstance(value, dict):
            raise Refused("additionalProperties that is not a schema")
        check = self.compile(value)
        return (lambda x: all(check(x[k]) for k in extras(x))), True

    def required(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if not isinstance(value, list):
            raise Refused("required that is not a list")
        names = tuple(value)
        if len(names) == 1:
            name = names[0]
            return (lambda x: name in x), True
        return (lambda x: all(n in x for n in names)), True

    def minProperties(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        limit = _count(value)
        return (lambda x: len(x) >= limit), True

    def dependencies(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if not isinstance(value, dict):
            raise Refused("dependencies that are not an object")
        checks = [self._dependency(name, dependency) for name, dependency in value.items()]
        return _all(checks), True

    def _dependency(self, name: str, dependency: Any) -> Check:
        """When `name` is present: the names it needs (a list), or a schema."""
        if isinstance(dependency, list):
            needed = tuple(dependency)
            return lambda x: name not in x or all(n in x for n in needed)
        sub = self.compile(dependency)
        return lambda x: name not in x or sub(x)

    def items(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        if "additionalItems" in schema:
            raise Refused("additionalItems")
        if isinstance(value, list):
            subs = [self.compile(s) for s in value]
            return (
                lambda x: (
                    not isinstance(x, list) or all(c(i) for c, i in zip(subs, x, strict=False))
                )
            ), False
        check = self.compile(value)

        def each_item(x: Any) -> bool:
            if isinstance(x, list):
                for item in x:
                    if not check(item):
                        return False
            return True

        return each_item, False

    def minItems(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        limit = _count(value)
        return (lambda x: not isinstance(x, list) or len(x) >= limit), False

    def minLength(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        limit = _count(value)
        return (lambda x: not isinstance(x, str) or len(x) >= limit), False

    def pattern(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        rx = _regex(value)
        return (lambda x: not isinstance(x, str) or rx.search(x) is not None), False

    def allOf(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        return _all(self._list(value)), False

    def anyOf(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        subs = self._list(value)

        def any_of(x: Any) -> bool:
            for check in subs:  # noqa: SIM110  # no generator: the hot path
                if check(x):
                    return True
            return False

        return any_of, False

    def oneOf(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        subs = self._list(value)

        def one(x: Any) -> bool:
            found = False
            for c in subs:
                if c(x):
                    if found:
                        return False
                    found = True
            return found

        return one, False

    def not_(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        sub = self.compile(value)
        return (lambda x: not sub(x)), False

    def if_(self, value: Any, schema: dict[str, Any]) -> tuple[Check | None, bool]:
        test = self.compile(value)
        then = self.compile(schema["then"]) if "then" in schema else None
        else_ = self.compile(schema["else"]) if "else" in schema else None
        return (
            lambda x: (then is None or then(x)) if test(x) else (else_ is None or else_(x))
        ), False

    def _list(self, value: Any) -> list[Check]:
        if not isinstance(value, list) or not value:
            raise Refused("a list of subschemas that is empty or not a list")
        return [self.compile(s) for s in value]


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise Refused("a count that is not an integer")
    return value


_Build = Callable[[_Compiler, Any, dict[str, Any]], tuple[Check | None, bool]]
_KEYWORDS: dict[str, _Build] = {
    "type": _Compiler.type_,
    "enum": _Compiler.enum,
    "const": _Compiler.const,
    "properties": _Compiler.properties,
    "patternProperties": _Compiler.patternProperties,
    "additionalProperties": _Compiler.additionalProperties,
    "required": _Compiler.required,
    "minProperties": _Compiler.minProperties,
    "dependencies": _Compiler.dependencies,
    "items": _Compiler.items,
    "minItems": _Compiler.minItems,
    "minLength": _Compiler.minLength,
    "pattern": _Compiler.pattern,
    "allOf": _Compiler.allOf,
    "anyOf": _Compiler.anyOf,
    "oneOf": _Compiler.oneOf,
    "not": _Compiler.not_,
    "if": _Compiler.if_,
}
