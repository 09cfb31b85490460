"""List every rule id with its severity and a one-line summary."""

from __future__ import annotations

import argparse
import sys

from ..catalog import RULES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "markdown"), default="text")


def run(args: argparse.Namespace) -> None:
    rules = sorted(RULES.values(), key=lambda r: (r.concern, r.id))
    if args.format == "markdown":
        lines = ["| rule | severity | suppressible | summary |", "|---|---|---|---|"]
        for r in rules:
            lines.append(f"| `{r.id}` | {r.severity} | {r.suppressible.value} | {r.summary} |")
    else:
        width = max(len(r.id) for r in rules)
        lines = [f"{r.id.ljust(width)}  {r.severity:<7}  {r.summary}" for r in rules]
    sys.stdout.write("\n".join(lines) + "\n")
    return None
