"""What a per-overlay check receives: the loaded overlay and the options
that shape judgement."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Policy
from .overlay import Overlay


@dataclass
class Options:
    expected_core_ref: str | None = None
    core_path: Path | None = None
    repo: str | None = None
    allow_repo_registration_anchor: bool = False
    github_hosted: str | None = None  # None: the organization's policy or "warn"
    workflow_permissions: str | None = None  # the same, for missing/write-all permissions
    consumer_registry: Path | None = None  # the core's consumer-registry.json, when given


@dataclass
class Context:
    overlay: Overlay
    options: Options = field(default_factory=Options)

    @property
    def policy(self) -> Policy:
        """The overlay's own policy (.overlay-preflight.yaml), defaults when absent."""
        return self.overlay.config.policy
