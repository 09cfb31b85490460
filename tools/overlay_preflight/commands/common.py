"""What the commands share: argument groups, loading overlays, running
checks into a report."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from ..checks import inputs
from ..discovery import OverlayFiles, discover, discover_here, explicit
from ..errors import UsageError, env_default
from ..loaders import MAX_CONFIG_BYTES, LoadError, Source
from ..model import kinds
from ..model.context import Context, Options
from ..model.overlay import Overlay, load_overlay
from ..report import Report
from . import Outcome

POLICIES = ("allow", "warn", "forbid")


def add_overlay_arguments(parser: argparse.ArgumentParser, *, tfvars: bool = True) -> None:
    g = parser.add_argument_group("overlay files")
    g.add_argument(
        "--overlay-root",
        metavar="DIR",
        default=".",
        help="the overlay checkout (default: the current directory)",
    )
    g.add_argument(
        "--no-discover",
        action="store_true",
        help="the overlay is exactly the files named by flags (Bazel runfiles)",
    )
    g.add_argument("--organization", metavar="FILE", help="default: config/organization.yaml")
    g.add_argument("--module-bazel", metavar="FILE", help="default: MODULE.bazel")
    g.add_argument("--justfile", metavar="FILE", help="default: Justfile")
    if tfvars:
        g.add_argument(
            "--tfvars",
            metavar="FILE",
            action="append",
            help="default: tofu/stacks/arc-runners/*.tfvars (repeatable)",
        )
    g.add_argument(
        "--workflow",
        metavar="FILE",
        action="append",
        help="default: .github/workflows/*.y{a,}ml (repeatable)",
    )
    g.add_argument(
        "--file", metavar="FILE", action="append", help="another overlay file to scan (repeatable)"
    )


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", metavar="ROOT", nargs="?", help="the overlay checkout (same as --overlay-root)"
    )


def add_workflow_policy_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("workflow policy (default: organization.yaml runner_contract)")
    g.add_argument(
        "--github-hosted",
        choices=POLICIES,
        help="GitHub-hosted runs-on labels (runner_contract.github_hosted_runners)",
    )
    g.add_argument(
        "--workflow-permissions",
        choices=POLICIES,
        help="missing or write-all workflow permissions (runner_contract.workflow_permissions)",
    )


def add_core_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("core pin")
    g.add_argument(
        "--expected-core-ref",
        metavar="REF",
        help="the selected core ref (default: $GF_EXPECTED_CORE_REF): a full SHA, "
        "or a tag / short SHA resolved in --core-path",
    )
    g.add_argument(
        "--core-path",
        metavar="DIR",
        help="a local core checkout for resolving refs (default: $GF_CORE_PATH)",
    )
    g.add_argument("--repo", metavar="OWNER/NAME", help="must equal owner.repository")


def overlay_root(args: argparse.Namespace) -> str:
    """The positional ROOT when a command takes one, else --overlay-root."""
    root: str = getattr(args, "root", None) or args.overlay_root
    return root


def overlay_files(args: argparse.Namespace) -> OverlayFiles:
    """The overlay's files: discovered under the root, with the files named
    by flags taking their place; exactly the named ones with --no-discover."""
    root = Path(overlay_root(args))
    if not root.is_dir():
        raise UsageError(f"overlay root {overlay_root(args)} is not a directory")
    root = root.resolve()
    named = {
        "organization": args.organization,
        "module_bazel": args.module_bazel,
        "justfile": args.justfile,
        "tfvars": getattr(args, "tfvars", None),
        "workflows": args.workflow,
        "others": args.file,
    }
    given = explicit(root, **named, config=getattr(args, "config", None))
    if args.no_discover:
        return given
    files = discover(root)
    for key in ("organization", "module_bazel", "justfile", "config"):
        if getattr(given, key) is not None:
            setattr(files, key, getattr(given, key))
    if given.tfvars:
        files.tfvars = given.tfvars
    if given.workflows:
        files.workflows = given.workflows
    files.others += given.others
    return files


def options(args: argparse.Namespace) -> Options:
    core_path = getattr(args, "core_path", None) or env_default("GF_CORE_PATH")
    if core_path and not Path(core_path).is_dir():
        raise UsageError(f"core path {core_path} is not a directory")
    return Options(
        expected_core_ref=getattr(args, "expected_core_ref", None)
        or env_default("GF_EXPECTED_CORE_REF"),
        core_path=Path(core_path) if core_path else None,
        repo=getattr(args, "repo", None),
        allow_repo_registration_anchor=getattr(args, "allow_repo_registration_anchor", False),
        github_hosted=getattr(args, "github_hosted", None),
        workflow_permissions=getattr(args, "workflow_permissions", None),
        consumer_registry=consumer_registry(args),
    )


def add_consumer_registry_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--consumer-registry",
        metavar="FILE",
        help="the core's consumer-registry.json: check each consumer's tfvars anchor and class",
    )


def consumer_registry(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "consumer_registry", None)
    return Path(value) if value else None


def run_checks(report: Report, checks: Iterable[ModuleType], model: Any) -> Report:
    """Every check's findings on `model`; the rules that ran are the checks' rules."""
    for check in checks:
        report.extend(check.check(model))
        report.rules_run.update(r.id for r in check.RULES)
    return report


def needs(checks: Iterable[ModuleType]) -> set[str]:
    """The inputs `checks` read."""
    return {kind for check in checks for kind in check.NEEDS}


def check_overlay(
    name: str, ctx: Context, checks: Sequence[ModuleType], report: Report | None = None
) -> Report:
    """`checks` on one loaded overlay, its input problems first."""
    report = run_checks(report or Report(name), (inputs,), ctx.overlay)
    run_checks(report, checks, ctx)
    skipped = ctx.overlay.skipped
    if skipped is not None:
        report.summary["skipped_files"] = {k: len(v) for k, v in skipped.items()}
        if skipped["binary"] or skipped["too large"]:
            report.notes.append(
                f"skipped {len(skipped['binary'])} binary file(s) and "
                f"{len(skipped['too large'])} file(s) over {MAX_CONFIG_BYTES} bytes "
                "(not scanned for secrets or whitespace)"
            )
    return report


def add_explicit_overlay_arguments(parser: argparse.ArgumentParser) -> None:
    """One more overlay given as its files (Bazel runfiles are not a checkout)."""
    g = parser.add_argument_group("an overlay given as files (instead of, or beside, roots)")
    g.add_argument(
        "--tfvars",
        metavar="FILE",
        action="append",
        default=[],
        help="an arc-runners tfvars of that overlay (repeatable)",
    )
    g.add_argument("--organization", metavar="FILE", help="its config/organization.yaml")


def overlays_from_roots(
    roots: list[str], tfvars: list[str] | None = None, organization: str | None = None
) -> list[OverlayFiles]:
    """Several discovered overlays, plus one given as files; their files are
    shown relative to the current directory so that findings from different
    overlays stay apart."""
    if not roots and not tfvars:
        raise UsageError("give at least one OVERLAY_ROOT, or --tfvars")
    out = []
    if tfvars:
        out.append(explicit(Path.cwd(), organization=organization, tfvars=tfvars))
    for name in roots:
        root = Path(name)
        if not root.is_dir():
            raise UsageError(f"overlay root {name} is not a directory")
        out.append(discover_here(root))
    return out


def load_lanes(report: Report, overlays: list[OverlayFiles]) -> list[Overlay]:
    """Each overlay with its tfvars and lanes loaded; an overlay without any
    tfvars, and every load error, becomes an input finding in `report`."""
    out = []
    for files in overlays:
        overlay = load_overlay(files, {kinds.TFVARS})
        if not files.tfvars:
            where = Source.under(Path.cwd(), overlay.root).rel
            why = "no tofu/stacks/arc-runners/*.tfvars in the overlay"
            overlay.errors.append(LoadError(where, None, why, missing=True))
        run_checks(report, (inputs,), overlay)
        out.append(overlay)
    return out


def overlay_command(
    name: str,
    checks: Sequence[ModuleType],
    *,
    root: bool = False,
    tfvars: bool = True,
    core: bool = False,
    policy: bool = False,
    anchors: bool = False,
    required: Iterable[str] = (),
) -> tuple[Any, Any]:
    """`add_arguments` and `run` for a command that runs `checks` on one
    overlay; `required` inputs that are absent are findings."""

    def add_arguments(parser: argparse.ArgumentParser) -> None:
        if root:
            add_root_argument(parser)
        add_overlay_arguments(parser, tfvars=tfvars)
        if core:
            add_core_arguments(parser)
        if policy:
            add_workflow_policy_arguments(parser)
        if anchors:
            parser.add_argument(
                "--allow-repo-registration-anchor",
                action="store_true",
                help="repo-scoped registration anchors are warnings, not blockers",
            )

    def run(args: argparse.Namespace) -> Outcome:
        overlay = load_overlay(overlay_files(args), needs(checks), required)
        report = check_overlay(name, Context(overlay, options(args)), checks)
        return Outcome(report, overlay.config, tuple(overlay.ignores))

    return add_arguments, run
