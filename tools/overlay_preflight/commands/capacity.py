"""Hold worst-case runner demand across owner-distinct scale sets against
node capacity.

Owner-distinct scale sets are registration identities: they do not add
capacity. Global concurrency is still bounded by Kubernetes scheduling and
node capacity. From each overlay's deployed lanes, max_runners x requests
(cpu, memory, ephemeral storage) and one pod per runner are placed on the
node pools the lane can schedule on (node selector, tolerated NoSchedule /
NoExecute taints), read from what the operator captured. Lanes whose counts
or quantities are not valid (a negative request, say) are blockers of their
own (the lane_limits rules) and never lower a pool's demand.
  kubectl get nodes -o json > nodes.json
  overlay-preflight capacity --nodes nodes.json [--policy capacity.yaml] \\
      [--plot capacity.png] ../tinyland-infra ../jesssullivan-infra

Node pools: nodes grouped by the first pool label they carry
(node.kubernetes.io/pool, eks.amazonaws.com/nodegroup, ...), else one pool per
node. A lane that fits no pool is a blocker; a ratio of demand to allocatable
above the policy is a blocker, within 10% of it a warning.

Default policy (overlay_preflight/data/capacity.yaml), which a --policy file
overrides per resource:
  max_oversubscription: {cpu: 2.0, memory: 1.0, ephemeral-storage: 1.0, pods: 1.0}
"""

from __future__ import annotations

from pathlib import Path

from ..checks import cluster_capacity, inputs, lane_limits
from ..errors import UsageError
from ..loaders import Source
from ..loaders.capacity_policy import load_policy
from ..loaders.nodes import load_nodes
from ..loaders.quantity import K8S_RESOURCES
from ..model.captures import Captures
from ..model.context import Context
from ..model.demand import compute, owner_of
from ..render.capacity_units import show
from ..report import Report, Table
from . import Outcome
from .common import add_explicit_overlay_arguments, load_lanes, overlays_from_roots, run_checks


def add_arguments(parser) -> None:
    parser.add_argument(
        "--nodes", metavar="NODES_JSON", required=True, help="kubectl get nodes -o json"
    )
    parser.add_argument(
        "--policy", metavar="FILE", help="capacity policy YAML (default: the packaged policy above)"
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        help="draw demand per owner against capacity per pool (needs matplotlib)",
    )
    add_explicit_overlay_arguments(parser)
    parser.add_argument(
        "overlays",
        metavar="OVERLAY_ROOT",
        nargs="*",
        help="every overlay that deploys runners to the cluster",
    )


def _table(pools: dict, owners: list[str]) -> Table:
    rows = []
    for pool, figures in pools.items():
        for resource in K8S_RESOURCES:
            f = figures["resources"][resource]
            ratio = "n/a" if f["ratio"] is None else f"{f['ratio']:.2f}"
            rows.append(
                (
                    pool,
                    resource,
                    *(show(resource, f["by_owner"].get(o, {}).get("demand", 0.0)) for o in owners),
                    show(resource, f["demand"]),
                    show(resource, f["allocatable"]),
                    ratio,
                    f"{f['max']:g}",
                )
            )
    return Table(
        "worst-case demand per node pool (max_runners x requests)",
        ("pool", "resource", *owners, "demand", "allocatable", "ratio", "max"),
        tuple(rows),
    )


def run(args) -> Outcome:
    if args.plot:
        from ..render.capacity_plot import PlotUnavailable, require_matplotlib

        try:
            require_matplotlib()
        except PlotUnavailable as err:
            raise UsageError(str(err)) from None
    report = Report("capacity")
    overlays = load_lanes(
        report, overlays_from_roots(args.overlays, args.tfvars, args.organization)
    )
    for overlay in overlays:  # requests and counts a demand can be built from
        run_checks(report, (lane_limits,), Context(overlay))
    lanes = [(lane, owner_of(lane, o.root.name)) for o in overlays for _, lane in o.lanes]
    captures = Captures()
    nodes_src = Source.under(Path.cwd(), args.nodes)
    nodes = captures.load(load_nodes, nodes_src)
    policy_src = Source.under(Path.cwd(), args.policy) if args.policy else None
    policy = captures.load(load_policy, policy_src) if policy_src else load_policy(None)
    run_checks(report, (inputs,), captures)
    if nodes is None or policy is None:
        return Outcome(report)
    demand = compute(lanes, nodes, nodes_src.rel, policy)
    run_checks(report, (cluster_capacity,), demand)
    owners = sorted({d.owner for d in demand.lanes})
    report.tables.append(_table(demand.pools, owners))
    report.summary = {
        "policy": {"source": policy.source, "max_oversubscription": policy.max_oversubscription},
        "pools": demand.pools,
        "lanes": [
            {
                "owner": d.owner,
                "release": d.lane.release_name,
                "tfvars": d.lane.tfvars.rel if d.lane.tfvars else None,
                "max_runners": d.runners,
                "pools": sorted(d.pools),
            }
            for d in demand.lanes
        ],
    }
    if args.plot:
        from ..render.capacity_plot import write_png

        try:
            write_png(demand.pools, args.plot)
        except OSError as err:
            raise UsageError(f"--plot: cannot write {args.plot}: {err.strerror}") from None
        report.notes.append(f"plot written to {args.plot}")
    return Outcome(report)
