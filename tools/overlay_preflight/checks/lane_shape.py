"""extra_runner_sets has the shape the core stack reads: an object whose
every entry is an object with a runner_type the core knows (nix, docker,
dind; absent means nix). Anything else would be skipped silently, so no
other taxonomy check could see those lanes."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..model.lanes import MAIN_LANES
from ..report import Finding, finding

EXTRA_INVALID = registry.rule(
    "extra-runner-sets-invalid",
    registry.BLOCKER,
    "extra_runner_sets is not an object of objects, or an entry's runner_type is not "
    "nix, docker or dind, so its lanes cannot be judged.",
    'Write extra_runner_sets = { "<owner-slug>-<name>" = { runner_label = ..., ... } }, '
    "or {} when there is none.",
    concern="taxonomy",
)

RULES = (EXTRA_INVALID,)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


def check(ctx: Context) -> Iterator[Finding]:
    for tfvars in ctx.overlay.tfvars:
        sets = tfvars.get("extra_runner_sets")
        if sets is None:
            continue
        if not isinstance(sets, dict):
            yield finding(
                EXTRA_INVALID,
                tfvars.rel,
                tfvars.line("extra_runner_sets"),
                "extra_runner_sets is not an object",
            )
            continue
        for key, spec in sets.items():
            if not isinstance(spec, dict):
                yield finding(
                    EXTRA_INVALID,
                    tfvars.rel,
                    tfvars.line("extra_runner_sets", key),
                    f'extra_runner_sets["{key}"] is not an object',
                )
            elif spec.get("runner_type", MAIN_LANES[0]) not in MAIN_LANES:
                yield finding(
                    EXTRA_INVALID,
                    tfvars.rel,
                    tfvars.line("extra_runner_sets", key, "runner_type"),
                    f'extra_runner_sets["{key}"].runner_type is not one of {", ".join(MAIN_LANES)}',
                )
