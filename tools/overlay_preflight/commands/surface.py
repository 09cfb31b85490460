"""The operator surface: workflows run no raw `tofu`/`terraform` state
operation or `kubectl` mutation and call literal `just` recipes
(policy.workflow_recipes), repository_dispatch is flagged, only apply
recipes pin workloads imperatively, and docs show no copy-paste `kubectl
apply`.

  overlay-preflight surface [ROOT]
"""

from __future__ import annotations

from ..checks import SURFACE
from .common import overlay_command

add_arguments, run = overlay_command("surface", SURFACE, root=True)
