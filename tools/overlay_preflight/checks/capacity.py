"""The capacity boundary across owner-distinct scale sets.

Owner-distinct scale sets are registration identities; global concurrency is
still bounded by Kubernetes scheduling and node capacity. Each deployed lane's
worst case (max_runners x its requests, and one pod per runner) is placed on
the node pools whose nodes match its node selector and whose NoSchedule /
NoExecute taints it tolerates; a lane eligible on several pools is spread over
them in proportion to their allocatable. Per pool and resource, demand over
allocatable is held against the policy's max_oversubscription.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .. import registry
from ..lanes import Lane
from ..loaders.capacity_policy import RESOURCES, Policy
from ..loaders.nodes import Node
from ..quantity import parse_quantity
from ..report import Finding, finding
from ..scheduling import pools, schedulable

UNSCHEDULABLE = registry.rule(
    "capacity-lane-unschedulable",
    registry.BLOCKER,
    "A runner lane fits no node pool: no node matches its node selector and tolerated "
    "taints, or none can hold one runner's requests.",
    "Fix the lane's node selector, tolerations or requests, or add a node that fits.",
    group="capacity",
)
OVER_POLICY = registry.rule(
    "capacity-over-policy",
    registry.BLOCKER,
    "Worst-case demand on a node pool exceeds the policy's maximum oversubscription.",
    "Lower max_runners or requests of the named owners' lanes, spread them over more "
    "pools, or add capacity; raise the policy only as a reviewed decision.",
    group="capacity",
)
NEAR_POLICY = registry.rule(
    "capacity-near-policy",
    registry.WARNING,
    "Worst-case demand on a node pool is within 10% of the policy's maximum.",
    "Plan capacity before the next lane or max_runners increase.",
    group="capacity",
)
UNBOUNDED = registry.rule(
    "capacity-lane-unbounded",
    registry.WARNING,
    "A lane's max_runners or cpu/memory request is unset or not a number, so its "
    "worst case is not counted.",
    "Set {lane}_max_runners, {lane}_cpu_request and {lane}_memory_request explicitly.",
    group="capacity",
)

RULES = (UNSCHEDULABLE, OVER_POLICY, NEAR_POLICY, UNBOUNDED)
NEAR = 0.9  # a warning from 90% of the policy's maximum
_REQUEST = {
    "cpu": "cpu_request",
    "memory": "memory_request",
    "ephemeral-storage": "ephemeral_storage_request",
}


@dataclass
class LaneDemand:
    lane: Lane
    owner: str
    per_pod: dict[str, Decimal] = field(default_factory=dict)
    runners: int = 0
    pools: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # pool -> demand


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    lanes: list[LaneDemand] = field(default_factory=list)
    pools: dict = field(default_factory=dict)  # pool -> figures (the JSON summary)


def owner_of(lane: Lane, fallback: str) -> str:
    url = lane.github_config_url
    parts = url.split("/") if isinstance(url, str) and url.startswith("https://") else []
    return parts[3] if len(parts) > 3 and parts[3] else fallback


def _lane_demand(lane: Lane, owner: str, findings: list[Finding]) -> LaneDemand:
    out = LaneDemand(lane, owner, {"pods": Decimal(1)})
    rel, name = lane.tfvars.rel if lane.tfvars else "", lane.release_name
    runners = lane.max_runners
    if isinstance(runners, bool) or not isinstance(runners, int) or runners < 0:
        findings.append(
            finding(
                UNBOUNDED,
                rel,
                lane.line("max_runners"),
                f"{name}: max_runners is unset or not a whole number",
                key=f"{name}|max_runners",
            )
        )
        runners = 0
    out.runners = runners
    for resource, setting in _REQUEST.items():
        raw = lane.resources.get(setting)
        try:
            value = parse_quantity(raw) if raw is not None else None
        except ValueError:
            value = None
        if value is None and (raw is not None or resource != "ephemeral-storage"):
            findings.append(
                finding(
                    UNBOUNDED,
                    rel,
                    lane.line(setting),
                    f"{name}: {setting} is unset or not a quantity",
                    key=f"{name}|{setting}",
                )
            )
        out.per_pod[resource] = value or Decimal(0)
    return out


def _fits(node: Node, per_pod: dict[str, Decimal]) -> bool:
    return all(node.allocatable.get(r, Decimal(0)) >= v for r, v in per_pod.items() if v > 0)


def _allocatable(nodes: list[Node]) -> dict[str, Decimal | None]:
    return {
        r: (
            sum(n.allocatable[r] for n in nodes if r in n.allocatable)
            if any(r in n.allocatable for n in nodes)
            else None
        )
        for r in RESOURCES
    }


def _place(d: LaneDemand, by_pool: dict[str, list[Node]], nodes_rel: str) -> Finding | None:
    eligible = {
        p: [n for n in ns if schedulable(n, d.lane.node_selector, d.lane.tolerations)]
        for p, ns in by_pool.items()
    }
    eligible = {p: ns for p, ns in eligible.items() if ns}
    fitting = {p: ns for p, ns in eligible.items() if any(_fits(n, d.per_pod) for n in ns)}
    rel, name = d.lane.tfvars.rel if d.lane.tfvars else nodes_rel, d.lane.release_name
    if not fitting:
        why = (
            "no node matches its node selector and tolerated taints"
            if not eligible
            else "no matching node can hold one runner's requests"
        )
        return finding(
            UNSCHEDULABLE,
            rel,
            d.lane.line("node_selector"),
            f"{name} ({d.owner}) fits no node pool: {why}",
            key=name,
        )
    for resource in RESOURCES:
        total = d.per_pod.get(resource, Decimal(0)) * d.runners
        caps = {p: _allocatable(ns)[resource] or Decimal(0) for p, ns in fitting.items()}
        whole = sum(caps.values())
        for pool in fitting:
            share = caps[pool] / whole if whole else Decimal(1) / len(fitting)
            d.pools.setdefault(pool, {})[resource] = total * share
    return None


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


def evaluate(
    lanes: list[tuple[Lane, str]], nodes: list[Node], nodes_rel: str, policy: Policy
) -> Result:
    """`lanes`: (lane, owner) pairs of every deployed lane of every overlay."""
    result = Result()
    by_pool = pools(nodes, policy.pool_labels)
    for lane, owner in lanes:
        d = _lane_demand(lane, owner, result.findings)
        problem = _place(d, by_pool, nodes_rel)
        if problem:
            result.findings.append(problem)
        result.lanes.append(d)
    for pool, members in sorted(by_pool.items()):
        figures = {}
        for resource, cap in _allocatable(members).items():
            by_owner: dict[str, Decimal] = {}
            for d in result.lanes:
                if pool in d.pools:
                    by_owner[d.owner] = by_owner.get(d.owner, Decimal(0)) + d.pools[pool][resource]
            demand = sum(by_owner.values(), Decimal(0))
            limit = policy.max_oversubscription[resource]
            ratio = None if not cap else float(demand / cap)
            figures[resource] = {
                "allocatable": None if cap is None else float(cap),
                "demand": float(demand),
                "ratio": ratio,
                "max": limit,
                "by_owner": {
                    o: {"demand": float(v), "ratio": float(v / cap) if cap else None}
                    for o, v in sorted(by_owner.items())
                },
            }
            if demand and cap is not None:  # a pool that reports 0 of it: infinitely over
                problem = _judge(
                    pool,
                    resource,
                    float("inf") if ratio is None else ratio,
                    limit,
                    nodes_rel,
                    members[0].line,
                )
                if problem:
                    result.findings.append(problem)
        result.pools[pool] = {"nodes": [n.name for n in members], "resources": figures}
    return result
