"""The runner taxonomy as data: a public accessor over data/taxonomy.yaml.

Every check that needs to know which labels are product capabilities and
which lanes are known compatibility debt reads them here (the taxonomy
checks, the topology check, the residue audit). The lists live in the data
file, shipped as package data, so changing them needs no code change:

    from overlay_preflight import taxonomy_data

    taxonomy_data.shared_labels()          # ("tinyland-nix", ...)
    taxonomy_data.capability_suffixes()    # frozenset({"kvm", "gpu", ...})
    taxonomy_data.is_capability_label("tinyland-nix-kvm")   # True
    taxonomy_data.compatibility_lane("tubebrain-nix")       # CompatibilityLane(...)
    taxonomy_data.identity_tokens("Example-Org")            # {"example", "org", ...}
    taxonomy_data.runner_group_rulings().policy             # "organization-restricted"
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DATA_FILE = "taxonomy.yaml"


@dataclass(frozen=True)
class CompatibilityLane:
    name: str  # the lane's label / release / scale-set name
    note: str  # why it is kept, where its retirement is tracked


@dataclass(frozen=True)
class RunnerGroupRulings:
    """The estate's runner-group rulings for organization accounts."""

    policy: str  # the only runner_group_policy
    visibility: str  # runner_contract.runner_group.visibility
    restricted_to_workflows: bool
    ruling_field: str  # records admitting the overlay's own repository


_LISTS = (
    "shared_labels",
    "label_families",
    "capability_suffixes",
    "compatibility_lanes",
    "project_identity_tokens",
    "retired_attic_public_keys",
    "cache_exempt_lanes",
)
_RULINGS = {"policy": str, "visibility": str, "restricted_to_workflows": bool, "ruling_field": str}


@functools.cache
def _data() -> dict[str, Any]:
    from .. import data as packaged

    data: dict[str, Any] = packaged.load(DATA_FILE)
    for key in _LISTS:
        if not isinstance(data.get(key), list):
            raise ValueError(f"data/{DATA_FILE}: {key} must be a list")
    rulings = data.get("runner_group")
    if not isinstance(rulings, dict) or any(
        not isinstance(rulings.get(k), t) for k, t in _RULINGS.items()
    ):
        raise ValueError(f"data/{DATA_FILE}: runner_group must map {sorted(_RULINGS)}")
    return data


def shared_labels() -> tuple[str, ...]:
    """The capability labels every owner keeps, in their documented order."""
    return tuple(_data()["shared_labels"])


def label_prefix() -> str:
    """The prefix of every capability label (`tinyland`)."""
    return str(_data().get("label_prefix", "tinyland"))


def label_families() -> tuple[str, ...]:
    """The runner families a capability label starts with (nix, docker, dind)."""
    return tuple(_data()["label_families"])


def capability_suffixes() -> frozenset[str]:
    """The suffixes a capability label may carry after its family."""
    return frozenset(_data()["capability_suffixes"])


def compatibility_lanes() -> tuple[CompatibilityLane, ...]:
    """Known standalone lanes: compatibility debt, not product taxonomy."""
    return tuple(
        CompatibilityLane(str(e["name"]), str(e.get("note", "")))
        for e in _data()["compatibility_lanes"]
    )


def compatibility_lane(*names: str) -> CompatibilityLane | None:
    """The known compatibility lane any of `names` is, else None."""
    known = {lane.name: lane for lane in compatibility_lanes()}
    return next((known[n] for n in names if n in known), None)


def generic_self_hosted() -> frozenset[str]:
    """Labels every self-hosted runner carries (`self-hosted`, `linux`, ...)."""
    return frozenset(_data().get("generic_self_hosted", []))


def github_hosted_prefixes() -> tuple[str, ...]:
    """Prefixes of GitHub-hosted runner images (`ubuntu-`, ...)."""
    return tuple(_data().get("github_hosted_prefixes", []))


def is_capability_label(label: str) -> bool:
    """A shared label, or tinyland-<family> followed only by capability
    suffixes, each after a dash (`tinyland-nix-kvm-gpu`, `tinyland-docker-x86_64`)."""
    if label in shared_labels():
        return True
    head = f"{label_prefix()}-"
    if not label.startswith(head):
        return False
    family, *suffixes = label[len(head) :].split("-")
    allowed = capability_suffixes()
    return family in label_families() and all(s in allowed for s in suffixes)


def project_identity_tokens() -> frozenset[str]:
    """The estate's project names: never part of a workflow label."""
    return frozenset(str(t).lower() for t in _data()["project_identity_tokens"])


def retired_attic_public_keys() -> frozenset[str]:
    """Attic signing keys the estate has retired."""
    return frozenset(str(k) for k in _data()["retired_attic_public_keys"])


def cache_exempt_lanes() -> frozenset[str]:
    """extra_runner_sets keys that run without cache wiring on purpose."""
    return frozenset(str(k) for k in _data()["cache_exempt_lanes"])


def runner_group_rulings() -> RunnerGroupRulings:
    """The estate's runner-group rulings (data/taxonomy.yaml `runner_group`)."""
    return RunnerGroupRulings(**{k: _data()["runner_group"][k] for k in _RULINGS})


def _vocabulary() -> frozenset[str]:
    """Words of the label taxonomy itself: never identity tokens."""
    return frozenset({label_prefix(), *label_families(), *capability_suffixes()})


def identity_tokens(*names: str) -> frozenset[str]:
    """The estate's project tokens plus tokens derived from `names` (owner
    slug, display name, repository names): each word, every run of adjacent
    words joined (`great-falls` -> `greatfalls`) and the initials of names of
    several words. The label namespace, families and capability suffixes are
    never identity tokens, so owner `tinyland-inc` does not forbid `tinyland`."""
    derived: set[str] = set(project_identity_tokens())
    for name in names:
        words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
        for start in range(len(words)):
            for end in range(start + 1, len(words) + 1):
                derived.add("".join(words[start:end]))
        if len(words) > 1:
            derived.add("".join(w[0] for w in words))
    return frozenset(derived - _vocabulary())


def label_identity_tokens(label: str, identities: Iterable[str]) -> list[str]:
    """The identity tokens a label carries (its dash-separated words)."""
    known = set(identities)
    return sorted({t for t in label.lower().split("-") if t in known})
