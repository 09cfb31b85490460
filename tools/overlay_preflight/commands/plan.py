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

from ..checks import plan_safety
from ..cli import UsageError
from ..loaders import LoadError, Source
from ..loaders.plan import load_plan
from ..loaders.stack import load_blocks
from ..overlay import INPUT_INVALID
from ..report import Report, Table, finding


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


def run(args) -> Report:
    allows = dict(parse_allow(spec) for spec in args.allow_destroy)
    sources = [src for d in args.stack_dir for src in _stack_sources(d)]
    report = Report("plan")
    report.rules_run.update(r.id for r in plan_safety.RULES)
    report.rules_run.add(INPUT_INVALID.id)
    try:
        plan = load_plan(Source.under(Path.cwd(), args.plan))
    except LoadError as err:
        report.findings.append(finding(INPUT_INVALID, err.path, err.line, err.message))
    else:
        result = plan_safety.check_plan(plan, allows)
        report.extend(result.findings)
        if not result.readable:
            return _stacks(report, args, sources)
        report.notes.extend(f"allowed: {a}: {reason}" for a, reason in result.allowed)
        report.summary = {
            "plan": plan.rel,
            **result.counts,
            "drift": result.drift,
            "allowed": [{"address": a, "reason": r} for a, r in result.allowed],
        }
        report.tables.append(
            Table(
                f"plan {plan.rel}",
                (*plan_safety.COUNTS, "drift"),
                ((*result.counts.values(), result.drift),),
            )
        )
    return _stacks(report, args, sources)


def _stacks(report: Report, args, sources: list[Source]) -> Report:
    if args.stack_dir:
        report.rules_run.update(r.id for r in plan_safety.STACK_RULES)
        report.summary["stack_files"] = [src.rel for src in sources]
    for src in sources:
        try:
            report.extend(plan_safety.check_stack(src.rel, load_blocks(src)))
        except LoadError as err:
            report.findings.append(finding(INPUT_INVALID, err.path, err.line, err.message))
    return report
