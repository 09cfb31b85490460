"""GitHub Actions workflows: schema, runner labels, the core-read credential,
action pins and permissions.

  overlay-preflight workflows [ROOT]
  overlay-preflight workflows --no-discover --workflow .github/workflows/ci.yml
"""

from __future__ import annotations

from ..checks import WORKFLOWS
from .common import overlay_command

add_arguments, run = overlay_command("workflows", WORKFLOWS, root=True, tfvars=False, policy=True)
