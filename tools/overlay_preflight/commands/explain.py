"""Explain a rule: its documentation, an example that fires and one that
does not, how to fix it and how (if at all) to suppress it. The same text
is docs/rule-reference.md (`explain --all`), where SARIF's helpUri points."""

from __future__ import annotations

import argparse
import difflib
import sys

from ..catalog import RULES
from ..errors import UsageError
from ..rule_docs import reference, section


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rule", metavar="RULE", nargs="?", help="a rule id (`rules` lists them)")
    parser.add_argument(
        "--all", action="store_true", help="every rule: the page docs/rule-reference.md holds"
    )


def run(args: argparse.Namespace) -> None:
    if args.all == bool(args.rule):
        raise UsageError("explain takes one RULE, or --all")
    if args.all:
        sys.stdout.write(reference(RULES))
        return None
    rule = RULES.get(args.rule)
    if rule is None:
        near = difflib.get_close_matches(args.rule, list(RULES), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; `rules` lists them"
        raise UsageError(f"no rule {args.rule[:80]!r}{hint}")
    sys.stdout.write(section(rule, anchor=False))
    return None
