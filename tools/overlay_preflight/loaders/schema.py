"""JSON Schema (2020-12) validation that reports source lines.

Nothing is ever fetched: every validator resolves `$ref` in a `referencing`
registry that holds the schema itself and the bundled meta-schemas and
refuses to retrieve anything else. `unresolvable_refs` names, with its line,
each `$ref` of a schema that cannot be resolved that way (a remote one, or
one pointing nowhere), so the schema command reports it as a finding.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import LoadError, Source, read_text
from .schema_fast import Check, Refused, compile_draft7
from .yamlfile import line_at

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from referencing.jsonschema import SchemaRegistry

# A JSON schema document: an object (a boolean schema is not accepted here).
Schema = dict[str, Any]


def schema_dir() -> Path:
    """`schemas/` of this repo: inside the installed package, or beside it."""
    here = Path(__file__).parent.parent
    for candidate in (here / "schemas", Path(__file__).parent.parent.parent.parent / "schemas"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("overlay-preflight schemas directory not found")


@dataclass(frozen=True)
class SchemaError:
    where: str  # dotted path into the document, e.g. "owner.slug"
    line: int | None
    message: str

    @property
    def key(self) -> str:
        """What the error is about without where it sits: list positions become `*`."""
        shape = ".".join("*" if part.isdigit() else part for part in self.where.split("."))
        return f"{shape}: {self.message}"


@functools.cache
def builtin_schema(name: str) -> Schema:
    schema: Schema = json.loads((schema_dir() / name).read_text(encoding="utf-8"))
    return schema


def load_schema(src: Source) -> Schema:
    from .jsonfile import load_json_text

    try:
        schema = load_json_text(read_text(src), src.rel)
    except LoadError as err:
        raise LoadError(src.rel, err.line, f"invalid JSON schema: {err.message}") from None
    if not isinstance(schema, dict):
        raise LoadError(src.rel, 1, "a JSON schema must be an object")
    from jsonschema import exceptions, validators

    try:
        validators.validator_for(schema).check_schema(schema)
    except exceptions.SchemaError as err:
        raise LoadError(src.rel, None, f"not a valid JSON schema: {err.message}") from None
    return schema


def _where(path: Iterable[str | int]) -> str:
    return ".".join(str(p) for p in path) or "(document)"


# Messages that quote only the schema, never the document's value: a value
# may be a secret, and reports land in a cache every owner can read.
_TEMPLATES = {
    "type": "is not of type {v}",
    "pattern": "does not match the pattern {v}",
    "enum": "is not one of {v}",
    "const": "is not {v}",
    "minLength": "is shorter than {v}",
    "maxLength": "is longer than {v}",
    "minimum": "is less than {v}",
    "maximum": "is greater than {v}",
    "minItems": "has fewer than {v} items",
    "uniqueItems": "has non-unique items",
    "format": "is not a valid {v}",
}


def _describe(err: ValidationError) -> str:
    if err.validator in ("required", "dependentRequired", "additionalProperties"):
        text = err.message
    elif err.validator in _TEMPLATES:
        text = "value " + _TEMPLATES[err.validator].format(v=json.dumps(err.validator_value))
    else:
        text = f"value fails the schema's {err.validator!r} constraint"
    return text if len(text) <= 200 else text[:197] + "..."


def _deepest(err: ValidationError) -> ValidationError:
    """For oneOf/anyOf, the branch error that best explains the failure."""
    from jsonschema.exceptions import best_match

    while err.validator in ("oneOf", "anyOf") and err.context:
        err = best_match(err.context)
    return err


def _refuse(uri: str) -> Any:
    from referencing.exceptions import NoSuchResource

    # referencing declares its attrs classes with a decorator mypy does not
    # read as a dataclass transform, so their fields look like no arguments.
    raise NoSuchResource(ref=uri)  # type: ignore[call-arg]


_REGISTRIES: dict[int, tuple[Schema, SchemaRegistry]] = {}


def registry(schema: Schema) -> SchemaRegistry:
    """The schema and the bundled meta-schemas; retrieval of anything else
    is refused (no network, no file)."""
    cached = _REGISTRIES.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    from jsonschema import validators
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012, specification_with

    dialect = validators.validator_for(schema).META_SCHEMA.get("$id", "")
    default = specification_with(dialect, default=DRAFT202012)
    resource = Resource.from_contents(schema, default_specification=default)
    own_id = schema.get("$id")
    base = own_id if isinstance(own_id, str) else ""
    out: SchemaRegistry = (
        Registry(retrieve=_refuse)  # type: ignore[call-arg]  # as in _refuse
        .with_resources(list(SPECIFICATIONS.items()))
        .with_resource(base, resource)
        .crawl()
    )
    _REGISTRIES[id(schema)] = (schema, out)
    return out


def unresolvable_refs(schema: Schema, rel: str) -> list[LoadError]:
    """A LoadError for each `$ref` of `schema` that cannot be resolved."""
    from urllib.parse import urljoin

    from referencing.exceptions import Unresolvable

    found = registry(schema)
    out: list[LoadError] = []
    stack: list[tuple[Any, str]] = [(schema, "")]
    while stack:
        node, base = stack.pop()
        if isinstance(node, list):
            stack.extend((item, base) for item in node)
            continue
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("$id"), str):
            base = urljoin(base, node["$id"])
        ref = node.get("$ref")
        if isinstance(ref, str):
            try:
                found.resolver(base_uri=base).lookup(ref)
            except Unresolvable:
                line = node.line_of("$ref") if hasattr(node, "line_of") else None
                out.append(LoadError(rel, line, _unresolved(ref)))
        stack.extend((value, base) for key, value in node.items() if key not in ("enum", "const"))
    return sorted(out, key=lambda e: e.line or 0)


def _unresolved(ref: str) -> str:
    shown = repr(ref) if len(ref) <= 80 else repr(ref[:77] + "...")
    why = (
        "it points nowhere in the schema"
        if ref.startswith("#")
        else ("remote and local-file references are never fetched")
    )
    return f"$ref {shown} cannot be resolved: {why}"


_FAST: dict[int, tuple[Schema, Check | None]] = {}


def _fast_check(schema: Schema, cls: type[Any]) -> Check | None:
    """The compiled yes/no check of a draft-07 schema (`schema_fast`), once
    per schema; None for any other dialect or a schema it does not mirror."""
    cached = _FAST.get(id(schema))
    if cached is not None and cached[0] is schema:
        return cached[1]
    from jsonschema import Draft7Validator

    check = None
    if cls is Draft7Validator:
        try:
            check = compile_draft7(schema)
        except Refused:
            check = None
    _FAST[id(schema)] = (schema, check)
    return check


def validate(data: Any, schema: Schema) -> list[SchemaError]:
    """Every error of `data`, with its path and line. A document that the
    compiled check says is valid has none, so jsonschema (which spends most
    of its time building errors for `oneOf` branches that do not match) runs
    only on documents that may have some."""
    from jsonschema import validators
    from referencing.exceptions import Unresolvable

    cls = validators.validator_for(schema)
    fast = _fast_check(schema, cls)
    try:
        if fast is not None and fast(data):
            return []
    except Exception:  # anything unexpected: jsonschema decides
        pass
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER, registry=registry(schema))
    try:
        errors = sorted(
            validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path]
        )
    except Unresolvable as err:
        return [SchemaError("(schema)", None, _unresolved(str(getattr(err, "ref", ""))))]
    out = []
    for error in map(_deepest, errors):
        path = list(error.absolute_path)
        message = _describe(error)
        out.append(SchemaError(_where(path), line_at(data, path), message))
    return out
