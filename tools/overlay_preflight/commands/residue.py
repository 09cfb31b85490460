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

from pathlib import Path

from ..checks import residue
from ..loaders import LoadError, Source
from ..loaders.ars import load_scale_sets
from ..loaders.helm import load_releases
from ..overlay import INPUT_INVALID
from ..report import Report, Table, finding
from .common import add_explicit_overlay_arguments, overlays_from_roots, overlays_tfvars

COLUMNS = ("namespace", "name", "scale_set", "declared_by", "status")


def add_arguments(parser) -> None:
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


def run(args) -> Report:
    overlays = overlays_from_roots(args.overlays, args.tfvars, args.organization)
    report = Report("residue")
    report.rules_run.update(r.id for r in residue.RULES)
    tfvars = [t for _, found in overlays_tfvars(report, overlays) for t in found]
    try:
        live_src = Source.under(Path.cwd(), args.live)
        live = load_scale_sets(live_src)
        helm = load_releases(Source.under(Path.cwd(), args.helm)) if args.helm else None
    except LoadError as err:
        report.findings.append(finding(INPUT_INVALID, err.path, err.line, err.message))
        return report
    findings, rows = residue.audit(live, live_src.rel, helm, residue.declared(tfvars))
    report.extend(findings)
    report.tables.append(
        Table(
            f"live scale sets ({live_src.rel})",
            tuple(c.replace("_", " ") for c in COLUMNS),
            tuple(rows),
        )
    )
    report.summary = {
        "live": [dict(zip(COLUMNS, r, strict=True)) for r in rows],
        "declared_absent": sum(1 for f in findings if f.rule == residue.ABSENT.id),
    }
    return report
