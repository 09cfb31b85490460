"""Plain-text secrets in every text file of the overlay (the estate's
patterns and detect-secrets). Values are never printed: each finding names the
kind, the file, the line and a redacted form.

  overlay-preflight secrets [ROOT]
"""

from __future__ import annotations

from ..checks import SECRETS
from .common import overlay_command

add_arguments, run = overlay_command("secrets", SECRETS, root=True)
