"""Adopt strict mode on an existing overlay in one step: write a reviewed
suppression into `.overlay-preflight.yaml` for every finding that fails
`enrollment --strict` today and may be suppressed (reason `baseline <date>`,
optionally an expiry), update expired entries, drop stale ones, and report
what cannot be suppressed. The file keeps its comments and order.

Each entry records the finding's fingerprint (its rule, path and content,
never its line), so a new finding in a baselined file still fails.

  overlay-preflight baseline [ROOT] [--expires 2027-03-31] [enrollment flags]

Exit 0 when `enrollment --strict` with the same flags now passes; 1 when a
finding remains that no suppression may silence (fix those).
"""

from __future__ import annotations

import argparse
import datetime
import io
from pathlib import Path
from typing import Any

from ..catalog import RULES
from ..checks import ENROLLMENT
from ..errors import UsageError
from ..gate import finalize
from ..loaders import Source
from ..model import kinds
from ..model.config import read_config
from ..model.context import Context
from ..model.overlay import load_overlay
from ..registry import Suppressible
from ..report import Finding, Report
from ..suppressions import EXPIRED, UNUSED
from . import Outcome
from .common import check_overlay, needs, options, overlay_files, overlay_root
from .enrollment import add_arguments as add_enrollment_arguments

CONFIG_FILE = ".overlay-preflight.yaml"
HEADER = "# overlay-preflight: this overlay's policy and reviewed suppressions.\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "root", metavar="ROOT", nargs="?", help="the overlay checkout (same as --overlay-root)"
    )
    add_enrollment_arguments(parser)
    parser.add_argument(
        "--expires", metavar="YYYY-MM-DD", help="the expiry of every suppression written"
    )


def _date(text: str | None, flag: str) -> datetime.date | None:
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{flag} expects YYYY-MM-DD, got {text[:40]!r}") from None


def _key(f: Finding) -> tuple[str, str, str]:
    return f.rule, f.path, f.fingerprint


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda *_: True  # one expiry date, written out each time
    return yaml


def _entry(key: tuple[str, str, str], reason: str, expires: datetime.date | None) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap(rule=key[0], path=key[1], reason=reason)
    if expires is not None:
        entry["expires"] = expires
    entry["fingerprint"] = key[2]
    return entry


def _update(path: Path, add: list[tuple[str, str, str]], renew: set[int], drop: set[int],
            reason: str, expires: datetime.date | None) -> None:  # fmt: skip
    """Append `add`, renew entries by index, drop entries by index; keep the rest."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = _yaml()
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    doc = yaml.load(text)
    if doc is None:
        doc = CommentedMap()
        doc.yaml_set_start_comment(HEADER.lstrip("# ").rstrip())
    items = doc.get("suppressions")
    if not isinstance(items, list):
        items = doc["suppressions"] = CommentedSeq()
    for index in sorted(renew):
        items[index]["reason"] = reason
        if expires is not None:
            items[index]["expires"] = expires
        elif "expires" in items[index]:
            del items[index]["expires"]
    for index in sorted(drop, reverse=True):
        del items[index]
    items.extend(_entry(k, reason, expires) for k in add)
    out = io.StringIO()
    yaml.dump(doc, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def run(args: argparse.Namespace) -> Outcome:
    today = _date(args.today, "--today") or datetime.date.today()
    expires = _date(args.expires, "--expires")
    if expires is not None and expires < today:
        raise UsageError(f"--expires {expires.isoformat()} is in the past")
    files = overlay_files(args)
    target = files.config or Source.under(Path(overlay_root(args)).resolve(), CONFIG_FILE)
    overlay = load_overlay(files, needs(ENROLLMENT), (kinds.ORGANIZATION, kinds.MODULE_BAZEL))
    if overlay.config.problems and any(
        p.section != "suppressions" for p in overlay.config.problems
    ):
        raise UsageError(
            f"{target.rel} does not parse as a config; fix it first (enrollment says how)"
        )
    raw = check_overlay("baseline", Context(overlay, options(args)), ENROLLMENT)
    found = list(raw.findings)
    ignores = tuple(overlay.ignores)
    judged = finalize(Report("baseline", list(found), rules_run=set(raw.rules_run)),
                      overlay.config, args.expect_warning, True, today, ignores)  # fmt: skip
    failing = [f for f in judged.findings if judged.failing(f)]
    wanted = dict.fromkeys(
        _key(f) for f in failing if RULES[f.rule].suppressible is not Suppressible.NEVER
    )
    index_of = {line: i for i, (line, _) in enumerate(overlay.config.suppressions)}
    renew: set[int] = set()
    drop: set[int] = set()
    for f in failing:
        if f.rule not in (EXPIRED.id, UNUSED.id) or f.line not in index_of:
            continue
        index, item = index_of[f.line], overlay.config.suppressions[index_of[f.line]][1]
        rule, path, fp = item.get("rule"), item.get("path"), item.get("fingerprint")
        covered = [k for k in wanted if k[:2] == (rule, path) and fp in (None, k[2])]
        if f.rule == EXPIRED.id and covered:
            renew.add(index)  # a reviewed entry keeps its scope: all it covered
            for key in covered:
                del wanted[key]
        else:
            drop.add(index)
    reason = f"baseline {today.isoformat()}"
    if target.path.is_symlink() or (target.path.exists() and not target.path.is_file()):
        raise UsageError(f"{target.rel} is not a regular file; baseline writes only a plain file")
    try:
        _update(target.path, list(wanted), renew, drop, reason, expires)
    except OSError as err:
        raise UsageError(f"cannot write {target.rel}: {err.strerror or err}") from None
    config = read_config(target)
    report = Report("baseline", found, rules_run=set(raw.rules_run), summary=raw.summary)
    cannot = [f for f in failing if RULES[f.rule].suppressible is Suppressible.NEVER]
    cannot = [f for f in cannot if f.rule not in (EXPIRED.id, UNUSED.id)]
    report.notes = [
        *raw.notes,
        f"baseline: {len(wanted)} suppression(s) added, {len(renew)} renewed, "
        f"{len(drop)} stale removed in {target.rel}; {len(cannot)} finding(s) cannot be "
        "suppressed (listed below: fix them)",
    ]
    args.strict = True
    return Outcome(report, config, ignores)
