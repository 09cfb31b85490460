"""Operator surface of workflows (and composite actions): cluster and state
mutations go through reviewed `just` recipes, never raw `tofu`/`terraform`
or `kubectl` in a `run:` block; `just` calls name literal recipes (from
`policy.workflow_recipes` when set); `repository_dispatch` lets another
repository start a run. Shell is parsed, so multi-line blocks, `\\`
continuations, `$(...)`, `bash -c` and `nix develop -c` wrappers count."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import registry
from ..loaders import LoadError
from ..loaders.shell import Command, parse_script
from ..loaders.yamlfile import LineDict, LineList, load_yaml_text
from ..model import kinds, operations
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


# Inputs of actions that run their value as a shell script (the core's
# nix-job action takes `command`); actions/github-script's `script` is JavaScript.
SCRIPT_INPUTS = ("run", "command", "commands", "script")
NOT_SHELL_ACTIONS = ("actions/github-script",)


def _first_line(text: str | None, key: str, key_line: int) -> int:
    """The line of a value's first line: the next one for a block scalar."""
    lines = text.splitlines() if text else []
    if 0 < key_line <= len(lines):
        head = lines[key_line - 1].partition(f"{key}:")[2].strip()
        if head[:1] in ("|", ">"):
            return key_line + 1
    return key_line


def _steps(doc: Any) -> Iterator[LineDict]:
    """The steps of a workflow's jobs, or of a composite action."""
    holders = []
    if isinstance(doc, dict) and isinstance(doc.get("jobs"), dict):
        holders = list(doc["jobs"].values())
    elif isinstance(doc, dict) and isinstance(doc.get("runs"), dict):
        holders = [doc["runs"]]
    for holder in holders:
        steps = holder.get("steps") if isinstance(holder, dict) else None
        for step in steps if isinstance(steps, list) else ():
            if isinstance(step, LineDict):
                yield step


def _scripts(step: LineDict) -> Iterator[tuple[LineDict, str]]:
    """(holder, key) of each shell script of a step: `run`, or an action
    input that takes a command."""
    if isinstance(step.get("run"), str):
        shell = step.get("shell")
        if not isinstance(shell, str) or shell.split()[:1] in (["bash"], ["sh"]):
            yield step, "run"
    inputs = step.get("with")
    uses = step.get("uses")
    if not isinstance(inputs, LineDict) or (
        isinstance(uses, str) and uses.startswith(NOT_SHELL_ACTIONS)
    ):
        return
    for key in SCRIPT_INPUTS[1:]:
        if isinstance(inputs.get(key), str):
            yield inputs, key


def _commands(doc: Any, text: str | None) -> Iterator[Command]:
    for step in _steps(doc):
        for holder, key in _scripts(step):
            first = _first_line(text, key, holder.line_of(key))
            yield from parse_script(holder[key], first, github=True).commands


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


def _just(ctx: Context, rel: str, command: Command) -> Iterator[Finding]:
    allowed = ctx.policy.workflow_recipes
    justfile = ctx.overlay.justfile
    for call in operations.just_calls(command, justfile):
        name = call.recipe.text
        if not call.recipe.literal:
            shown = name[:60]
            yield finding(
                JUST_DYNAMIC, rel, call.line, f"`just {shown}`: the recipe is not literal"
            )
        elif allowed is not None and name not in allowed:
            target = justfile.aliases.get(name) if justfile is not None else None
            if target not in allowed:
                yield finding(
                    JUST_UNLISTED,
                    rel,
                    call.line,
                    f"`just {name[:60]}` is not in policy.workflow_recipes",
                    key=name,
                )


def check(ctx: Context) -> Iterator[Finding]:
    forbid = ctx.policy.repository_dispatch == "forbid"
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
        for command in _commands(doc, ctx.overlay.texts.get(rel)):
            verb = operations.tofu_operation(command)
            if verb:
                message = f"raw `{command.name} {verb}`"
                yield finding(RAW_TOFU, rel, command.line, message, key=" ".join(command.argv))
            mutation = operations.kubectl_mutation(command)
            if operations.kustomize_piped_apply(command):
                mutation = "apply` fed by `kustomize build"
            if mutation:
                message = f"raw `kubectl {mutation}`"
                yield finding(RAW_KUBECTL, rel, command.line, message, key=" ".join(command.argv))
            yield from _just(ctx, rel, command)
