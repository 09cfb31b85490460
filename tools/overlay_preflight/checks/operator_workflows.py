"""Operator surface of workflows (and composite actions): cluster and state
mutations go through reviewed `just` recipes, never raw `tofu`/`terraform`
or `kubectl` in a `run:` block; `just` calls name literal recipes (from
`policy.workflow_recipes` when set); `repository_dispatch` lets another
repository start a run. Shell is parsed, so multi-line blocks, `\\`
continuations, `$(...)`, `bash -c` and `nix develop -c` wrappers count.

The same rules follow what a step runs inside the overlay: repo-local
scripts it calls and local composite actions it uses (`model.workflow_runs`);
those findings name the script's own file and line, and the step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import registry
from ..loaders import LoadError
from ..loaders.shell import Command
from ..loaders.yamlfile import LineDict, LineList, load_yaml_text
from ..model import kinds, operations, workflow_runs
from ..model.context import Context
from ..report import Finding, finding
from . import inputs

CONCERN = "operator-surface"
RAW_TOFU = registry.rule(
    "workflow-raw-tofu",
    registry.BLOCKER,
    "A workflow runs raw tofu/terraform plan, apply, destroy, import or state.",
    "Run the reviewed Justfile recipe that wraps it (`just <stack>-plan`); the recipe "
    "carries the backend, var files and guards.",
    concern=CONCERN,
)
RAW_KUBECTL = registry.rule(
    "workflow-raw-kubectl",
    registry.BLOCKER,
    "A workflow runs a raw kubectl mutation (apply, delete, patch, replace, edit, scale, "
    "set image, rollout undo) or `kustomize build | kubectl apply`.",
    "Call the reviewed `just <stack>-apply` recipe instead; a `--dry-run` is not a mutation.",
    concern=CONCERN,
)
JUST_DYNAMIC = registry.rule(
    "workflow-just-dynamic",
    registry.BLOCKER,
    "A workflow calls `just` with a recipe name that is not literal (a variable, an "
    "expression), so any recipe could run.",
    "Name the recipe literally in the workflow: one `just <recipe>` per step.",
    concern=CONCERN,
)
JUST_UNLISTED = registry.rule(
    "workflow-just-unlisted",
    registry.BLOCKER,
    "A workflow calls a `just` recipe that policy.workflow_recipes does not list.",
    "Call a listed recipe, or add this one to policy.workflow_recipes in "
    ".overlay-preflight.yaml after review.",
    concern=CONCERN,
)
DISPATCH = registry.rule(
    "workflow-repository-dispatch",
    registry.WARNING,
    "A workflow is triggered by repository_dispatch: another repository's token can start it.",
    "Trigger it from this repository (push, workflow_dispatch, schedule); "
    "policy.repository_dispatch: forbid makes this a blocker.",
    concern=CONCERN,
)

RULES = (RAW_TOFU, RAW_KUBECTL, JUST_DYNAMIC, JUST_UNLISTED, DISPATCH)
NEEDS = frozenset({kinds.WORKFLOWS, kinds.JUSTFILE, kinds.TEXTS})


def _triggers(doc: Any) -> tuple[Any, int]:
    on = doc.get("on") if isinstance(doc, LineDict) else None
    return on, doc.line_of("on") if isinstance(doc, LineDict) else 1


def _dispatch_line(doc: Any) -> int | None:
    on, line = _triggers(doc)
    if on == "repository_dispatch":
        return line
    if isinstance(on, LineList) and "repository_dispatch" in on:
        return on.line_of(on.index("repository_dispatch"))
    if isinstance(on, LineDict) and "repository_dispatch" in on:
        return on.line_of("repository_dispatch")
    return None


def _documents(ctx: Context) -> Iterator[tuple[str, Any]]:
    """Workflows, then composite actions (.github/actions/**/action.y(a)ml)."""
    for wf in ctx.overlay.workflows:
        yield wf.rel, wf.data
    for rel, text in sorted(ctx.overlay.texts.items()):
        if rel.startswith(".github/actions/") and rel.endswith(("/action.yml", "/action.yaml")):
            try:
                yield rel, load_yaml_text(text, rel)
            except LoadError as err:
                yield rel, err


def _just(ctx: Context, rel: str, command: Command, via: str) -> Iterator[Finding]:
    allowed = ctx.policy.workflow_recipes
    justfile = ctx.overlay.justfile
    for call in operations.just_calls(command, justfile):
        name = call.recipe.text
        if not call.recipe.literal:
            message = f"`just {name[:60]}`: the recipe is not literal{via}"
            yield finding(JUST_DYNAMIC, rel, call.line, message, key=name)
        elif allowed is not None and name not in allowed:
            target = justfile.aliases.get(name) if justfile is not None else None
            if target not in allowed:
                message = f"`just {name[:60]}` is not in policy.workflow_recipes{via}"
                yield finding(JUST_UNLISTED, rel, call.line, message, key=name)


def _command(ctx: Context, rel: str, command: Command, via: str) -> Iterator[Finding]:
    """The operator-surface findings of one command of `rel`."""
    argv = " ".join(command.argv)
    verb = operations.tofu_operation(command)
    if verb:
        yield finding(RAW_TOFU, rel, command.line, f"raw `{command.name} {verb}`{via}", key=argv)
    mutation = operations.kubectl_mutation(command)
    if operations.kustomize_piped_apply(command):
        mutation = "apply` fed by `kustomize build"
    if mutation:
        yield finding(RAW_KUBECTL, rel, command.line, f"raw `kubectl {mutation}`{via}", key=argv)
    yield from _just(ctx, rel, command, via)


def check(ctx: Context) -> Iterator[Finding]:
    forbid = ctx.policy.repository_dispatch == "forbid"
    seen: set[tuple[str, str, int]] = set()  # a file reached twice is reported once
    for rel, doc in _documents(ctx):
        if isinstance(doc, LoadError):
            yield from inputs.load_findings([doc])
            continue
        line = _dispatch_line(doc)
        if line is not None:
            yield finding(
                DISPATCH,
                rel,
                line,
                "triggered by repository_dispatch",
                severity=registry.BLOCKER if forbid else None,
            )
        for run in workflow_runs.commands(rel, doc, ctx.overlay.texts):
            via = f" (run by {run.via})" if run.via else ""
            for command in run.commands:
                for found in _command(ctx, run.rel, command, via):
                    if (found.rule, found.path, found.line or 0) not in seen:
                        seen.add((found.rule, found.path, found.line or 0))
                        yield found
