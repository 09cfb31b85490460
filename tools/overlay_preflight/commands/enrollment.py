"""The strict enrollment preflight: every per-overlay check, one report.

Typical use after a core-pin refresh:
  GF_EXPECTED_CORE_REF=<sha> overlay-preflight enrollment --overlay-root . --strict
"""

from __future__ import annotations

import argparse

from ..checks import ENROLLMENT
from ..model import kinds
from .common import add_consumer_registry_argument, overlay_command

_add_arguments, run = overlay_command(
    "enrollment",
    ENROLLMENT,
    core=True,
    policy=True,
    anchors=True,
    required=(kinds.ORGANIZATION, kinds.MODULE_BAZEL, kinds.TFVARS),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _add_arguments(parser)
    add_consumer_registry_argument(parser)
