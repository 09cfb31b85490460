"""How a workflow's `runs-on` label relates to the runner taxonomy.

The lists come from data/taxonomy.yaml through `taxonomy_data`; an overlay's
organization.yaml `runner_contract.shared_labels` replaces the shared set.
"""

from __future__ import annotations

from ..loaders.organization import Organization
from ..model import taxonomy_data

SHARED = "shared"
CAPABILITY = "capability"
GENERIC = "generic"
GITHUB_HOSTED = "github-hosted"
COMPATIBILITY = "compatibility"
NOT_SHARED = "not-shared"


def shared_labels(org: Organization | None) -> frozenset[str]:
    """organization.yaml runner_contract.shared_labels, else the built-in set."""
    declared = org.get("runner_contract", "shared_labels") if org is not None else None
    if isinstance(declared, list) and declared:
        return frozenset(str(x).lower() for x in declared)
    return frozenset(taxonomy_data.shared_labels())


def is_github_hosted(label: str) -> bool:
    return label.lower().startswith(taxonomy_data.github_hosted_prefixes())


def classify(label: str, shared: frozenset[str]) -> str:
    text = label.lower()
    if text in taxonomy_data.generic_self_hosted():
        return GENERIC
    if is_github_hosted(text):
        return GITHUB_HOSTED
    if text in shared:
        return SHARED
    if taxonomy_data.is_capability_label(text):
        return CAPABILITY
    if taxonomy_data.compatibility_lane(text) is not None:
        return COMPATIBILITY
    return NOT_SHARED
