"""GitHub Actions workflows: schema, runner labels, the core-read credential,
action pins and permissions.

  overlay-preflight workflows [ROOT]
  overlay-preflight workflows --no-discover --workflow .github/workflows/ci.yml
"""

from __future__ import annotations

from ..checks.groups import WORKFLOWS
from ..context import Context
from .common import (
    add_overlay_arguments,
    add_root_argument,
    add_workflow_policy_arguments,
    build_overlay,
    options,
    run_checks,
    suppression_file,
)

__all__ = ["add_arguments", "run", "suppression_file"]


def add_arguments(parser) -> None:
    add_root_argument(parser)
    add_overlay_arguments(parser, tfvars=False)
    add_workflow_policy_arguments(parser)


def run(args):
    ctx = Context(build_overlay(args), options(args))
    return run_checks("workflows", ctx, WORKFLOWS)
