"""The runner-taxonomy checks on arc-runners tfvars files.

Also installed as `validate-overlay-runner-taxonomy`, with the operators' flags:
  validate-overlay-runner-taxonomy tofu/stacks/arc-runners/tinyland.tfvars
  validate-overlay-runner-taxonomy --allow-repo-registration-anchor \
      tofu/stacks/arc-runners/<personal>.tfvars

The overlay's config/organization.yaml is found by walking up from each tfvars
(or given with --organization); without one, checks that need the owner are
skipped. Exit 0 passed, 1 findings, 2 usage error.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..checks import TAXONOMY
from ..discovery import CONFIG_FILE, OverlayFiles
from ..errors import UsageError
from ..loaders import Source
from ..model.context import Context, Options
from ..model.overlay import load_overlay
from . import Outcome
from .common import add_consumer_registry_argument, check_overlay, consumer_registry, needs

ORGANIZATION = Path("config/organization.yaml")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tfvars", metavar="TFVARS", nargs="+", help="arc-runners tfvars files")
    parser.add_argument(
        "--allow-repo-registration-anchor",
        action="store_true",
        help="repo-scoped registration anchors are warnings, not blockers",
    )
    parser.add_argument(
        "--organization",
        metavar="FILE",
        help="the overlay's organization.yaml (default: found by walking up "
        "from the tfvars to a directory holding config/organization.yaml)",
    )
    parser.add_argument(
        "--no-discover",
        action="store_true",
        help="read exactly the files named, paths as given (Bazel runfiles): "
        "no walk up to an organization.yaml or .overlay-preflight.yaml",
    )
    add_consumer_registry_argument(parser)


def overlay_root(tfvars: list[Path]) -> Path | None:
    """The one directory above every tfvars that holds config/organization.yaml."""
    roots = set()
    for path in tfvars:
        found = next((d for d in path.resolve().parents if (d / ORGANIZATION).is_file()), None)
        roots.add(found)
    if len(roots) > 1:
        raise UsageError("the tfvars belong to different overlays; check one overlay at a time")
    return roots.pop()


def _files(args: argparse.Namespace) -> OverlayFiles:
    paths = [Path(p) for p in args.tfvars]
    for path in paths:
        if not path.is_file():
            raise UsageError(f"tfvars {path} is not a file")
    if args.organization and not Path(args.organization).is_file():
        raise UsageError(f"--organization {args.organization} is not a file")
    root = None if args.organization or args.no_discover else overlay_root(paths)
    base = root or Path.cwd()
    files = OverlayFiles(base)

    # Under --no-discover paths stay as given: resolve() would follow Bazel's
    # runfiles symlinks out of the sandbox into the source tree.
    def given(path: str | Path) -> Path:
        return Path(path) if args.no_discover else Path(path).resolve()

    files.tfvars = [Source.under(base, given(p)) for p in paths]
    if args.organization:
        files.organization = Source.under(base, given(args.organization))
    elif root is not None:
        files.organization = Source(root / ORGANIZATION, ORGANIZATION.as_posix())
    if args.config:
        files.config = Source.under(base, given(args.config))
    elif root is not None:
        files.config = Source(root / CONFIG_FILE, CONFIG_FILE)
    return files


def run(args: argparse.Namespace) -> Outcome:
    files = _files(args)
    options = Options(
        allow_repo_registration_anchor=args.allow_repo_registration_anchor,
        consumer_registry=consumer_registry(args),
    )
    ctx = Context(load_overlay(files, needs(TAXONOMY)), options)
    report = check_overlay("taxonomy", ctx, TAXONOMY)
    return Outcome(report, ctx.overlay.config, tuple(ctx.overlay.ignores))
