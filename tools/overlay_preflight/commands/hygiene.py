"""Repository hygiene: Justfile formatting (`just --fmt --check`), what
`git diff --check` reports, final newlines, and every YAML / JSON file parses.

  overlay-preflight hygiene [ROOT]
"""

from __future__ import annotations

from ..checks.groups import HYGIENE
from .common import overlay_command, suppression_file

__all__ = ["add_arguments", "run", "suppression_file"]

add_arguments, run = overlay_command("hygiene", HYGIENE, root=True)
