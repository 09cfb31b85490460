"""JSON Schema (2020-12) validation that reports source lines."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import LoadError, Source, read_text
from .yamlfile import line_at


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
def builtin_schema(name: str) -> dict:
    return json.loads((schema_dir() / name).read_text(encoding="utf-8"))


def load_schema(src: Source) -> dict:
    try:
        schema = json.loads(read_text(src))
    except json.JSONDecodeError as err:
        raise LoadError(src.rel, err.lineno, f"invalid JSON schema: {err.msg}") from None
    if not isinstance(schema, dict):
        raise LoadError(src.rel, 1, "a JSON schema must be an object")
    from jsonschema import exceptions, validators

    try:
        validators.validator_for(schema).check_schema(schema)
    except exceptions.SchemaError as err:
        raise LoadError(src.rel, None, f"not a valid JSON schema: {err.message}") from None
    return schema


def _where(path) -> str:
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


def _describe(err) -> str:
    if err.validator in ("required", "dependentRequired", "additionalProperties"):
        text = err.message
    elif err.validator in _TEMPLATES:
        text = "value " + _TEMPLATES[err.validator].format(v=json.dumps(err.validator_value))
    else:
        text = f"value fails the schema's {err.validator!r} constraint"
    return text if len(text) <= 200 else text[:197] + "..."


def _deepest(err):
    """For oneOf/anyOf, the branch error that best explains the failure."""
    from jsonschema.exceptions import best_match

    while err.validator in ("oneOf", "anyOf") and err.context:
        err = best_match(err.context)
    return err


def validate(data: Any, schema: dict) -> list[SchemaError]:
    from jsonschema import validators

    cls = validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    out = []
    for err in map(_deepest, errors):
        path = list(err.absolute_path)
        message = _describe(err)
        out.append(SchemaError(_where(path), line_at(data, path), message))
    return out
