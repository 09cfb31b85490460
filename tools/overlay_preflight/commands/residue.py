"""Audit the live ARC scale sets for residue, read-only.

Never contacts a cluster: it reads what the operator captured with
  kubectl get autoscalingrunnersets.actions.github.com -A -o json > ars.json
  helm list -A -o json > helm.json
and compares them with the lanes each given overlay's tfvars deploys:

  overlay-preflight residue --live ars.json --helm helm.json \\
      ../tinyland-infra ../jesssullivan-infra ../example-org-infra

A live scale set no overlay declares is a blocker (residue) unless it is a
known compatibility lane (a classified warning). A declared lane that is not
live is a warning; a live registration name or URL that differs from its
overlay is a blocker; a scale set not managed by Helm, or whose release is not
deployed, is a warning.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..checks import inputs, residue
from ..loaders import Source
from ..loaders.ars import load_scale_sets
from ..loaders.helm import load_releases
from ..model.captures import Captures
from ..model.residue import audit, declared
from ..report import Report, Table
from . import Outcome
from .common import add_explicit_overlay_arguments, load_lanes, overlays_from_roots, run_checks

COLUMNS = ("namespace", "name", "scale_set", "declared_by", "status")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--live",
        metavar="ARS_JSON",
        required=True,
        help="kubectl get autoscalingrunnersets.actions.github.com -A -o json",
    )
    parser.add_argument("--helm", metavar="HELM_JSON", help="helm list -A -o json")
    add_explicit_overlay_arguments(parser)
    parser.add_argument(
        "overlays",
        metavar="OVERLAY_ROOT",
        nargs="*",
        help="every overlay that deploys scale sets to the cluster",
    )


def run(args: argparse.Namespace) -> Outcome:
    report = Report("residue")
    overlays = load_lanes(
        report, overlays_from_roots(args.overlays, args.tfvars, args.organization)
    )
    captures = Captures()
    live_src = Source.under(Path.cwd(), args.live)
    live = captures.load(load_scale_sets, live_src)
    helm = captures.load(load_releases, Source.under(Path.cwd(), args.helm)) if args.helm else None
    run_checks(report, (inputs,), captures)
    if live is None or (args.helm and helm is None):
        return Outcome(report)
    model = audit(live, live_src.rel, helm, declared([la for o in overlays for la in o.lanes]))
    run_checks(report, (residue,), model)
    rows = tuple(
        (s.namespace, s.name, s.scale_set_name or "-", e.declared.tfvars.rel if e.declared else "-",
         e.status)
        for e in model.live
        for s in (e.scale_set,)
    )  # fmt: skip
    report.tables.append(
        Table(
            f"live scale sets ({live_src.rel})", tuple(c.replace("_", " ") for c in COLUMNS), rows
        )
    )
    report.summary = {
        "live": [dict(zip(COLUMNS, r, strict=True)) for r in rows],
        "declared_absent": len(model.absent),
    }
    return Outcome(report)
