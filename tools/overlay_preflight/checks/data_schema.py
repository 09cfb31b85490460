"""YAML / JSON documents conform to a JSON Schema (the `schema` command)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..loaders import schema as schema_loader
from ..report import Finding, finding

SCHEMA_VIOLATION = registry.rule(
    "schema-violation",
    registry.BLOCKER,
    "A file does not conform to the JSON Schema it is checked against (schema command).",
    "Fix the value at the named line; the message names the constraint it breaks.",
    concern="schema",
)

RULES = (SCHEMA_VIOLATION,)


@dataclass
class Documents:
    schema: dict[str, Any]
    documents: list[tuple[str, Any]]  # (path, loaded data with lines)


def check(model: Documents) -> Iterator[Finding]:
    for rel, data in model.documents:
        for err in schema_loader.validate(data, model.schema):
            message = f"{err.where}: {err.message}"
            yield finding(SCHEMA_VIOLATION, rel, err.line, message, key=err.key)
