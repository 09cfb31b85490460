"""What the core-checkout checks share: the checkout steps of a workflow,
which of them check out the core, the environment a step sees, and the
commits a workflow may check the core out at (the implementation pin and
the role pins the overlay declares for that workflow)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict
from ..model import workflow_runs
from ..model.context import Context
from ..model.github import FULL_SHA, normalize_repo
from . import workflow_shell
from .workflow_policy import core_repository, pinned_commit, reference

CORE_REF = "GF_CORE_REF"
DEPLOY_KEY, READ_TOKEN = "GF_CORE_DEPLOY_KEY", "GF_CORE_READ_TOKEN"


@dataclass(frozen=True)
class Checkout:
    """One `actions/checkout` step."""

    wf: Workflow
    job_id: str
    job: LineDict
    index: int  # in the job's steps
    step: LineDict

    @property
    def with_(self) -> LineDict:
        value = self.step.get("with")
        return value if isinstance(value, LineDict) else LineDict()

    @property
    def line(self) -> int:
        return self.step.line_of("uses")

    @property
    def where(self) -> str:
        return f"job {self.job_id} step {self.index + 1}"

    @property
    def identity(self) -> str:
        """The checkout named by what it is, not by its position (for fingerprints)."""
        repository = self.setting("repository") or "this repository"
        return f"job {self.job_id} checkout of {str(repository)[:100]} into {self.directory}"

    def key(self, message: str) -> str:
        """A finding's fingerprint material: `message` with the position as identity."""
        return message.replace(self.where, self.identity)

    @property
    def directory(self) -> str:
        path = self.with_.get("path")
        return posixpath.normpath(path) if isinstance(path, str) and path.strip() else "."

    def setting(self, key: str) -> Any:
        return self.with_.get(key)

    def setting_line(self, key: str) -> int:
        return self.with_.lines.get(key, self.line) if self.with_ else self.line


def is_checkout(uses: object) -> bool:
    return isinstance(uses, str) and uses.strip().split("@")[0].lower() == "actions/checkout"


def steps(job: object) -> list[LineDict]:
    items = job.get("steps") if isinstance(job, dict) else None
    return [s for s in items if isinstance(s, LineDict)] if isinstance(items, list) else []


def checkouts(wf: Workflow) -> Iterator[Checkout]:
    for job_id, job in wf.jobs.items():
        for index, step in enumerate(steps(job)):
            if is_checkout(step.get("uses")):
                yield Checkout(wf, str(job_id), job, index, step)


def core_checkouts(ctx: Context, wf: Workflow) -> Iterator[Checkout]:
    core = normalize_repo(core_repository(ctx))
    for checkout in checkouts(wf):
        if normalize_repo(checkout.setting("repository")) == core:
            yield checkout


def env_value(wf: Workflow, job: object, step: object, name: str) -> tuple[bool, Any]:
    """(found, value) of `name` as the step sees it: step, job, then workflow env."""
    for holder in (step, job, wf.data):
        env = holder.get("env") if isinstance(holder, dict) else None
        if isinstance(env, dict) and name in env:
            return True, env[name]
    return False, None


def sha(value: object) -> str | None:
    text = str(value).strip().lower() if isinstance(value, (str, int)) else ""
    return text if FULL_SHA.fullmatch(text) else None


def implementation_pin(ctx: Context) -> str | None:
    value = pinned_commit(ctx)
    return value if sha(value) else None


def role_shas(ctx: Context, wf_rel: str) -> dict[str, str]:
    """Declared role pins that `wf_rel` may carry: sha -> role name."""
    return {r.sha: name for name, r in ctx.policy.role_pins.items() if wf_rel in r.workflows}


def allowed_shas(ctx: Context, wf_rel: str) -> set[str]:
    pin = implementation_pin(ctx)
    return set(role_shas(ctx, wf_rel)) | ({pin} if pin else set())


def ref_names(checkout: Checkout) -> tuple[str | None, str | None]:
    """(env name the ref reads, literal SHA of the ref)."""
    ref = checkout.setting("ref")
    return reference(ref, "env"), sha(ref)


def head_pin(checkout: Checkout) -> workflow_shell.Pin:
    """What a HEAD assertion after `checkout` may compare HEAD with: the
    checkout's ref (its env variable or literal SHA) or the workflow's GF_CORE_REF."""
    name, literal = ref_names(checkout)
    names, literals = {CORE_REF}, set()
    for var in (name, CORE_REF):
        found, value = env_value(checkout.wf, checkout.job, None, var) if var else (False, None)
        if found and sha(value):
            literals.add(str(sha(value)))
    if name:
        names.add(name)
    if literal:
        literals.add(literal)
    return workflow_shell.Pin(checkout.directory, frozenset(names), frozenset(literals))


def working_directory(wf: Workflow, job: object, step: LineDict) -> str:
    return workflow_runs.working_directory(wf.data, job, step)


def shell_of(wf: Workflow, job: object, step: LineDict) -> object:
    if "shell" in step:
        return step["shell"]
    for holder in (job, wf.data):
        defaults = holder.get("defaults") if isinstance(holder, dict) else None
        run = defaults.get("run") if isinstance(defaults, dict) else None
        if isinstance(run, dict) and "shell" in run:
            return run["shell"]
    return None
