"""The core's consumer registry against this overlay (with --consumer-registry):
every registered consumer of this owner has its tfvars anchor, a deployed
lane (an extra_runner_sets key, or a main lane's runnerScaleSetName), and
that lane offers the consumer's runner class as its label.

Consumers of other owners belong to other overlays and are not judged; when
the owner is unknown (no organization.yaml), every consumer is.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .. import registry
from ..loaders import Source, attempt
from ..loaders.tfvars import Tfvars
from ..model import kinds
from ..model.consumers import Consumer, ConsumerRegistry, load_consumer_registry
from ..model.context import Context
from ..model.lanes import Lane
from ..report import Finding, finding
from . import inputs, overlay_facts

CONCERN = "consumers"
ANCHOR_MISSING = registry.rule(
    "consumer-anchor-missing",
    registry.BLOCKER,
    "A consumer of this owner in the core's consumer registry names a tfvars_anchor that "
    "no deployed lane has (an extra_runner_sets key, or a main lane's runnerScaleSetName).",
    "Restore the lane (or its scale-set name), or correct tfvars_anchor in the registry.",
    concern=CONCERN,
)
CLASS_MISMATCH = registry.rule(
    "consumer-class-mismatch",
    registry.BLOCKER,
    "The lane a registry consumer is anchored on offers another label than the consumer's "
    "runner_class, so its jobs would wait for a runner that never comes.",
    "Make the lane's runner_label the registry's runner_class (or correct the registry).",
    concern=CONCERN,
)

RULES = (ANCHOR_MISSING, CLASS_MISMATCH)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


def _load(ctx: Context, path: Path) -> tuple[ConsumerRegistry | None, list[Finding]]:
    """The registry, named relative to the overlay root like every other file."""
    src = Source.under(ctx.overlay.root, path.resolve())
    loaded, err = attempt(load_consumer_registry, src)
    return loaded, list(inputs.load_findings([err]))


def _anchored(ctx: Context, anchor: str) -> tuple[Tfvars, Lane] | None:
    for tfvars, lane in overlay_facts.lanes(ctx):
        if anchor == lane.scale_set_name or (lane.extra and anchor == lane.key):
            return tfvars, lane
    return None


def _ours(ctx: Context, consumer: Consumer) -> bool:
    org = ctx.overlay.organization
    slug = org.slug if org else None
    return slug is None or consumer.owner.lower() == slug.lower()


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.options.consumer_registry is None:
        return
    loaded, problems = _load(ctx, ctx.options.consumer_registry)
    yield from problems
    if loaded is None:
        return
    for consumer in loaded.consumers:
        if not _ours(ctx, consumer):
            continue
        anchor = consumer.anchor
        found = _anchored(ctx, anchor) if isinstance(anchor, str) and anchor else None
        if found is None:
            shown = f"tfvars_anchor {anchor!r}" if anchor else "no tfvars_anchor"
            yield finding(
                ANCHOR_MISSING,
                loaded.rel,
                consumer.line,
                f"consumer {consumer.repository} names {shown}, which no deployed lane has",
            )
            continue
        tfvars, lane = found
        if lane.label != consumer.runner_class:
            yield finding(
                CLASS_MISMATCH,
                tfvars.rel,
                lane.line("label"),
                f"{overlay_facts.describe(lane)} (anchor of {consumer.repository}) offers "
                f"{lane.label!r}, but the registry's runner_class is {consumer.runner_class!r}",
            )
