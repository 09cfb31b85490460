"""Command line: arguments and I/O only. Checks decide; renderers render.

Exit codes (the same for every command):
  0  passed
  1  failed: blockers, or warnings under --strict that were not expected
  2  usage error: unknown flag, missing overlay root, bad argument
  3  internal error: a bug in overlay-preflight (traceback with --debug)
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import os
import sys
import traceback
from pathlib import Path

from . import __version__

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

# Sub-command -> (module under overlay_preflight.commands, one-line help).
# Only the chosen command's module is imported: `--help` imports none.
COMMANDS = {
    "enrollment": (
        "enrollment",
        "the whole per-overlay preflight: pins, schema, taxonomy, workflows, hygiene",
    ),
    "core-pin": ("core_pin", "core-pin agreement and the selected core ref"),
    "taxonomy": (
        "taxonomy",
        "labels, registration scope, runner groups, controller, names, caches",
    ),
    "topology": (
        "topology",
        "one controller owner per cluster, attached overlays, owner-distinct identities",
    ),
    "workflows": (
        "workflows",
        "workflow schema, runner labels, core-read credential, pins, permissions",
    ),
    "secrets": ("secrets", "plain-text secrets in every text file of the overlay"),
    "hygiene": ("hygiene", "Justfile formatting, whitespace, conflict markers, YAML/JSON parse"),
    "schema": ("schema", "validate YAML/JSON files against a JSON Schema"),
    "plan": ("plan", "prove a `tofu show -json` plan non-destructive (and stacks free of imports)"),
    "residue": (
        "residue",
        "audit captured live ARC scale sets for residue against the overlays (read-only)",
    ),
    "capacity": (
        "capacity",
        "worst-case runner demand per owner against node-pool capacity and a policy",
    ),
    "rules": ("rules", "list every rule id with a one-line doc"),
}


class UsageError(Exception):
    """Bad arguments discovered after parsing (exit 2)."""


def _common(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("report")
    out.add_argument(
        "--format",
        choices=("text", "json", "sarif", "junit", "github", "markdown"),
        default="text",
        help="report format on stdout or --output (default: text)",
    )
    out.add_argument("--output", metavar="FILE", help="write the report here instead of stdout")
    out.add_argument(
        "--write",
        metavar="FORMAT=FILE",
        action="append",
        default=[],
        help="also write a report in FORMAT to FILE (repeatable)",
    )
    gate = parser.add_argument_group("pass/fail")
    gate.add_argument(
        "--strict",
        action="store_true",
        help="fail on any warning not declared with --expect-warning",
    )
    gate.add_argument(
        "--expect-warning",
        metavar="RULE[:PATH]",
        action="append",
        default=[],
        help="a warning that strict mode accepts (repeatable)",
    )
    gate.add_argument(
        "--suppressions",
        metavar="FILE",
        help="reviewed suppressions (default: <overlay-root>/.overlay-preflight.yaml)",
    )
    gate.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only `command`'s module is imported to add its arguments."""
    parser = argparse.ArgumentParser(
        prog="overlay-preflight",
        description="Preflight checks for GloriousFlywheel implementation overlays.",
        epilog="Exit codes: 0 passed, 1 failed, 2 usage error, 3 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"overlay-preflight {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, summary) in COMMANDS.items():
        if name != command:
            sub.add_parser(name, help=summary, add_help=False)
            continue
        module = importlib.import_module(f".commands.{module_name}", __package__)
        p = sub.add_parser(
            name,
            help=summary,
            description=module.__doc__,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        if getattr(module, "REPORTS", True):
            _common(p)
        p.set_defaults(module=module)
    return parser


def _writes(specs: list[str]) -> list[tuple[str, str]]:
    from .render import FORMATS

    out = []
    for spec in specs:
        fmt, sep, path = spec.partition("=")
        if not sep or fmt not in FORMATS or not path:
            raise UsageError(f"--write expects FORMAT=FILE with FORMAT in {', '.join(FORMATS)}")
        out.append((fmt, path))
    return out


def _finish(args, report) -> int:
    from . import suppressions
    from .loaders import Source
    from .render import render
    from .report import mark_expected, unknown_expectations

    bad = unknown_expectations(args.expect_warning)
    if bad:
        raise UsageError(f"--expect-warning names unknown rule(s): {', '.join(bad)}")
    writes = _writes(args.write)
    today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    src = args.module.suppression_file(args) if hasattr(args.module, "suppression_file") else None
    if args.suppressions:
        src = Source.under(Path.cwd(), args.suppressions)
        if not src.path.is_file():
            raise UsageError(f"--suppressions: {args.suppressions} is not a file")
    entries, problems = suppressions.load(src)
    findings = (
        suppressions.apply(
            report.findings, entries, src.rel if src else "", report.rules_run, today
        )
        + problems
    )
    report.findings = mark_expected(findings, args.expect_warning)
    report.strict = args.strict
    text = render(args.format, report)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    for fmt, path in writes:
        Path(path).write_text(render(fmt, report), encoding="utf-8")
    return EXIT_PASS if report.passed else EXIT_FAIL


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        report = args.module.run(args)
        if report is None:  # commands that print for themselves (rules)
            return EXIT_PASS
        return _finish(args, report)
    except UsageError as err:
        parser.error(str(err))  # exits 2
    except BrokenPipeError:
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        if getattr(args, "debug", False):
            traceback.print_exc()
        print(
            f"overlay-preflight: internal error ({type(err).__name__}); this is a bug in "
            "the tool, not a finding. Re-run with --debug for the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    return EXIT_INTERNAL


def taxonomy_main(argv: list[str] | None = None) -> int:
    """`validate-overlay-runner-taxonomy`: the operators' command, same flags."""
    argv = sys.argv[1:] if argv is None else argv
    return main(["taxonomy", *argv])


def env_default(name: str) -> str | None:
    value = os.environ.get(name)
    return value or None
