"""The capacity boundary across owner-distinct scale sets.

Owner-distinct scale sets are registration identities; global concurrency is
still bounded by Kubernetes scheduling and node capacity. Per pool and
resource, the worst-case demand that `model.demand` places is held against
the policy's max_oversubscription.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model.demand import Demand
from ..report import Finding, finding

UNSCHEDULABLE = registry.rule(
    "capacity-lane-unschedulable",
    registry.BLOCKER,
    "A runner lane fits no node pool: no node matches its node selector and tolerated "
    "taints, or none can hold one runner's requests.",
    "Fix the lane's node selector, tolerations or requests, or add a node that fits.",
    concern="capacity",
)
OVER_POLICY = registry.rule(
    "capacity-over-policy",
    registry.BLOCKER,
    "Worst-case demand on a node pool exceeds the policy's maximum oversubscription.",
    "Lower max_runners or requests of the named owners' lanes, spread them over more "
    "pools, or add capacity; raise the policy only as a reviewed decision.",
    concern="capacity",
)
NEAR_POLICY = registry.rule(
    "capacity-near-policy",
    registry.WARNING,
    "Worst-case demand on a node pool is within 10% of the policy's maximum.",
    "Plan capacity before the next lane or max_runners increase.",
    concern="capacity",
)
UNBOUNDED = registry.rule(
    "capacity-lane-unbounded",
    registry.WARNING,
    "A lane's max_runners or cpu/memory request is unset or not a number, so its "
    "worst case is not counted.",
    "Set {lane}_max_runners, {lane}_cpu_request and {lane}_memory_request explicitly.",
    concern="capacity",
)

RULES = (UNSCHEDULABLE, OVER_POLICY, NEAR_POLICY, UNBOUNDED)
NEAR = 0.9  # a warning from 90% of the policy's maximum


def _judge(
    pool: str, resource: str, ratio: float, limit: float, rel: str, line: int
) -> Finding | None:
    what = f"pool {pool}: worst-case {resource} demand is {ratio:.2f}x allocatable"
    if ratio > limit:
        return finding(
            OVER_POLICY,
            rel,
            line,
            f"{what}, over the policy's {limit:g}x",
            key=f"{pool}|{resource}",
        )
    if ratio > NEAR * limit:
        return finding(
            NEAR_POLICY,
            rel,
            line,
            f"{what}, within 10% of the policy's {limit:g}x",
            key=f"{pool}|{resource}",
        )
    return None


def check(demand: Demand) -> Iterator[Finding]:
    for d in demand.lanes:
        rel = d.lane.tfvars.rel if d.lane.tfvars else demand.nodes_rel
        for setting in d.unbounded:
            what = (
                "is unset or not a whole number"
                if setting == "max_runners"
                else ("is unset or not a quantity")
            )
            yield finding(
                UNBOUNDED,
                rel,
                d.lane.line(setting),
                f"{d.name}: {setting} {what}",
                key=f"{d.name}|{setting}",
            )
        if d.unplaced:
            yield finding(
                UNSCHEDULABLE,
                rel,
                d.lane.line("node_selector"),
                f"{d.name} ({d.owner}) fits no node pool: {d.unplaced}",
                key=d.name,
            )
    for pool, figures in demand.pools.items():
        for resource, f in figures["resources"].items():
            if f["demand"] and f["allocatable"] is not None:  # 0 allocatable: infinitely over
                ratio = float("inf") if f["ratio"] is None else f["ratio"]
                problem = _judge(
                    pool, resource, ratio, f["max"], demand.nodes_rel, demand.pool_lines[pool]
                )
                if problem:
                    yield problem
