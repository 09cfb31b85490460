"""Where each core pin is written, as the core-pin checks see it: the
implementation pin's carriers are `core_pin.gather_pins` (organization.yaml,
MODULE.bazel, the Justfile's implementation carriers, workflow GF_CORE_REF)
plus the literal core refs of workflows (flake references such as
GF_CORE_CI_PATH, core checkout refs) that hold one of those commits; a
declared role pin's are its `policy.role_pins.<role>.sha`, the Justfile
variables it names and, in the workflows it names, GF_CORE_REF or the
workflow env values, core checkout refs and flake references at its sha.

`bump-core` rewrites these sites; nothing here is a check of its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict
from ..model.context import Context
from . import core_pin, core_pin_carriers, workflow_core_sources
from . import workflow_core as core


@dataclass(frozen=True)
class Site:
    path: str  # relative to the overlay root
    line: int | None
    value: str | None  # the pin as written; None: not a literal
    where: str  # what carries it, for people
    why_fixed: str = ""  # non-empty: bump-core cannot rewrite it (and why)


def _literals(ctx: Context, wf: Workflow, commits: set[str]) -> Iterator[Site]:
    """The workflow's literal core refs (flake references, checkout refs) at `commits`."""
    for line, commit in workflow_core_sources.literal_refs(ctx, wf):
        if commit in commits:
            yield Site(wf.rel, line, commit, "core flake reference")
    for checkout in core.core_checkouts(ctx, wf):
        _, literal = core.ref_names(checkout)
        if literal in commits:
            yield Site(wf.rel, checkout.setting_line("ref"), literal, "core checkout ref")


def implementation_sites(ctx: Context) -> list[Site]:
    out: list[Site] = []
    for item in core_pin.gather_pins(ctx):
        if isinstance(item, core_pin.Pin):
            value = item.value if isinstance(item.value, str) else None
            fixed = "" if value is not None else "not a literal: edit it by hand"
            if item.where.endswith("archive_override"):
                fixed = "an archive_override needs its URL and integrity hash changed by hand"
            out.append(Site(item.path, item.line, value, item.where, fixed))
        elif item.rule == core_pin.PIN_DYNAMIC.id:
            fixed = "an expression: edit it by hand"
            out.append(Site(item.path, item.line, None, "GF_CORE_REF", fixed))
    commits = {str(core.sha(s.value)) for s in out if core.sha(s.value)}
    roles = core_pin_carriers.declared_workflows(ctx)
    for wf in ctx.overlay.workflows:
        mine = commits - set(core.role_shas(ctx, wf.rel)) if wf.rel in roles else commits
        out.extend(_literals(ctx, wf, mine))
    return out


def role_sites(ctx: Context, role: str) -> list[Site]:
    spec = ctx.policy.role_pins[role]
    config = ctx.overlay.config.rel or ".overlay-preflight.yaml"
    line = core_pin_carriers.config_line(ctx, role, "sha")
    out = [Site(config, line, spec.sha, f"policy.role_pins.{role}.sha")]
    for c in core_pin_carriers.justfile_carriers(ctx):
        if c.name in spec.justfile:
            out.append(Site(ctx.overlay.justfile.rel, c.line, c.value, f"Justfile {c.name}"))
    for wf in ctx.overlay.workflows:
        if wf.rel not in spec.workflows:
            continue
        env = wf.data.get("env")
        if isinstance(env, LineDict):
            for name, value in env.items():
                if name == core.CORE_REF or core.sha(value) == spec.sha:
                    text = value if isinstance(value, str) else None
                    out.append(Site(wf.rel, env.line_of(name), text, name))
        out.extend(_literals(ctx, wf, {spec.sha}))
    return out
