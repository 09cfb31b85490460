"""The strict enrollment preflight: every per-overlay check, one report.

Typical use after a core-pin refresh:
  GF_EXPECTED_CORE_REF=<sha> overlay-preflight enrollment --overlay-root . --strict
"""

from __future__ import annotations

from ..checks.groups import ENROLLMENT
from .common import overlay_command, suppression_file

__all__ = ["add_arguments", "run", "suppression_file"]

add_arguments, run = overlay_command(
    "enrollment", ENROLLMENT, core=True, policy=True, anchors=True, parse_all=True
)
