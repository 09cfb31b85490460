"""Core pins only: organization.yaml, MODULE.bazel, Justfile and workflow pins
agree, are full commits, and resolve to the selected core ref."""

from __future__ import annotations

from ..checks import CORE_PIN
from ..model import kinds
from .common import overlay_command

add_arguments, run = overlay_command(
    "core-pin", CORE_PIN, tfvars=False, core=True, required=(kinds.ORGANIZATION, kinds.MODULE_BAZEL)
)
