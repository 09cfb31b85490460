"""Kustomize references: every path a kustomization names is local, exists
and stays inside its stack (k8s/<stack>/); remote references are refused.

  overlay-preflight kustomize [ROOT]
"""

from __future__ import annotations

from ..checks import KUSTOMIZE
from .common import overlay_command

add_arguments, run = overlay_command("kustomize", KUSTOMIZE, root=True)
