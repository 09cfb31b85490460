"""Arguments and set-up shared by the per-overlay commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..cli import UsageError, env_default
from ..context import Context, Options
from ..loaders import MAX_CONFIG_BYTES, Source
from ..overlay import INPUT_INVALID, INPUT_MISSING, Overlay, discover, explicit
from ..report import Report, finding
from ..suppressions import FILE_NAME

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


def overlay_root(args) -> str:
    """The positional ROOT when a command takes one, else --overlay-root."""
    return getattr(args, "root", None) or args.overlay_root


def build_overlay(args) -> Overlay:
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
    if args.no_discover:
        return Overlay(explicit(root, **named))
    files = discover(root)
    given = explicit(root, **named)
    for key in ("organization", "module_bazel", "justfile"):
        if getattr(given, key) is not None:
            setattr(files, key, getattr(given, key))
    if given.tfvars:
        files.tfvars = given.tfvars
    if given.workflows:
        files.workflows = given.workflows
    files.others += given.others
    return Overlay(files)


def options(args) -> Options:
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
    )


def run_checks(name: str, ctx: Context, modules) -> Report:
    report = Report(name)
    for module in modules:
        report.extend(module.check(ctx))
        report.rules_run.update(r.id for r in module.RULES)
    report.extend(ctx.overlay.load_findings)
    report.rules_run.update(("input-invalid", "input-missing"))
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


def suppression_file(args) -> Source | None:
    if getattr(args, "no_discover", False):
        return None
    root = Path(overlay_root(args)).resolve()
    return Source(root / FILE_NAME, FILE_NAME)


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
) -> list[Overlay]:
    """Several discovered overlays, plus one given as files; their files are
    shown relative to the current directory so that findings from different
    overlays stay apart."""
    if not roots and not tfvars:
        raise UsageError("give at least one OVERLAY_ROOT, or --tfvars")
    out = []
    if tfvars:
        out.append(Overlay(explicit(Path.cwd(), organization=organization, tfvars=tfvars)))
    for name in roots:
        root = Path(name)
        if not root.is_dir():
            raise UsageError(f"overlay root {name} is not a directory")
        out.append(discover_here(root))
    return out


def discover_here(root: Path) -> Overlay:
    """The overlay at `root`, every file named relative to the current
    directory, so that findings from several overlays name their overlay."""

    def here(src: Source | None) -> Source | None:
        return Source.under(Path.cwd(), src.path) if src is not None else None

    files = discover(root)
    for key in ("organization", "module_bazel", "justfile"):
        setattr(files, key, here(getattr(files, key)))
    for key in ("tfvars", "workflows", "others", "escaping_links"):
        setattr(files, key, [here(s) for s in getattr(files, key)])
    return Overlay(files)


def overlay_command(
    name: str,
    checks: tuple,
    *,
    root: bool = False,
    tfvars: bool = True,
    core: bool = False,
    policy: bool = False,
    anchors: bool = False,
    parse_all: bool = False,
):
    """`add_arguments` and `run` for a command that runs `checks` on one overlay."""

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

    def run(args) -> Report:
        ctx = Context(build_overlay(args), options(args))
        if parse_all:  # every input must parse, whether or not a check reads it
            overlay = ctx.overlay
            overlay.organization(), overlay.module_bazel(), overlay.justfile()
            overlay.tfvars(), overlay.workflows()
        return run_checks(name, ctx, checks)

    return add_arguments, run


def overlays_tfvars(report: Report, overlays: list[Overlay]) -> list[tuple[Overlay, list]]:
    """Each overlay with its loaded tfvars; an overlay without any, and every
    load error, becomes a finding in `report`."""
    report.rules_run.update((INPUT_INVALID.id, INPUT_MISSING.id))
    out = []
    for overlay in overlays:
        if not overlay.files.tfvars:
            report.findings.append(
                finding(
                    INPUT_MISSING,
                    Source.under(Path.cwd(), overlay.root).rel,
                    None,
                    "no tofu/stacks/arc-runners/*.tfvars in the overlay",
                )
            )
        out.append((overlay, overlay.tfvars()))
        report.extend(overlay.load_findings)
    return out
