"""config/organization.yaml conforms to schemas/organization.schema.json."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders import schema
from ..loaders.organization import SCHEMA
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

ORG_SCHEMA = registry.rule(
    "organization-schema",
    registry.BLOCKER,
    "config/organization.yaml does not conform to schemas/organization.schema.json.",
    "Fix the key at the named line; the message names the constraint it breaks.",
    concern="schema",
)

RULES = (ORG_SCHEMA,)
NEEDS = frozenset({kinds.ORGANIZATION})


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    if org is None:
        return
    for err in schema.validate(org.data, schema.builtin_schema(SCHEMA)):
        message = f"{err.where}: {err.message}"
        yield finding(ORG_SCHEMA, org.rel, err.line, message, key=err.key)
