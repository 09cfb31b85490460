"""Prove an OpenTofu plan non-destructive before any apply.

  tofu plan -var-file=<overlay>.tfvars -out plan.tfplan
  tofu show -json plan.tfplan > plan.json
  overlay-preflight plan plan.json --stack-dir <core>/tofu/stacks/arc-runners

Any resource change that deletes (plain delete, or a replacement in either
order) or forgets a resource is a blocker, unless that exact address is
allowed with --allow-destroy ADDRESS=REASON; the reason is printed. Drift is a
warning. With --stack-dir, the stack's .tf/.tofu files must hold no `import`
or `removed` block.
"""

from __future__ import annotations

from pathlib import Path

from ..checks import inputs, plan_safety, stack_migrations
from ..errors import UsageError
from ..loaders import Source
from ..loaders.plan import load_plan
from ..loaders.stack import load_blocks
from ..model.captures import Captures
from ..model.plan_review import COUNTS, review
from ..report import Report, Table
from . import Outcome
from .common import run_checks


def add_arguments(parser) -> None:
    parser.add_argument("plan", metavar="PLAN_JSON", help="output of `tofu show -json <planfile>`")
    parser.add_argument(
        "--allow-destroy",
        metavar="ADDRESS=REASON",
        action="append",
        default=[],
        help="accept deleting/forgetting this exact address, for a reason that "
        "is printed (repeatable)",
    )
    parser.add_argument(
        "--stack-dir",
        metavar="DIR",
        action="append",
        default=[],
        help="a reusable stack directory whose sources must hold no import or "
        "removed block (repeatable)",
    )


def parse_allow(spec: str) -> tuple[str, str]:
    """ADDRESS=REASON, split at the first `=` outside brackets and quotes."""
    depth, quoted = 0, False
    for i, char in enumerate(spec):
        if char == '"' and (i == 0 or spec[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and char == "[":
            depth += 1
        elif not quoted and char == "]":
            depth -= 1
        elif char == "=" and not quoted and depth == 0:
            address, reason = spec[:i].strip(), spec[i + 1 :].strip()
            if address and reason:
                return address, reason
            break
    raise UsageError(f"--allow-destroy expects ADDRESS=REASON with both parts, got {spec!r}")


def _stack_sources(directory: str) -> list[Source]:
    path = Path(directory)
    if not path.is_dir():
        raise UsageError(f"--stack-dir: {directory} is not a directory")
    files = sorted(p for p in path.iterdir() if p.suffix in (".tf", ".tofu") and p.is_file())
    return [Source.under(Path.cwd(), p) for p in files]


def run(args) -> Outcome:
    allows = dict(parse_allow(spec) for spec in args.allow_destroy)
    sources = [src for d in args.stack_dir for src in _stack_sources(d)]
    report = Report("plan")
    captures = Captures()
    plan = captures.load(load_plan, Source.under(Path.cwd(), args.plan))
    stacks = [(src.rel, captures.load(load_blocks, src)) for src in sources]
    run_checks(report, (inputs,), captures)
    if plan is not None:
        model = review(plan, allows)
        run_checks(report, (plan_safety,), model)
        if model.unreadable is None:
            counts = model.counts
            report.notes.extend(f"allowed: {a}: {reason}" for a, reason in model.allowed)
            report.summary = {
                "plan": plan.rel,
                **counts,
                "drift": len(model.drift),
                "allowed": [{"address": a, "reason": r} for a, r in model.allowed],
            }
            report.tables.append(
                Table(
                    f"plan {plan.rel}",
                    (*COUNTS, "drift"),
                    ((*counts.values(), len(model.drift)),),
                )
            )
    if args.stack_dir:
        run_checks(report, (stack_migrations,), [(rel, b) for rel, b in stacks if b is not None])
        report.summary["stack_files"] = [src.rel for src in sources]
    return Outcome(report)
