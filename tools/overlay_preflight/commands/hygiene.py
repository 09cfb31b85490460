"""Repository hygiene: Justfile formatting (`just --fmt --check`), what
`git diff --check` reports, final newlines, and every YAML / JSON file parses.

  overlay-preflight hygiene [ROOT]
"""

from __future__ import annotations

from ..checks import HYGIENE
from .common import overlay_command

add_arguments, run = overlay_command("hygiene", HYGIENE, root=True)
