"""Core pins only: organization.yaml, MODULE.bazel, Justfile and workflow pins
agree, are full commits, and resolve to the selected core ref."""

from __future__ import annotations

from ..checks import core_pin, organization_schema
from ..context import Context
from .common import (
    add_core_arguments,
    add_overlay_arguments,
    build_overlay,
    options,
    run_checks,
    suppression_file,
)

__all__ = ["add_arguments", "run", "suppression_file"]


def add_arguments(parser) -> None:
    add_overlay_arguments(parser, tfvars=False)
    add_core_arguments(parser)


def run(args):
    ctx = Context(build_overlay(args), options(args))
    return run_checks("core-pin", ctx, (organization_schema, core_pin))
