"""Facts the runner-taxonomy checks share: the owner, the controller owner,
and every deployed lane of every tfvars (with its compatibility status)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..loaders.organization import Organization
from ..loaders.tfvars import Tfvars
from ..model import taxonomy_data
from ..model.context import Context
from ..model.lanes import Lane


def owner_prefix(org: Organization | None) -> str | None:
    """The prefix of every owner-distinct name: the lower-case slug and a dash."""
    slug = org.slug if org else None
    return f"{slug.lower()}-" if slug else None


def compatibility(lane: Lane) -> taxonomy_data.CompatibilityLane | None:
    """The known compatibility lane this lane is, by any of its names."""
    return taxonomy_data.compatibility_lane(
        lane.key, lane.label, lane.release_name, lane.scale_set_name
    )


def lanes(ctx: Context, *, product_only: bool = False) -> Iterator[tuple[Tfvars, Lane]]:
    """Every deployed lane of every tfvars; `product_only` drops compatibility lanes."""
    for tfvars, lane in ctx.overlay.lanes:
        if not (product_only and compatibility(lane)):
            yield tfvars, lane


def describe(lane: Lane) -> str:
    """How a message names a lane: `lane nix` or `extra_runner_sets["key"]`."""
    return f'extra_runner_sets["{lane.key}"]' if lane.extra else f"lane {lane.key}"


def extra_spec(tfvars: Tfvars, lane: Lane) -> dict[Any, Any]:
    """The extra_runner_sets object of an extra lane ({} for a main lane)."""
    sets = tfvars.get("extra_runner_sets")
    spec = sets.get(lane.key) if lane.extra and isinstance(sets, dict) else None
    return spec if isinstance(spec, dict) else {}
