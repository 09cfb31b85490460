"""Shared-controller topology across the overlays of one cluster.

  overlay-preflight topology ../tinyland-infra ../jesssullivan-infra ../example-org-infra

Overlays are grouped by substrate.cluster.name. Finding paths are relative to
the current directory, so each names the overlay that holds the conflict.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..checks import inputs, topology
from ..discovery import discover_here
from ..errors import UsageError
from ..loaders import Source
from ..model import kinds
from ..model.overlay import load_overlay
from ..report import Report
from . import Outcome
from .common import run_checks


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "roots",
        metavar="OVERLAY_ROOT",
        nargs="+",
        help="overlay checkouts (each with config/organization.yaml)",
    )


def _relative(path: Path) -> str:
    return Path(os.path.relpath(path, Path.cwd())).as_posix()


def run(args: argparse.Namespace) -> Outcome:
    roots: list[Path] = []
    for name in args.roots:
        root = Path(name).resolve()
        if not root.is_dir():
            raise UsageError(f"overlay root {name} is not a directory")
        if root not in roots:
            roots.append(root)
    report = Report("topology")
    members = []
    for root in roots:
        files = discover_here(root)
        if files.organization is None:  # reported as missing, relative to here
            expected = root / "config/organization.yaml"
            files.organization = Source(expected, _relative(expected))
        overlay = load_overlay(files, {kinds.ORGANIZATION, kinds.TFVARS}, {kinds.ORGANIZATION})
        run_checks(report, (inputs,), overlay)
        if overlay.organization is not None:
            members.append(topology.Member(_relative(root), overlay, overlay.organization))
    return Outcome(run_checks(report, (topology,), members))
