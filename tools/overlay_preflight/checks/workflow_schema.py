"""Workflow files conform to the GitHub workflow schema (SchemaStore's
github-workflow.json, vendored under schemas/vendor/). Duplicate keys and
bad YAML are `input-invalid` findings of the loader."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders import schema
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

SCHEMA = "vendor/github-workflows.json"

WORKFLOW_SCHEMA = registry.rule(
    "workflow-schema",
    registry.BLOCKER,
    "A workflow file does not conform to the GitHub Actions workflow schema.",
    "Fix the key at the named line; GitHub would reject or misread this workflow.",
    concern="workflows",
)

RULES = (WORKFLOW_SCHEMA,)
NEEDS = frozenset({kinds.WORKFLOWS})


def check(ctx: Context) -> Iterator[Finding]:
    for wf in ctx.overlay.workflows:
        for err in schema.validate(wf.data, schema.builtin_schema(SCHEMA)):
            message = f"{err.where}: {err.message}"
            yield finding(WORKFLOW_SCHEMA, wf.rel, err.line, message, key=err.key)
