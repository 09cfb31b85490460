"""The substrate boundary: code surfaces reach policy.substrate.repository
only where an entry of policy.substrate.allowlist names the interface.

  overlay-preflight substrate [ROOT]
"""

from __future__ import annotations

from ..checks import SUBSTRATE
from .common import overlay_command

add_arguments, run = overlay_command("substrate", SUBSTRATE, root=True)
