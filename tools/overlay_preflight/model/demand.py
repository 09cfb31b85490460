"""Worst-case runner demand placed on node pools: the capacity model.

Each deployed lane's worst case (max_runners x its requests, and one pod per
runner; a negative or unreadable request counts as unbounded, never as
less) is placed on the node pools whose nodes match its node selector and
whose NoSchedule / NoExecute taints it tolerates; a lane eligible on several
pools is spread over them in proportion to their allocatable. The figures are
what `checks.cluster_capacity` judges and the capacity report shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..loaders.capacity_policy import Policy
from ..loaders.nodes import Node
from ..loaders.quantity import K8S_RESOURCES, parse_quantity
from .lanes import Lane
from .scheduling import pools, schedulable

# The tfvars request setting behind each resource.
REQUEST_SETTINGS = {
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
    unbounded: list[str] = field(default_factory=list)  # settings unset or not a number
    unplaced: str | None = None  # why the lane fits no pool

    @property
    def name(self) -> str:
        return self.lane.release_name


@dataclass
class Demand:
    nodes_rel: str
    policy: Policy
    lanes: list[LaneDemand] = field(default_factory=list)
    pools: dict[str, Any] = field(default_factory=dict)  # pool -> figures (the JSON summary)
    pool_lines: dict[str, int] = field(default_factory=dict)  # pool -> line of its first node


def owner_of(lane: Lane, fallback: str) -> str:
    """The GitHub owner a lane registers under, else `fallback`."""
    from .github import GitHubScope

    scope = GitHubScope.parse(lane.github_config_url)
    return scope.owner if scope else fallback


def _lane_demand(lane: Lane, owner: str) -> LaneDemand:
    out = LaneDemand(lane, owner, {"pods": Decimal(1)})
    runners = lane.max_runners
    if isinstance(runners, bool) or not isinstance(runners, int) or runners < 0:
        out.unbounded.append("max_runners")
        runners = 0
    out.runners = runners
    for resource, setting in REQUEST_SETTINGS.items():
        raw = lane.resources.get(setting)
        try:
            value = parse_quantity(raw) if raw is not None else None
        except ValueError:
            value = None
        if value is not None and value < 0:
            value = None  # never subtracts from a pool's demand (lane_limits: a blocker)
        if value is None and (raw is not None or resource != "ephemeral-storage"):
            out.unbounded.append(setting)
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
        for r in K8S_RESOURCES
    }


def _place(d: LaneDemand, by_pool: dict[str, list[Node]]) -> None:
    eligible = {
        p: [n for n in ns if schedulable(n, d.lane.node_selector, d.lane.tolerations)]
        for p, ns in by_pool.items()
    }
    eligible = {p: ns for p, ns in eligible.items() if ns}
    fitting = {p: ns for p, ns in eligible.items() if any(_fits(n, d.per_pod) for n in ns)}
    if not fitting:
        d.unplaced = (
            "no node matches its node selector and tolerated taints"
            if not eligible
            else "no matching node can hold one runner's requests"
        )
        return
    for resource in K8S_RESOURCES:
        total = d.per_pod.get(resource, Decimal(0)) * d.runners
        caps = {p: _allocatable(ns)[resource] or Decimal(0) for p, ns in fitting.items()}
        whole = sum(caps.values())
        for pool in fitting:
            share = caps[pool] / whole if whole else Decimal(1) / len(fitting)
            d.pools.setdefault(pool, {})[resource] = total * share


def compute(
    lanes: list[tuple[Lane, str]], nodes: list[Node], nodes_rel: str, policy: Policy
) -> Demand:
    """`lanes`: (lane, owner) pairs of every deployed lane of every overlay."""
    out = Demand(nodes_rel, policy)
    by_pool = pools(nodes, policy.pool_labels)
    for lane, owner in lanes:
        d = _lane_demand(lane, owner)
        _place(d, by_pool)
        out.lanes.append(d)
    for pool, members in sorted(by_pool.items()):
        figures = {}
        for resource, cap in _allocatable(members).items():
            by_owner: dict[str, Decimal] = {}
            for d in out.lanes:
                if pool in d.pools:
                    by_owner[d.owner] = by_owner.get(d.owner, Decimal(0)) + d.pools[pool][resource]
            demand = sum(by_owner.values(), Decimal(0))
            figures[resource] = {
                "allocatable": None if cap is None else float(cap),
                "demand": float(demand),
                "ratio": None if not cap else float(demand / cap),
                "max": policy.max_oversubscription[resource],
                "by_owner": {
                    o: {"demand": float(v), "ratio": float(v / cap) if cap else None}
                    for o, v in sorted(by_owner.items())
                },
            }
        out.pools[pool] = {"nodes": [n.name for n in members], "resources": figures}
        out.pool_lines[pool] = members[0].line
    return out
