"""Facts the runner-taxonomy checks share: the owner, the controller owner,
and every deployed lane of every tfvars (with its compatibility status)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import taxonomy_data
from ..context import Context
from ..lanes import Lane, deployed_lanes
from ..loaders.organization import Organization
from ..loaders.tfvars import Tfvars


def organization(ctx: Context) -> Organization | None:
    return ctx.overlay.organization(required=not ctx.options.organization_optional)


def controller_owner(org: Organization | None) -> str | None:
    """substrate.cluster.arc_controller_owner: the overlay repo that runs ARC."""
    return org.text("substrate", "cluster", "arc_controller_owner") if org else None


def is_controller_owner(org: Organization | None) -> bool | None:
    """Is this overlay the controller owner? None when it cannot be told."""
    owner, repo = controller_owner(org), org.text("owner", "repository") if org else None
    if not owner or not repo:
        return None
    return owner.lower() == repo.lower()


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
    for tfvars in ctx.overlay.tfvars():
        for lane in deployed_lanes(tfvars):
            if not (product_only and compatibility(lane)):
                yield tfvars, lane


def describe(lane: Lane) -> str:
    """How a message names a lane: `lane nix` or `extra_runner_sets["key"]`."""
    return f'extra_runner_sets["{lane.key}"]' if lane.extra else f"lane {lane.key}"


def extra_spec(tfvars: Tfvars, lane: Lane) -> dict:
    """The extra_runner_sets object of an extra lane ({} for a main lane)."""
    sets = tfvars.get("extra_runner_sets")
    spec = sets.get(lane.key) if lane.extra and isinstance(sets, dict) else None
    return spec if isinstance(spec, dict) else {}
