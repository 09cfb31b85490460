"""Command line: arguments and I/O only. Checks decide, the gate applies
pass/fail policy, renderers render.

Exit codes (the same for every command):
  0  passed
  1  failed: blockers, or warnings under --strict that were not expected
  2  usage error: unknown flag, missing overlay root, bad argument
  3  internal error: a bug in overlay-preflight (traceback with --debug)

A report that cannot be written (a missing directory, a full disk, a closed
standard output) is a usage error: one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import sys
from pathlib import Path

from . import __version__
from .commands import BY_NAME, COMMANDS, Outcome
from .errors import UsageError
from .model.config import Config
from .render import FORMATS

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class OutputError(Exception):
    """The report could not be written (exit 2, one line)."""


def _common(parser: argparse.ArgumentParser) -> None:
    out = parser.add_argument_group("report")
    out.add_argument(
        "--format",
        choices=FORMATS,
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
        "--config",
        metavar="FILE",
        help="the overlay's policy and reviewed suppressions "
        "(default: <overlay-root>/.overlay-preflight.yaml)",
    )
    gate.add_argument("--suppressions", dest="config", help=argparse.SUPPRESS)
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
    for cmd in COMMANDS:
        if cmd.name != command:
            sub.add_parser(cmd.name, help=cmd.summary, add_help=False)
            continue
        impl = cmd.load()
        p = sub.add_parser(
            cmd.name,
            help=cmd.summary,
            description=sys.modules[impl.__name__].__doc__,  # type: ignore[attr-defined]
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        impl.add_arguments(p)
        if cmd.reports:
            _common(p)
        p.set_defaults(impl=impl)
    return parser


def _writes(specs: list[str]) -> list[tuple[str, str]]:
    out = []
    for spec in specs:
        fmt, sep, path = spec.partition("=")
        if not sep or fmt not in FORMATS or not path:
            raise UsageError(f"--write expects FORMAT=FILE with FORMAT in {', '.join(FORMATS)}")
        out.append((fmt, path))
    return out


def _today(args: argparse.Namespace) -> datetime.date | None:
    from . import clock

    try:
        return clock.today(args.today)
    except ValueError as err:
        raise UsageError(str(err)) from None


def _config(args: argparse.Namespace, outcome: Outcome) -> Config:
    """The command's own config (per-overlay commands read --config with the
    overlay), else the file --config names."""
    from .loaders import Source
    from .model.config import read_config

    if outcome.config is not None:
        return outcome.config
    return read_config(Source.under(Path.cwd(), args.config) if args.config else None)


def _check_config_flag(args: argparse.Namespace) -> None:
    if getattr(args, "config", None) and not Path(args.config).is_file():
        raise UsageError(f"--config: {args.config} is not a file")


def _finish(args: argparse.Namespace, outcome: Outcome) -> int:
    from .gate import finalize
    from .render import render

    writes = _writes(args.write)
    report = finalize(
        outcome.report,
        _config(args, outcome),
        args.expect_warning,
        args.strict,
        _today(args),
        outcome.ignores,
    )
    text = render(args.format, report)
    if args.output:
        _write_file(args.output, text, "--output")
    else:
        _write_stdout(text)
    for fmt, path in writes:
        _write_file(path, render(fmt, report), f"--write {fmt}")
    return EXIT_PASS if report.passed else EXIT_FAIL


def _write_file(path: str, text: str, flag: str) -> None:
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as err:
        raise OutputError(f"{flag}: cannot write {path}: {err.strerror or err}") from None


def _write_stdout(text: str) -> None:
    """Unbuffered on a real descriptor, so a failed write leaves nothing
    behind for the interpreter to fail on again at exit."""
    stream = sys.stdout
    if stream is None:
        raise OutputError("cannot write the report: standard output is closed")
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        stream.write(text)  # an in-memory stream (tests, embedding)
        return
    try:
        stream.flush()
        view = memoryview(text.encode("utf-8"))
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as err:
        why = getattr(err, "strerror", None) or str(err)
        raise OutputError(f"cannot write the report to standard output: {why}") from None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in BY_NAME else None)
    args = parser.parse_args(argv)  # exits 2 on usage errors
    try:
        _check_config_flag(args)
        outcome = args.impl.run(args)
        if outcome is None:  # commands that print for themselves (rules)
            return EXIT_PASS
        if isinstance(outcome, int):  # the same, with their own verdict (bump-core)
            return outcome
        return _finish(args, outcome)
    except UsageError as err:
        from .redact import redact

        parser.error(redact(str(err)))  # exits 2
    except OutputError as err:
        _say(f"overlay-preflight: error: {err}")
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_FAIL
    except KeyboardInterrupt:
        return 130
    except Exception as err:
        if getattr(args, "debug", False):
            import traceback  # here: only a bug needs it

            traceback.print_exc()
        _say(
            f"overlay-preflight: internal error ({type(err).__name__}); this is a bug in "
            "the tool, not a finding. Re-run with --debug for the traceback."
        )
        return EXIT_INTERNAL
    return EXIT_INTERNAL


def _say(line: str) -> None:
    """One line on stderr, if there is a stderr."""
    with contextlib.suppress(AttributeError, OSError, ValueError):
        print(line, file=sys.stderr)


def taxonomy_main(argv: list[str] | None = None) -> int:
    """`validate-overlay-runner-taxonomy`: the operators' command, same flags."""
    argv = sys.argv[1:] if argv is None else argv
    return main(["taxonomy", *argv])
