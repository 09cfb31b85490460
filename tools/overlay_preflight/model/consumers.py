"""The core's consumer registry (`config/consumer-registry.json` of the core):
which repositories consume the estate's runners, on which runner class, and
which tfvars lane (`tfvars_anchor`) registers them.

    {"consumers": [{"github_repository": "Owner/repo", "runner_class": "tinyland-nix",
                    "tfvars_anchor": "owner-nix", ...}, ...]}

Loading raises `LoadError` (naming the line) for a file that is not JSON,
has no `consumers` list, or holds an entry that is not an object naming its
repository; other fields are kept as written and judged by the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..loaders import LoadError, Source
from ..loaders.jsonfile import load_json
from ..loaders.yamlfile import line_at


@dataclass(frozen=True)
class Consumer:
    repository: str  # github_repository, Owner/name
    runner_class: Any  # the workflow label its jobs request
    anchor: Any  # tfvars_anchor: an extra_runner_sets key or a main lane's scale-set name
    line: int | None

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]


@dataclass(frozen=True)
class ConsumerRegistry:
    rel: str
    consumers: tuple[Consumer, ...]


def load_consumer_registry(src: Source) -> ConsumerRegistry:
    doc = load_json(src)
    items = doc.get("consumers") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise LoadError(src.rel, line_at(doc, ["consumers"]), "expected a `consumers` list")
    consumers = []
    for index, item in enumerate(items):
        line = line_at(items, [index])
        repository = item.get("github_repository") if isinstance(item, dict) else None
        if not (isinstance(repository, str) and "/" in repository.strip("/")):
            raise LoadError(
                src.rel, line, f"consumers[{index}] has no github_repository (Owner/name)"
            )
        consumers.append(
            Consumer(repository, item.get("runner_class"), item.get("tfvars_anchor"), line)
        )
    return ConsumerRegistry(src.rel, tuple(consumers))
