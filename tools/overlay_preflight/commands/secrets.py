"""Plain-text secrets in every text file of the overlay (the estate's
patterns and detect-secrets). Values are never printed: each finding names the
kind, the file, the line and a redacted form.

  overlay-preflight secrets [ROOT]
"""

from __future__ import annotations

from ..checks.groups import SECRETS
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
    return run_checks("secrets", ctx, SECRETS)
