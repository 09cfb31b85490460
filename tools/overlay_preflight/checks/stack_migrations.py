"""Reusable stacks carry no one-off state migrations: `import` and `removed`
blocks belong in operator migration steps, never in the stack every owner
applies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import registry
from ..loaders.stack import Block
from ..report import Finding, finding

STACK_MIGRATION = registry.rule(
    "stack-migration-block",
    registry.BLOCKER,
    "A reusable stack holds an `import` or `removed` block.",
    "One-off imports stay in operator migration steps: each owner overlay may use "
    "distinct release keys. Move the block out of the stack.",
    concern="plan",
    suppressible=registry.Suppressible.NEVER,
)

RULES = (STACK_MIGRATION,)


def check(stacks: Iterable[tuple[str, list[Block]]]) -> Iterator[Finding]:
    """`stacks`: (path, top-level blocks) of each stack source file."""
    for rel, blocks in stacks:
        for block in blocks:
            if block.type in ("import", "removed"):
                yield finding(
                    STACK_MIGRATION,
                    rel,
                    block.line,
                    f"`{block.type}` block in a reusable stack: one-off imports stay in "
                    "operator migration steps",
                    key=block.type,
                )
