"""Repository hygiene: Justfile formatting (`just --fmt --check`), what
`git diff --check` reports, final newlines, and every YAML / JSON file parses.

  overlay-preflight hygiene [ROOT]
"""

from __future__ import annotations

from ..checks.groups import HYGIENE
from ..context import Context
from .common import (
    add_overlay_arguments,
    add_root_argument,
    build_overlay,
    options,
    run_checks,
    suppression_file,
)

__all__ = ["add_arguments", "run", "suppression_file"]


def add_arguments(parser) -> None:
    add_root_argument(parser)
    add_overlay_arguments(parser)


def run(args):
    ctx = Context(build_overlay(args), options(args))
    return run_checks("hygiene", ctx, HYGIENE)
