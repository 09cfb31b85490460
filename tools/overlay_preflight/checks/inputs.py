"""Inputs: every file a command reads is there and parses. Load errors are
values the model keeps (`Overlay.errors`, or a capture's `LoadError`); this
module is the one place that turns them into findings."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol

from .. import registry
from ..loaders import MAX_CONFIG_BYTES, LoadError, Source
from ..report import Finding, finding

CONCERN = "input"
INPUT_INVALID = registry.rule(
    "input-invalid",
    registry.BLOCKER,
    "An input file cannot be read or parsed (bad YAML, HCL, Starlark, JSON, wrong types).",
    "Fix the syntax at the named line; the file must parse before anything else is judged.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
INPUT_MISSING = registry.rule(
    "input-missing",
    registry.BLOCKER,
    "A file the check needs is absent.",
    "Add the file at the expected path, or point the matching flag at it.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
SYMLINK_ESCAPES = registry.rule(
    "symlink-escapes-root",
    registry.WARNING,
    "A symlink in the overlay points outside the overlay root; it is not followed.",
    "Replace the symlink with the file itself, or remove it.",
    concern=CONCERN,
)
TOO_LARGE = registry.rule(
    "file-too-large-to-scan",
    registry.WARNING,
    "A file over the size limit was not scanned for secrets or hygiene.",
    "Keep generated or vendored blobs out of the overlay, or scan them separately.",
    concern=CONCERN,
)

RULES = (INPUT_INVALID, INPUT_MISSING, SYMLINK_ESCAPES, TOO_LARGE)
NEEDS: frozenset[str] = frozenset()


def load_findings(errors: Iterable[LoadError | None]) -> Iterator[Finding]:
    """input-missing or input-invalid for each load error."""
    for err in errors:
        if err is not None:
            rule = INPUT_MISSING if err.missing else INPUT_INVALID
            yield finding(rule, err.path, err.line, err.message)


class Inputs(Protocol):
    """What was loaded: an `Overlay`, or a command's `Captures`."""

    errors: list[LoadError]

    @property
    def escaping_links(self) -> Sequence[Source]: ...

    @property
    def too_large(self) -> Sequence[tuple[str, int]]: ...


def check(loaded: Inputs) -> Iterator[Finding]:
    yield from load_findings(loaded.errors)
    for src in loaded.escaping_links:
        yield finding(SYMLINK_ESCAPES, src.rel, None, "symlink points outside the overlay root")
    for rel, size in loaded.too_large:
        yield finding(
            TOO_LARGE,
            rel,
            None,
            f"{size} bytes, over the {MAX_CONFIG_BYTES}-byte limit: not scanned",
            key="over the size limit",
        )
