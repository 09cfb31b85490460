"""Prove an OpenTofu plan whole, the one reviewed, non-destructive and
within the reviewed scope before any apply.

  tofu plan -var-file=<overlay>.tfvars -out plan.tfplan
  sha256sum plan.tfplan > plan.sha256          # recorded at plan time
  tofu show -json plan.tfplan > plan.json
  overlay-preflight plan plan.json --plan-file plan.tfplan --plan-sha256 plan.sha256 \
      --tofu-version 1.11.6 --scope scope.yaml --stack-dir <core>/tofu/stacks/arc-runners

An errored plan is a blocker; so is another terraform_version than the
pinned one, and a binary plan whose sha256 is not the recorded one. Any
resource change that deletes (plain delete, or a replacement in either
order) or forgets a resource is a blocker, unless that exact address is
allowed with --allow-destroy ADDRESS=REASON or by a scope entry naming the
action with a reason; the reason is printed. With --scope, every change
(and root output change) no entry allows is a blocker. Drift is a warning.
With --stack-dir, the stack's .tf/.tofu files must hold no `import` or
`removed` block.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..checks import inputs, plan_integrity, plan_safety, plan_scope, stack_migrations
from ..errors import UsageError
from ..loaders import Source
from ..loaders.digest import HEX, recorded_digest, sha256_file
from ..loaders.plan import load_plan
from ..loaders.stack import load_blocks
from ..model.captures import Captures
from ..model.config import read_config
from ..model.plan_review import COUNTS, Digest, PlanReview, names, review
from ..model.plan_scope import load_scope
from ..report import Report, Table
from . import Outcome
from .common import run_checks


def add_arguments(parser: argparse.ArgumentParser) -> None:
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
    parser.add_argument(
        "--scope",
        metavar="FILE",
        help="the reviewed scope (YAML `allow:` entries): any other change is a blocker",
    )
    parser.add_argument(
        "--tofu-version",
        metavar="VERSION",
        help="the pinned OpenTofu version the plan must be written by "
        "(default: policy plan.tofu_version)",
    )
    parser.add_argument(
        "--plan-file", metavar="FILE", help="the binary plan (`-out`) the JSON was rendered from"
    )
    parser.add_argument(
        "--plan-sha256",
        metavar="HEX|FILE",
        help="its sha256 recorded at plan time, or a file holding it (`sha256sum` output)",
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


def _digest(args: argparse.Namespace, captures: Captures) -> Digest | None:
    if bool(args.plan_file) != bool(args.plan_sha256):
        raise UsageError("--plan-file and --plan-sha256 go together")
    if not args.plan_file:
        return None
    plan_file = Source.under(Path.cwd(), args.plan_file)
    if HEX.fullmatch(args.plan_sha256.lower()):
        recorded, source = args.plan_sha256.lower(), "--plan-sha256"
    else:
        record = Source.under(Path.cwd(), args.plan_sha256)
        recorded, source = captures.load(recorded_digest, record), record.rel
    actual = captures.load(sha256_file, plan_file)
    if actual is None or recorded is None:
        return None
    return Digest(plan_file.rel, actual, recorded, source)


def _tables(report: Report, model: PlanReview) -> None:
    counts = model.counts
    rel = model.plan.rel
    report.notes.extend(
        f"allowed: {a}: {reason}" + ("" if who == "--allow-destroy" else f" ({who})")
        for a, who, reason in model.allowed
    )
    report.summary.update(
        {
            "plan": rel,
            **counts,
            "drift": len(model.drift),
            "output_changes": sum(1 for c in model.outputs if c.verb != "no-op"),
            "allowed": [{"address": a, "by": w, "reason": r} for a, w, r in model.allowed],
        }
    )
    report.tables.append(
        Table(f"plan {rel}", (*COUNTS, "drift"), ((*counts.values(), len(model.drift)),))
    )
    rows: list[tuple[str, ...]] = []
    for change in model.changes + model.outputs:
        if change.verb == "no-op" and change.words == {"no-op"}:
            continue
        changed, unknown = change.attributes()
        entry = model.scope.first_cover(change.address, change.words) if model.scope else None
        why = "; ".join([*([change.reason] if change.reason else []), *change.replace_paths])
        row: tuple[str, ...] = (
            change.address,
            ",".join(sorted(change.words)),
            names(changed) or "-",
            names(unknown) or "-",
            why or "-",
        )
        if model.scope is not None:
            row += ((entry.reason or f"line {entry.line}") if entry else "-",)
        rows.append(row)
    if rows:
        headers: tuple[str, ...] = (
            "address",
            "actions",
            "changes",
            "known after apply",
            "reason / forced by",
        )
        headers += ("scope",) if model.scope is not None else ()
        report.tables.append(Table(f"changes in {rel}", headers, tuple(rows)))


def run(args: argparse.Namespace) -> Outcome:
    allows = dict(parse_allow(spec) for spec in args.allow_destroy)
    sources = [src for d in args.stack_dir for src in _stack_sources(d)]
    config = read_config(Source.under(Path.cwd(), args.config)) if args.config else None
    policy = config.policy if config else read_config(None).policy
    report = Report("plan")
    captures = Captures()
    plan = captures.load(load_plan, Source.under(Path.cwd(), args.plan))
    scope = load_scope(Source.under(Path.cwd(), args.scope)) if args.scope else None
    if scope is not None:
        captures.errors.extend(scope.problems)
    digest = _digest(args, captures)
    stacks = [(src.rel, captures.load(load_blocks, src)) for src in sources]
    run_checks(report, (inputs,), captures)
    if plan is not None:
        model = review(
            plan,
            allows,
            scope=scope,
            expected_version=args.tofu_version or policy.plan_tofu_version,
            digest=digest,
            scope_outputs=policy.plan_output_changes == "scope",
        )
        run_checks(report, (plan_integrity, plan_safety, plan_scope), model)
        _tables(report, model)
    if args.stack_dir:
        run_checks(report, (stack_migrations,), [(rel, b) for rel, b in stacks if b is not None])
        report.summary["stack_files"] = [src.rel for src in sources]
    return Outcome(report, config)
