"""Move every carrier of the core pin to one commit: organization.yaml
`core.pinned_commit`, MODULE.bazel's `git_override` commit, the Justfile's
implementation variables (`gf_core_sha`, `#ci` flake-ref defaults such as
`gf_core_ci`), workflow `GF_CORE_REF` and literal core flake references;
with `--role ROLE`, the carriers of the declared role pin
`policy.role_pins.ROLE` instead (its sha, its Justfile variables, its
workflows). The carriers are the ones the core-pin checks judge.

  overlay-preflight bump-core SHA [ROOT] [--role ROLE] [--check]

Each pin is rewritten in place, only the pin's own characters (never a
comment, never another value), and the change is printed as a unified diff.
`--check` changes nothing. Exit 0: every carrier holds SHA; 1: with
`--check`, a carrier differs (or one cannot be rewritten: an expression, an
archive_override); 2: SHA is not a full 40-hex commit, or no such role.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

from ..checks import CORE_PIN
from ..checks.core_pin_sites import Site, implementation_sites, role_sites
from ..discovery import inside
from ..errors import UsageError
from ..loaders import LoadError
from ..loaders.comments import comments
from ..model.context import Context
from ..model.github import FULL_SHA
from ..model.overlay import load_overlay
from ..render import clean
from ..render.escape import display, no_workflow_command
from .common import add_overlay_arguments, needs, options, overlay_files

EXIT_PASS, EXIT_FAIL = 0, 1


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sha", metavar="SHA", help="the core commit: a full 40-hex SHA")
    parser.add_argument(
        "root", metavar="ROOT", nargs="?", help="the overlay checkout (same as --overlay-root)"
    )
    parser.add_argument(
        "--role", metavar="ROLE", help="move the declared role pin policy.role_pins.ROLE instead"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if any carrier differs"
    )
    add_overlay_arguments(parser, tfvars=False)


class _Unreadable(Exception):
    """Files that exist and cannot be read: any of them may hold a pin, and
    moving the others would leave the overlay split between two commits."""

    def __init__(self, errors: list[LoadError]) -> None:
        super().__init__()
        self.errors = errors


def _sites(args: argparse.Namespace) -> tuple[Path, list[Site], str]:
    files = overlay_files(args)
    overlay = load_overlay(files, needs(CORE_PIN))
    unreadable = [e for e in overlay.errors if not e.missing]
    if unreadable:
        raise _Unreadable(unreadable)
    ctx = Context(overlay, options(args))
    if args.role is None:
        return files.root, implementation_sites(ctx), "the implementation pin"
    if args.role not in ctx.policy.role_pins:
        declared = ", ".join(sorted(ctx.policy.role_pins)) or "none"
        raise UsageError(
            f"no role pin {args.role[:60]!r} in policy.role_pins (declared: {declared})"
        )
    return files.root, role_sites(ctx, args.role), f"role pin {args.role}"


def _replace(head: str, old: str, new: str, yaml: bool) -> tuple[str, int]:
    """`old` replaced where it stands as a whole token of `head`. In YAML, a
    commit of digits only (or digits, `e`, digits) would read as a number
    when unquoted, so there it is written quoted."""
    pattern = re.compile(rf"(?<![0-9A-Za-z_]){re.escape(old)}(?![0-9A-Za-z_])")

    def one(match: re.Match[str]) -> str:
        before = head[match.start() - 1 : match.start()]
        numeric = re.fullmatch(r"[0-9]+(e[0-9]+)?", new) is not None
        return f'"{new}"' if yaml and numeric and before not in ("'", '"', "/") else new

    return pattern.subn(one, head)


def _rewrite(rel: str, text: str, sites: list[Site], new: str) -> tuple[str, list[str]]:
    """`text` with each site's pin replaced on its line, outside comments."""
    lines = text.split("\n")
    starts: dict[int, int] = {}
    for c in comments(rel, text):
        starts.setdefault(c.line, c.column)
    problems = []
    for line, old in sorted({(s.line or 0, s.value or "") for s in sites}):
        if not 1 <= line <= len(lines):
            problems.append(f"{rel}:{line}: the pin's line is not in the file")
            continue
        row = lines[line - 1]
        cut = starts.get(line, len(row))
        head, count = _replace(row[:cut], old, new, rel.endswith((".yml", ".yaml")))
        if count == 0:
            problems.append(f"{rel}:{line}: {old[:60]!r} is not written on this line")
        lines[line - 1] = head + row[cut:]
    return "\n".join(lines), problems


def _edits(root: Path, sites: list[Site], new: str) -> tuple[dict[Path, str], str, list[str]]:
    """The new text of each file to change, the unified diff, and problems."""
    by_path: dict[str, list[Site]] = {}
    problems = []
    for s in sites:
        if s.why_fixed or s.value is None or s.line is None:
            problems.append(f"{s.path}:{s.line or 1}: {s.where}: {s.why_fixed or 'not literal'}")
        elif s.value.lower() != new:
            by_path.setdefault(s.path, []).append(s)
    out: dict[Path, str] = {}
    diff: list[str] = []
    for rel in sorted(by_path):
        path = root / rel
        if path.is_symlink() or not path.is_file() or not inside(root, path):
            problems.append(f"{rel}: not a regular file; bump-core writes only plain files")
            continue
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        changed, why = _rewrite(rel, text, by_path[rel], new)
        problems += why
        if changed != text:
            out[path] = changed
            diff += difflib.unified_diff(
                text.splitlines(keepends=True),
                changed.splitlines(keepends=True),
                f"a/{rel}",
                f"b/{rel}",
            )
    return out, "".join(diff), problems


def _safe(line: str) -> str:
    return no_workflow_command(display(clean.text(line)))


def run(args: argparse.Namespace) -> int:
    new = args.sha.strip().lower()
    if not FULL_SHA.fullmatch(new):
        raise UsageError(f"SHA must be a full 40-hex commit, got {args.sha[:60]!r}")
    try:
        root, sites, target = _sites(args)
    except _Unreadable as unreadable:
        for err in unreadable.errors:
            where = f"{err.path}:{err.line}" if err.line else err.path
            print(f"bump-core: cannot read {_safe(f'{where}: {err.message}')}", file=sys.stderr)
        print("bump-core: nothing changed", file=sys.stderr)
        return EXIT_FAIL
    if not sites:
        raise UsageError(f"no carrier of {target} found in {root}")
    changes, diff, problems = _edits(root, sites, new)
    # The diff quotes the overlay's own lines: each printed as a text report's
    # line is (credentials masked, controls escaped, no workflow command).
    for line in diff.splitlines():
        print(_safe(line))
    for problem in problems:
        print(f"bump-core: cannot rewrite {_safe(problem)}", file=sys.stderr)
    differ = sum(1 for s in sites if (s.value or "").lower() != new)
    if args.check:
        print(f"bump-core: {differ} of {len(sites)} carrier(s) of {target} differ from {new}")
        return EXIT_FAIL if differ else EXIT_PASS
    for path, text in changes.items():
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
    _, after, _ = _sites(args)
    left = [s for s in after if (s.value or "").lower() != new]
    print(
        f"bump-core: {differ - len(left)} carrier(s) of {target} moved to {new} in "
        f"{len(changes)} file(s); {len(left)} left"
    )
    for s in left:
        print(f"  {s.path}:{s.line or 1}: {s.where} still holds {s.value!r}", file=sys.stderr)
    return EXIT_FAIL if left else EXIT_PASS
