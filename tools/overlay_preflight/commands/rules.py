"""List every rule id with its severity and a one-line summary."""

from __future__ import annotations

import sys

from .. import registry

REPORTS = False


def add_arguments(parser) -> None:
    parser.add_argument("--format", choices=("text", "markdown"), default="text")


def run(args):
    rules = sorted(registry.load_all().values(), key=lambda r: (r.group, r.id))
    if args.format == "markdown":
        lines = ["| rule | severity | suppressible | summary |", "|---|---|---|---|"]
        for r in rules:
            supp = {True: "yes", False: "no"}.get(r.suppressible, "by fingerprint")
            lines.append(f"| `{r.id}` | {r.severity} | {supp} | {r.summary} |")
    else:
        width = max(len(r.id) for r in rules)
        lines = [f"{r.id.ljust(width)}  {r.severity:<7}  {r.summary}" for r in rules]
    sys.stdout.write("\n".join(lines) + "\n")
    return None
