"""The public surface of a public overlay (policy.visibility: public): no
personal email address, phone number or home directory path in its text
files. Values are never printed.

  overlay-preflight pii [ROOT]
"""

from __future__ import annotations

from ..checks import PII
from .common import overlay_command

add_arguments, run = overlay_command("pii", PII, root=True)
