"""The Justfile is formatted as `just --fmt` writes it (checked with the
rust-just binary: `just --fmt --check --unstable`). A Justfile that does not
parse is an `input-invalid` blocker of the loader."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

from .. import registry
from ..loaders.justfile import just_binary
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

FORMAT = registry.rule(
    "justfile-format",
    registry.WARNING,
    "The Justfile is not formatted as `just --fmt` writes it.",
    "Run `just --fmt --unstable` and commit the result.",
    concern="hygiene",
)

RULES = (FORMAT,)
NEEDS = frozenset({kinds.JUSTFILE})


def first_changed_line(diff: str) -> int:
    """`just --fmt --check` prints the whole file as a diff without line
    numbers: count the unchanged lines before the first change."""
    before = 0
    for line in diff.splitlines():
        if line.startswith(("-", "+")):
            break
        before += 1
    return before + 1


def check(ctx: Context) -> Iterator[Finding]:
    src = ctx.overlay.files.justfile
    binary = just_binary()
    if src is None or binary is None or ctx.overlay.justfile is None:
        return  # absent, or unparsable / no binary: the loader's finding
    proc = subprocess.run(
        [
            binary,
            "--justfile",
            str(src.path),
            "--working-directory",
            str(src.path.parent),
            "--fmt",
            "--check",
            "--unstable",
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=30,
        check=False,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1"},
    )
    if proc.returncode != 0:
        yield finding(
            FORMAT,
            src.rel,
            first_changed_line(proc.stdout),
            "Justfile differs from `just --fmt` output",
        )
