"""Capacity sanity per deployed lane: runner counts are whole numbers with
min <= max and max > 0; resources are Kubernetes quantities, request <= limit."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from .. import registry
from ..loaders.quantity import parse_quantity
from ..loaders.tfvars import Tfvars
from ..model import kinds
from ..model.context import Context
from ..model.lanes import Lane, TfvarsPath
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "capacity"
COUNT_INVALID = registry.rule(
    "runner-count-invalid",
    registry.BLOCKER,
    "min_runners or max_runners is not a whole number of at least 0.",
    "Write a plain non-negative integer.",
    concern=CONCERN,
)
MIN_OVER_MAX = registry.rule(
    "runner-min-exceeds-max",
    registry.BLOCKER,
    "A lane's min_runners is larger than its max_runners.",
    "Lower min_runners or raise max_runners.",
    concern=CONCERN,
)
ADMITS_NOBODY = registry.rule(
    "runner-lane-admits-nobody",
    registry.BLOCKER,
    "A deployed lane has max_runners = 0, so no job it is offered can ever run.",
    "Give it capacity (max_runners >= 1), or stop deploying the lane.",
    concern=CONCERN,
)
QUANTITY_INVALID = registry.rule(
    "quantity-invalid",
    registry.BLOCKER,
    "A CPU, memory or storage request/limit is not a non-negative Kubernetes quantity.",
    "Write a quantity such as 500m, 2, 256Mi or 4Gi.",
    concern=CONCERN,
)
REQUEST_OVER_LIMIT = registry.rule(
    "request-exceeds-limit",
    registry.BLOCKER,
    "A lane requests more CPU, memory or storage than its limit allows (Kubernetes refuses "
    "the pod).",
    "Lower the request or raise the limit.",
    concern=CONCERN,
)

RULES = (COUNT_INVALID, MIN_OVER_MAX, ADMITS_NOBODY, QUANTITY_INVALID, REQUEST_OVER_LIMIT)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})

PAIRS = (
    ("cpu_request", "cpu_limit"),
    ("memory_request", "memory_limit"),
    ("ephemeral_storage_request", "ephemeral_storage_limit"),
)


def _count(value: object) -> int | None:
    """A whole, non-negative runner count, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return value if isinstance(value, int) and value >= 0 else None


# Findings already made, by the tfvars and the paths of the settings they name.
Seen = set[tuple[str | TfvarsPath | None, ...]]


def _counts(tfvars: Tfvars, lane: Lane, where: str) -> Iterator[Finding]:
    counts: dict[str, int | None] = {}
    for name in ("min_runners", "max_runners"):
        value = getattr(lane, name)
        if value is None:
            continue
        counts[name] = _count(value)
        if counts[name] is None:
            yield finding(
                COUNT_INVALID,
                tfvars.rel,
                lane.line(name),
                f"{where} {name} is not a whole number >= 0",
            )
    low, high = counts.get("min_runners"), counts.get("max_runners")
    if low is not None and high is not None and low > high:
        yield finding(
            MIN_OVER_MAX,
            tfvars.rel,
            lane.line("min_runners"),
            f"{where} min_runners {low} exceeds max_runners {high}",
        )
    elif high == 0:
        yield finding(
            ADMITS_NOBODY, tfvars.rel, lane.line("max_runners"), f"{where} max_runners is 0"
        )


def _resources(tfvars: Tfvars, lane: Lane, where: str, seen: Seen) -> Iterator[Finding]:
    parsed: dict[str, Decimal | None] = {}
    for name, value in lane.resources.items():
        path = (tfvars.rel, lane.paths.get(name))
        try:
            quantity = parse_quantity(value)
            if quantity < 0:
                raise ValueError("negative")
            parsed[name] = quantity
        except ValueError:
            parsed[name] = None
            if path not in seen:  # an inherited value is reported where it is written
                seen.add(path)
                yield finding(
                    QUANTITY_INVALID,
                    tfvars.rel,
                    lane.line(name),
                    f"{where} {name} is not a non-negative Kubernetes quantity",
                )
    for request, limit in PAIRS:
        low, high = parsed.get(request), parsed.get(limit)
        key = (tfvars.rel, lane.paths.get(request), lane.paths.get(limit))
        if low is not None and high is not None and low > high and key not in seen:
            seen.add(key)
            yield finding(
                REQUEST_OVER_LIMIT,
                tfvars.rel,
                lane.line(request),
                f"{where} {request} {lane.resources[request]!r} exceeds "
                f"{limit} {lane.resources[limit]!r}",
            )


def check(ctx: Context) -> Iterator[Finding]:
    seen: Seen = set()
    for tfvars, lane in overlay_facts.lanes(ctx):
        where = overlay_facts.describe(lane)
        yield from _counts(tfvars, lane, where)
        yield from _resources(tfvars, lane, where, seen)
