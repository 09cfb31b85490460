"""config/organization.yaml: the owner's settings, with line numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import Source
from .yamlfile import LineDict, line_at, load_yaml_mapping

SCHEMA = "organization.schema.json"


@dataclass(frozen=True)
class Organization:
    rel: str
    data: LineDict

    def get(self, *path: str, default: Any = None) -> Any:
        node: Any = self.data
        for step in path:
            if not isinstance(node, dict) or step not in node:
                return default
            node = node[step]
        return node

    def text(self, *path: str) -> str | None:
        """A string setting, or None when absent or not a string."""
        value = self.get(*path)
        return value if isinstance(value, str) else None

    def line(self, *path: str) -> int | None:
        return line_at(self.data, list(path))

    @property
    def slug(self) -> str | None:
        return self.text("owner", "slug")

    @property
    def controller_owner(self) -> str | None:
        """substrate.cluster.arc_controller_owner: the overlay repo that runs ARC."""
        return self.text("substrate", "cluster", "arc_controller_owner")

    @property
    def owns_controller(self) -> bool | None:
        """Is this overlay the controller owner? None when it cannot be told."""
        owner, repo = self.controller_owner, self.text("owner", "repository")
        if not owner or not repo:
            return None
        return owner.lower() == repo.lower()

    @property
    def is_personal(self) -> bool:
        return self.text("owner", "account_kind") == "user"


def load_organization(src: Source) -> Organization:
    return Organization(src.rel, load_yaml_mapping(src))
