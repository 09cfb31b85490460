"""Shared-controller topology across the overlays of one cluster.

  overlay-preflight topology ../tinyland-infra ../jesssullivan-infra ../example-org-infra

Overlays are grouped by substrate.cluster.name. Finding paths are relative to
the current directory, so each names the overlay that holds the conflict.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..checks import topology
from ..cli import UsageError
from ..loaders import Source
from ..report import Report
from .common import discover_here


def add_arguments(parser) -> None:
    parser.add_argument(
        "roots",
        metavar="OVERLAY_ROOT",
        nargs="+",
        help="overlay checkouts (each with config/organization.yaml)",
    )


def _relative(path: Path) -> str:
    return Path(os.path.relpath(path, Path.cwd())).as_posix()


def run(args) -> Report:
    roots: list[Path] = []
    for name in args.roots:
        root = Path(name).resolve()
        if not root.is_dir():
            raise UsageError(f"overlay root {name} is not a directory")
        if root not in roots:
            roots.append(root)
    members, overlays = [], []
    for root in roots:
        overlay = discover_here(root)
        overlays.append(overlay)
        if overlay.files.organization is None:  # reported as missing, relative to here
            expected = root / "config/organization.yaml"
            overlay.files.organization = Source(expected, _relative(expected))
        org = overlay.organization()
        if org is not None:
            members.append(topology.Member(_relative(root), overlay, org))
    report = Report("topology")
    report.extend(topology.check(members))
    report.rules_run.update(r.id for r in topology.RULES)
    for overlay in overlays:
        report.extend(overlay.load_findings)
    report.rules_run.update(("input-invalid", "input-missing"))
    return report
