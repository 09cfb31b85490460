"""The strict enrollment preflight: every per-overlay check, one report.

Typical use after a core-pin refresh:
  GF_EXPECTED_CORE_REF=<sha> overlay-preflight enrollment --overlay-root . --strict
"""

from __future__ import annotations

from ..checks.groups import ENROLLMENT
from ..context import Context
from .common import (
    add_core_arguments,
    add_overlay_arguments,
    add_workflow_policy_arguments,
    build_overlay,
    options,
    run_checks,
    suppression_file,
)

__all__ = ["add_arguments", "run", "suppression_file"]


def add_arguments(parser) -> None:
    add_overlay_arguments(parser)
    add_core_arguments(parser)
    add_workflow_policy_arguments(parser)
    parser.add_argument("--allow-repo-registration-anchor", action="store_true",
                        help="repo-scoped registration anchors are warnings, not blockers")


def run(args):
    ctx = Context(build_overlay(args), options(args))
    # Every input of the overlay must parse, whether or not a check reads it.
    ctx.overlay.organization(), ctx.overlay.module_bazel(), ctx.overlay.justfile()
    ctx.overlay.tfvars(), ctx.overlay.workflows()
    return run_checks("enrollment", ctx, ENROLLMENT)
