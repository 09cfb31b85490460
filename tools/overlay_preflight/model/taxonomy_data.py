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
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

DATA_FILE = "taxonomy.yaml"


@dataclass(frozen=True)
class CompatibilityLane:
    name: str  # the lane's label / release / scale-set name
    note: str  # why it is kept, where its retirement is tracked


@functools.cache
def _data() -> dict:
    from .. import data as packaged

    data = packaged.load(DATA_FILE)
    for key in ("shared_labels", "label_families", "capability_suffixes", "compatibility_lanes"):
        if not isinstance(data.get(key), list):
            raise ValueError(f"data/{DATA_FILE}: {key} must be a list")
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
