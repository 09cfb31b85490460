"""Runner labels a workflow may request: shared capability labels, the
generic self-hosted labels and GitHub-hosted images (data/runner_labels.yaml).

A minimal accessor for the workflow checks; the taxonomy checks own the full
model of lanes and labels.
"""

from __future__ import annotations

import functools
from pathlib import Path

SHARED = "shared"
CAPABILITY = "capability"
GENERIC = "generic"
GITHUB_HOSTED = "github-hosted"
NOT_SHARED = "not-shared"


@functools.cache
def data() -> dict:
    import yaml

    path = Path(__file__).parent / "data" / "runner_labels.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def shared_labels(org) -> frozenset[str]:
    """organization.yaml runner_contract.shared_labels, else the built-in set."""
    declared = org.get("runner_contract", "shared_labels") if org is not None else None
    if isinstance(declared, list) and declared:
        return frozenset(str(x).lower() for x in declared)
    return frozenset(data()["shared_labels"])


def is_capability_shaped(label: str) -> bool:
    d = data()
    parts = label.lower().split("-")
    return (
        len(parts) >= 2
        and parts[0] == d["capability_prefix"]
        and parts[1] in d["capabilities"]
        and all(p in d["capability_suffixes"] for p in parts[2:])
    )


def is_github_hosted(label: str) -> bool:
    return label.lower().startswith(tuple(data()["github_hosted_prefixes"]))


def classify(label: str, shared: frozenset[str]) -> str:
    text = label.lower()
    if text in data()["generic_self_hosted"]:
        return GENERIC
    if is_github_hosted(text):
        return GITHUB_HOSTED
    if text in shared:
        return SHARED
    if is_capability_shaped(text):
        return CAPABILITY
    return NOT_SHARED
