"""Core pins only: organization.yaml, MODULE.bazel, Justfile and workflow pins
agree, are full commits, and resolve to the selected core ref."""

from __future__ import annotations

from ..checks.groups import CORE_PIN
from .common import overlay_command, suppression_file

__all__ = ["add_arguments", "run", "suppression_file"]

add_arguments, run = overlay_command("core-pin", CORE_PIN, tfvars=False, core=True)
