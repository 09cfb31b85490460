"""Operator surface of the Justfile: only apply recipes may pin a live
workload imperatively (`kubectl set image`, `scale`, a replicas or image
patch, `rollout undo`). An apply recipe is named `*-apply` or listed in
policy.apply_recipes; every other recipe renders the pin into manifests."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.shell import parse_script
from ..model import kinds, operations
from ..model.context import Context
from ..report import Finding, finding

IMPERATIVE_PIN = registry.rule(
    "justfile-imperative-pin",
    registry.BLOCKER,
    "A Justfile recipe that is not an apply recipe pins a live workload imperatively "
    "(kubectl set image, scale, a replicas or image patch, rollout undo).",
    "Render the image or replica count into the manifests and apply them through the "
    "`*-apply` recipe, or list the recipe in policy.apply_recipes after review.",
    concern="operator-surface",
)

RULES = (IMPERATIVE_PIN,)
NEEDS = frozenset({kinds.JUSTFILE})


def is_apply_recipe(name: str, apply_recipes: tuple[str, ...]) -> bool:
    return name.endswith("-apply") or name in apply_recipes


def check(ctx: Context) -> Iterator[Finding]:
    justfile = ctx.overlay.justfile
    if justfile is None:
        return
    for name, recipe in sorted(justfile.recipe_details.items()):
        if is_apply_recipe(name, ctx.policy.apply_recipes):
            continue
        script = operations.recipe_script(recipe)
        if script is None or not operations.may_run_kubectl(script):
            continue  # every pin is a kubectl command
        for command in parse_script(script, recipe.body_line or 1).commands:
            pin = operations.imperative_pin(command)
            if pin:
                line = command.line if recipe.line is not None else None
                yield finding(
                    IMPERATIVE_PIN,
                    justfile.rel,
                    line,
                    f"recipe {name} runs `{pin}`",
                    key=f"{name}\0{' '.join(command.argv)}",
                )
