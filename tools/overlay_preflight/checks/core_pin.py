"""Core-pin checks: every pin the overlay carries is one full commit, the
selected one, and MODULE.bazel's override points at the declared core."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import registry, safe_git
from ..loaders.module_bazel import Call, Computed
from ..model import kinds
from ..model.context import Context
from ..model.github import FULL_SHA, SHA_IN_TEXT, SHORT_SHA, normalize_repo
from ..report import Finding, finding
from . import core_pin_carriers as carriers

CONCERN = "core-pin"
PIN_INVALID = registry.rule(
    "core-pin-invalid",
    registry.BLOCKER,
    "A core pin is not a full 40-hex commit (a branch, tag or short SHA moves or is ambiguous).",
    "Pin the full commit SHA the selected core ref resolves to.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
PIN_MISMATCH = registry.rule(
    "core-pin-mismatch",
    registry.BLOCKER,
    "Two pins of the core disagree (organization.yaml, MODULE.bazel, Justfile, workflows).",
    "Refresh every pin to the same commit in one change.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
PIN_NOT_SELECTED = registry.rule(
    "core-pin-not-selected",
    registry.BLOCKER,
    "A core pin does not resolve to the selected core ref.",
    "Refresh the pins to the selected ref, or select the ref the overlay pins.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
REF_UNRESOLVED = registry.rule(
    "core-ref-unresolved",
    registry.BLOCKER,
    "The selected core ref cannot be resolved to a commit.",
    "Pass a full SHA, or a local core checkout with --core-path / GF_CORE_PATH that has the ref.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
PIN_DYNAMIC = registry.rule(
    "core-pin-dynamic",
    registry.WARNING,
    "A workflow sets GF_CORE_REF from an expression that cannot be checked statically.",
    "Write the pinned SHA literally, so the preflight can compare it.",
    concern=CONCERN,
)
OVERRIDE_MISSING = registry.rule(
    "core-override-missing",
    registry.BLOCKER,
    "MODULE.bazel has no override for the core module, so nothing pins it.",
    "Add git_override(module_name = <core>, remote = ..., commit = <sha>).",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
OVERRIDE_LOCAL = registry.rule(
    "core-override-local-path",
    registry.BLOCKER,
    "MODULE.bazel points the core at a local checkout (local_path_override), which is not a pin.",
    "Use git_override with the commit; keep local_path_override out of the committed file.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
OVERRIDE_NOT_GIT = registry.rule(
    "core-override-not-git",
    registry.BLOCKER,
    "The core's override does not pin a commit (archive without a commit, a registry version).",
    "Use git_override(commit = <sha>) so every pin can be compared.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
REMOTE_MISMATCH = registry.rule(
    "core-remote-mismatch",
    registry.BLOCKER,
    "git_override's remote is not the repository organization.yaml names as core.repository.",
    "Point the override's remote at core.repository (or fix core.repository).",
    concern=CONCERN,
)
MODULE_NAME_MISMATCH = registry.rule(
    "core-module-name-mismatch",
    registry.BLOCKER,
    "No bazel_dep in MODULE.bazel has the name organization.yaml gives as core.module_name.",
    "Make bazel_dep(name = ...) and core.module_name agree.",
    concern=CONCERN,
)
REPO_MISMATCH = registry.rule(
    "repo-mismatch",
    registry.BLOCKER,
    "--repo does not name this overlay's repository (owner.repository).",
    "Run the preflight from the overlay the operator meant, or fix owner.repository.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)

RULES = (
    PIN_INVALID,
    PIN_MISMATCH,
    PIN_NOT_SELECTED,
    REF_UNRESOLVED,
    PIN_DYNAMIC,
    OVERRIDE_MISSING,
    OVERRIDE_LOCAL,
    OVERRIDE_NOT_GIT,
    REMOTE_MISMATCH,
    MODULE_NAME_MISMATCH,
    REPO_MISMATCH,
)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.MODULE_BAZEL, kinds.JUSTFILE, kinds.WORKFLOWS})


@dataclass(frozen=True)
class Pin:
    where: str  # human description of the pin
    path: str
    line: int | None
    value: object

    @property
    def commit(self) -> str | None:
        v = self.value
        return v.lower() if isinstance(v, str) and FULL_SHA.fullmatch(v.lower()) else None


def _why_not_commit(value: object) -> str:
    if isinstance(value, Computed):
        return f"is an expression ({value.source[:60]}), not a literal commit"
    if not isinstance(value, str) or not value:
        return "is empty or not a string"
    if SHORT_SHA.fullmatch(value.lower()):
        return f"'{value}' is a short SHA ({len(value)} hex digits); pins need all 40"
    if value.startswith("refs/tags/") or re.fullmatch(r"v?\d+(\.\d+)*.*", value):
        return f"'{value[:60]}' looks like a tag, which can be moved"
    return f"'{value[:60]}' is not a commit SHA (a branch or tag name moves)"


def _override_pins(ctx: Context, core_name: str) -> Iterator[Finding | Pin]:
    module = ctx.overlay.module_bazel
    org = ctx.overlay.organization
    if module is None or not core_name:
        return
    if module.dep(core_name) is None:
        yield finding(
            MODULE_NAME_MISMATCH,
            module.rel,
            module.module.line if module.module else 1,
            f"no bazel_dep(name = '{core_name}'), the core.module_name of "
            f"{org.rel if org else 'organization.yaml'}",
        )
    overrides = module.overrides_for(core_name)
    if not overrides:
        dep = module.dep(core_name)
        yield finding(
            OVERRIDE_MISSING,
            module.rel,
            dep.line if dep else None,
            f"no override pins the core module '{core_name}'",
        )
        return
    for call in overrides:
        if call.name == "local_path_override":
            yield finding(
                OVERRIDE_LOCAL,
                module.rel,
                call.line,
                f"local_path_override points '{core_name}' at "
                f"{str(call.get('path'))[:80]!r}, a developer checkout, not a pin",
            )
        elif call.name == "git_override":
            yield from _git_override(ctx, module.rel, call)
        elif call.name == "archive_override":
            urls = call.get("urls") or call.get("url") or []
            urls = [urls] if isinstance(urls, str) else urls
            shas = {m.group(0) for u in urls if isinstance(u, str) for m in SHA_IN_TEXT.finditer(u)}
            if len(shas) == 1 and call.get("integrity"):
                yield Pin("MODULE.bazel archive_override", module.rel, call.line, shas.pop())
            else:
                yield finding(
                    OVERRIDE_NOT_GIT,
                    module.rel,
                    call.line,
                    "archive_override does not name one commit with an integrity hash",
                )
        else:
            yield finding(
                OVERRIDE_NOT_GIT,
                module.rel,
                call.line,
                f"{call.name} pins a registry version, not a commit",
            )


def _git_override(ctx: Context, rel: str, call: Call) -> Iterator[Finding | Pin]:
    org = ctx.overlay.organization
    for mutable in ("branch", "tag"):
        if call.get(mutable) is not None:
            yield finding(
                PIN_INVALID,
                rel,
                call.line_of(mutable),
                f"git_override uses {mutable} = {str(call.get(mutable))[:60]!r}, "
                "which moves; pin commit = <full sha>",
            )
    if call.get("commit") is None:
        if call.get("branch") is None and call.get("tag") is None:
            yield finding(PIN_INVALID, rel, call.line, "git_override has no commit")
    else:
        yield Pin(
            "MODULE.bazel git_override commit", rel, call.line_of("commit"), call.get("commit")
        )
    declared = org.text("core", "repository") if org else None
    remote = call.get("remote")
    if declared and normalize_repo(remote) != normalize_repo(declared):
        yield finding(
            REMOTE_MISMATCH,
            rel,
            call.line_of("remote"),
            f"git_override remote {str(remote)[:100]!r} is not core.repository '{declared}'",
        )


def gather_pins(ctx: Context) -> Iterator[Finding | Pin]:
    org = ctx.overlay.organization
    core_name = ""
    if org is not None:
        core_name = org.text("core", "module_name") or ""
        if org.get("core", "pinned_commit") is not None:
            yield Pin(
                "core.pinned_commit",
                org.rel,
                org.line("core", "pinned_commit"),
                org.get("core", "pinned_commit"),
            )
    yield from _override_pins(ctx, core_name)
    for c in carriers.implementation_carriers(ctx):
        value = c.value if c.value is not None else Computed("an expression")
        yield Pin(f"Justfile {c.name}", ctx.overlay.justfile.rel, c.line, value)
    role_workflows = carriers.declared_workflows(ctx)
    for wf in ctx.overlay.workflows:
        if wf.rel in role_workflows:
            continue  # checked against its role's sha (core_pin_carriers)
        for env in wf.env_values("GF_CORE_REF"):
            if env.scope != "workflow":
                continue  # core-ref-scope (core_pin_carriers)
            if isinstance(env.value, str) and "${{" in env.value:
                yield finding(
                    PIN_DYNAMIC, wf.rel, env.line, f"GF_CORE_REF ({env.scope}) is an expression"
                )
                continue
            yield Pin(
                f"GF_CORE_REF ({env.scope})",
                wf.rel,
                env.line,
                env.value if isinstance(env.value, str) else str(env.value),
            )


def resolve_ref(ref: str, core_path: Path | None) -> tuple[str | None, str]:
    """A commit for `ref`, or None and why not. Read-only git, no network."""
    ref = ref.strip()
    if FULL_SHA.fullmatch(ref.lower()):
        return ref.lower(), ""
    if ref.startswith("-") or not ref:
        return None, f"'{ref[:60]}' is not a ref"
    if core_path is None:
        return None, (
            f"'{ref[:60]}' is not a full SHA and no core checkout was given "
            "(--core-path or GF_CORE_PATH) to resolve it"
        )
    # Named by its last component only: a report never carries a host path.
    where = f"the core checkout {Path(core_path).name!r} (--core-path / GF_CORE_PATH)"
    try:
        proc = safe_git.run(
            core_path, "rev-parse", "--verify", "--quiet", "--end-of-options",
            f"{ref}^{{commit}}", timeout=30, text=True,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as err:
        return None, f"git could not run in {where}: {type(err).__name__}"
    sha = proc.stdout.strip().lower()
    if proc.returncode != 0 or not FULL_SHA.fullmatch(sha):
        return None, f"'{ref[:60]}' does not resolve in {where}"
    return sha, ""


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    pins: list[Pin] = []
    for item in gather_pins(ctx):
        if isinstance(item, Pin):
            pins.append(item)
        else:
            yield item
    valid = []
    for pin in pins:
        if pin.commit is None:
            yield finding(
                PIN_INVALID, pin.path, pin.line, f"{pin.where} {_why_not_commit(pin.value)}"
            )
        else:
            valid.append(pin)
    if valid:
        anchor = valid[0]
        for pin in valid[1:]:
            if pin.commit != anchor.commit:
                yield finding(
                    PIN_MISMATCH,
                    pin.path,
                    pin.line,
                    f"{pin.where} {pin.commit} disagrees with {anchor.where} "
                    f"{anchor.commit} ({anchor.path})",
                )
    if ctx.options.expected_core_ref:
        selected, why = resolve_ref(ctx.options.expected_core_ref, ctx.options.core_path)
        if selected is None:
            where = org.rel if org else "config/organization.yaml"
            yield finding(
                REF_UNRESOLVED,
                where,
                org.line("core", "pinned_commit") if org else None,
                f"selected core ref: {why}",
            )
        else:
            for pin in valid:
                if pin.commit != selected:
                    yield finding(
                        PIN_NOT_SELECTED,
                        pin.path,
                        pin.line,
                        f"{pin.where} {pin.commit} is not the selected core ref {selected}",
                    )
    if ctx.options.repo and org is not None:
        declared = org.text("owner", "repository")
        if (declared or "").lower() != ctx.options.repo.strip().lower():
            yield finding(
                REPO_MISMATCH,
                org.rel,
                org.line("owner", "repository"),
                f"--repo {ctx.options.repo[:100]!r} is not owner.repository {declared!r}",
            )
