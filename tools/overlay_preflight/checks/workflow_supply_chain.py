"""Supply chain: remote actions and reusable workflows pinned by full commit
SHA (docker:// images by digest), and least-privilege `permissions`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import registry
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..model.github import is_full_sha
from ..report import Finding, finding
from .workflow_policy import policy_severity

CONCERN = "workflows"
NOT_PINNED = registry.rule(
    "action-not-pinned",
    registry.BLOCKER,
    "A workflow uses an action or reusable workflow by tag or branch, not by full commit SHA "
    "(or a docker:// image without a digest).",
    "Pin `uses:` to the 40-hex commit (keep the tag as a comment: @<sha> # v4.2.2); pin "
    "docker:// images by @sha256 digest.",
    concern=CONCERN,
)
PERMISSIONS = registry.rule(
    "workflow-permissions",
    registry.WARNING,
    "A workflow has no top-level `permissions` (every job gets the default token scopes) "
    "or grants write-all.",
    "Declare `permissions: contents: read` at the top and widen per job only where needed; "
    "runner_contract.workflow_permissions: forbidden makes this a blocker.",
    concern=CONCERN,
)

RULES = (NOT_PINNED, PERMISSIONS)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def _unpinned(uses: str) -> str | None:
    """Why `uses` is not pinned, or None when it is (or is local)."""
    if uses.startswith("./"):
        return None
    if uses.startswith("docker://"):
        return None if _DIGEST.search(uses) else "a docker:// image without an @sha256 digest"
    _, at, ref = uses.rpartition("@")
    if not at:
        return "no @ref"
    return None if is_full_sha(ref) else f"ref '{ref[:60]}' is not a full commit SHA"


def _uses(wf) -> Iterator[tuple[str, int, str]]:
    for job_id, job in wf.jobs.items():
        if isinstance(job, LineDict) and isinstance(job.get("uses"), str):
            yield f"job {job_id}", job.line_of("uses"), job["uses"].strip()
    for job_id, index, step in wf.steps():
        if isinstance(step.get("uses"), str):
            yield f"job {job_id} step {index + 1}", step.line_of("uses"), step["uses"].strip()


def _write_all(value: object) -> bool:
    return isinstance(value, str) and value.strip() == "write-all"


def _permissions(wf) -> tuple[int, str] | None:
    """Line and reason when the workflow is not least privilege."""
    data = wf.data
    if _write_all(data.get("permissions")):
        return data.line_of("permissions"), "grants permissions: write-all"
    for job_id, job in wf.jobs.items():
        if isinstance(job, LineDict) and _write_all(job.get("permissions")):
            return job.line_of("permissions"), f"job {job_id} grants permissions: write-all"
    if "permissions" in data:
        return None
    bare = [
        str(j)
        for j, job in wf.jobs.items()
        if isinstance(job, LineDict) and "permissions" not in job
    ]
    if bare:
        return data.line_of("jobs"), (
            f"has no top-level permissions and job(s) {', '.join(bare[:5])} declare none"
        )
    return None


def check(ctx: Context) -> Iterator[Finding]:
    severity = policy_severity(ctx, "workflow_permissions", ctx.options.workflow_permissions)
    for wf in ctx.overlay.workflows:
        for where, line, uses in _uses(wf):
            why = _unpinned(uses)
            if why:
                yield finding(NOT_PINNED, wf.rel, line, f"{where} uses '{uses[:100]}': {why}")
        problem = _permissions(wf) if severity is not None else None
        if problem:
            yield finding(
                PERMISSIONS, wf.rel, problem[0], f"workflow {problem[1]}", severity=severity
            )
