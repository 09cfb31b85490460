"""Every carrier of a core pin beside organization.yaml and MODULE.bazel:
Justfile variables (a full SHA, or a core flake reference such as
`gf_core_ci := env_var_or_default("GF_CORE_CI_PATH", "github:<core>/<sha>#ci")`),
and workflow env variables. `GF_CORE_REF` lives at workflow level only.

Role pins: an overlay may pin one stack to another core commit on purpose
(`.overlay-preflight.yaml` `policy.role_pins.<role>`: its sha, the Justfile
variables and workflows that carry it). Declared, they are checked for
agreement with their own sha and never against the implementation pin.
Undeclared, a second SHA in a separately named variable is a warning that
says how to declare it; `gf_core_*` variables and GF_CORE_REF carry the
implementation pin (`core_pin`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..model.github import normalize_repo
from ..report import Finding, finding
from . import workflow_core as core
from .workflow_policy import core_repository

CONCERN = "core-pin"
REF_SCOPE = registry.rule(
    "core-ref-scope",
    registry.BLOCKER,
    "GF_CORE_REF is set in a job's or step's env: the pin lives once, at workflow level.",
    "Delete the job/step GF_CORE_REF; set GF_CORE_REF once in the workflow's top-level env.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
ROLE_UNDECLARED = registry.rule(
    "core-role-pin-undeclared",
    registry.WARNING,
    "A separately named Justfile or workflow variable pins the core to another commit than "
    "the implementation pin, and no role pin declares it.",
    "If it pins a stack on purpose, declare it in .overlay-preflight.yaml: policy.role_pins."
    "<role>: {sha: <sha>, justfile: [<variable>], workflows: [<workflow>]}; else refresh it.",
    concern=CONCERN,
)
ROLE_MISMATCH = registry.rule(
    "core-role-pin-mismatch",
    registry.BLOCKER,
    "A declared role pin's carriers disagree with its sha (a Justfile variable or workflow "
    "it names holds another commit, or is missing).",
    "Refresh the role's carriers and policy.role_pins.<role>.sha together.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)

RULES = (REF_SCOPE, ROLE_UNDECLARED, ROLE_MISMATCH)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.MODULE_BAZEL, kinds.JUSTFILE, kinds.WORKFLOWS})

IMPLEMENTATION_PREFIX = "gf_core"


@dataclass(frozen=True)
class Carrier:
    name: str
    line: int | None
    value: (
        str | None
    )  # a SHA, a flake ref's ref (the ref itself when it names none); None: an expression


def justfile_carriers(ctx: Context) -> Iterator[Carrier]:
    """Justfile variables whose value (or a literal of it) is a full SHA or a core flake ref."""
    just = ctx.overlay.justfile
    repo = normalize_repo(core_repository(ctx))
    for name, a in just.assignments.items() if just is not None else ():
        for text in (a.value,) if a.value is not None else a.literals:
            if core.sha(text):
                yield Carrier(name, a.line, str(core.sha(text)))
            elif text.lower().startswith("github:"):
                body = text[len("github:") :].split("#", 1)[0].split("?", 1)[0].split("/")
                if normalize_repo("/".join(body[:2])) == repo:
                    yield Carrier(name, a.line, "/".join(body[2:]) or text)


def declared_justfile(ctx: Context) -> set[str]:
    return {v for r in ctx.policy.role_pins.values() for v in r.justfile}


def declared_workflows(ctx: Context) -> set[str]:
    return {w for r in ctx.policy.role_pins.values() for w in r.workflows}


def implementation_carriers(ctx: Context) -> Iterator[Carrier]:
    """The Justfile carriers of the implementation pin: `gf_core_*`, and any other
    undeclared one that is not a full SHA or holds the implementation pin."""
    pin, declared = core.implementation_pin(ctx), declared_justfile(ctx)
    found = set()
    for c in justfile_carriers(ctx):
        if c.name in declared:
            continue
        if c.name.startswith(IMPLEMENTATION_PREFIX) or not core.sha(c.value) or c.value == pin:
            found.add(c.name)
            yield c
    just = ctx.overlay.justfile
    if just is not None and "gf_core_sha" in just.assignments and "gf_core_sha" not in found:
        a = just.assignments["gf_core_sha"]  # the pin, but not as a literal
        yield Carrier("gf_core_sha", a.line, a.value)


def config_line(ctx: Context, *path: str) -> int | None:
    """The line of policy.role_pins.<path> in the config (its lines are not kept)."""
    from ..loaders import attempt
    from ..loaders.yamlfile import line_at, load_yaml

    src = ctx.overlay.files.config
    doc, _ = attempt(load_yaml, src) if src is not None else (None, None)
    return line_at(doc, ["policy", "role_pins", *path]) if doc is not None else None


def _undeclared(ctx: Context) -> Iterator[Finding]:
    pin, declared = core.implementation_pin(ctx), declared_justfile(ctx)
    just = ctx.overlay.justfile
    for c in justfile_carriers(ctx):
        if c.name in declared or c.name.startswith(IMPLEMENTATION_PREFIX) or not pin:
            continue
        if core.sha(c.value) and c.value != pin:
            yield finding(
                ROLE_UNDECLARED,
                just.rel,
                c.line,
                f"Justfile {c.name} pins the core to {c.value}, not the implementation pin "
                f"{pin}; if that is a role pin, declare it: policy.role_pins.<role>: "
                f"{{sha: {c.value}, justfile: [{c.name}]}}",
                key=f"Justfile {c.name} pins {c.value}",  # not the moving implementation pin
            )
    for wf in ctx.overlay.workflows:
        allowed = core.allowed_shas(ctx, wf.rel)
        for checkout in core.core_checkouts(ctx, wf):
            name, _ = core.ref_names(checkout)
            if name is None or name == core.CORE_REF:
                continue
            holder, value = _env_holder(wf, checkout, name)
            commit = core.sha(value)
            if commit and pin and commit not in allowed:
                message = (
                    f"{name} pins the core checkout in {checkout.where} to {commit}, not the "
                    f"implementation pin {pin}; if that is a role pin, declare it: "
                    f"policy.role_pins.<role>: {{sha: {commit}, workflows: [{wf.rel}]}}"
                )
                key = f"{name} in {checkout.identity} pins {commit}"  # not the moving pin
                yield finding(ROLE_UNDECLARED, wf.rel, holder, message, key=key)


def _env_holder(wf: Any, checkout: core.Checkout, name: str) -> tuple[int, Any]:
    for holder in (checkout.step, checkout.job, wf.data):
        env = holder.get("env") if isinstance(holder, dict) else None
        if isinstance(env, LineDict) and name in env:
            return env.line_of(name), env[name]
    return checkout.setting_line("ref"), None


def _roles(ctx: Context) -> Iterator[Finding]:
    config = ctx.overlay.config.rel or ".overlay-preflight.yaml"
    just = ctx.overlay.justfile
    carriers: dict[str, list[Carrier]] = {}
    for c in justfile_carriers(ctx):
        carriers.setdefault(c.name, []).append(c)
    workflows = {wf.rel: wf for wf in ctx.overlay.workflows}
    for role, spec in sorted(ctx.policy.role_pins.items()):
        for name in spec.justfile:
            if just is None or name not in just.assignments or name not in carriers:
                yield finding(
                    ROLE_MISMATCH,
                    config,
                    config_line(ctx, role, "justfile"),
                    f"role pin {role} names Justfile variable {name}, which carries no core pin",
                )
            for c in carriers.get(name, ()):
                if c.value != spec.sha:
                    yield finding(
                        ROLE_MISMATCH,
                        just.rel,
                        c.line,
                        f"Justfile {name} holds {str(c.value)[:60]}, not role pin "
                        f"{role} {spec.sha}",
                    )
        for rel in spec.workflows:
            yield from _role_workflow(ctx, role, spec.sha, rel, workflows.get(rel), config)


def _role_workflow(
    ctx: Context, role: str, sha: str, rel: str, wf: Any, config: str
) -> Iterator[Finding]:
    """A workflow a role names carries that role's sha: in GF_CORE_REF if it sets
    one, else in some workflow env variable or core checkout ref."""
    if wf is None:
        yield finding(
            ROLE_MISMATCH,
            config,
            config_line(ctx, role, "workflows"),
            f"role pin {role} names workflow {rel}, which is not an overlay workflow",
        )
        return
    env = wf.data.get("env")
    env = env if isinstance(env, LineDict) else {}
    if core.CORE_REF in env and core.sha(env[core.CORE_REF]) != sha:
        yield finding(
            ROLE_MISMATCH,
            rel,
            wf.data["env"].line_of(core.CORE_REF),
            f"GF_CORE_REF {str(env[core.CORE_REF])[:60]!r} is not role pin {role} {sha}",
        )
        return
    carried = {core.sha(v) for v in env.values()}
    carried |= {core.sha(c.setting("ref")) for c in core.core_checkouts(ctx, wf)}
    if sha not in carried:
        yield finding(ROLE_MISMATCH, rel, 1, f"role pin {role} names {rel}, which never pins {sha}")


def check(ctx: Context) -> Iterator[Finding]:
    for wf in ctx.overlay.workflows:
        for env in wf.env_values(core.CORE_REF):
            if env.scope != "workflow":
                yield finding(
                    REF_SCOPE,
                    wf.rel,
                    env.line,
                    f"GF_CORE_REF is set in {env.scope}; set it once in the workflow's env",
                )
    yield from _undeclared(ctx)
    yield from _roles(ctx)
