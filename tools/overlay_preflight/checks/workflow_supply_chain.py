"""Supply chain: every `uses:` names an immutable enough ref, by the
overlay's pin policy (`.overlay-preflight.yaml` `policy.action_pins`, first
matching pattern wins, like zizmor's: `actions/*: ref`, `github/*: ref`,
`*: hash` by default). A violation is a warning unless
`policy.action_pin_severity: blocker`; docker:// images need a digest. A
`uses:` with no ref, or a branch, is always a blocker."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator

from .. import registry
from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..model.github import is_full_sha
from ..report import Finding, finding
from . import workflow_core as core

CONCERN = "workflows"
NOT_PINNED = registry.rule(
    "action-not-pinned",
    registry.WARNING,
    "A `uses:` does not meet the overlay's action pin policy (a tag where a full commit "
    "SHA is required, or a docker:// image without a digest).",
    "Pin `uses:` to the 40-hex commit (keep the tag as a comment: @<sha> # v4.2.2) and "
    "docker:// images by @sha256 digest, or adjust policy.action_pins.",
    concern=CONCERN,
)
MUTABLE = registry.rule(
    "action-ref-mutable",
    registry.BLOCKER,
    "A `uses:` names no ref at all, or a branch, so what runs changes under the workflow.",
    "Pin the action to a full commit SHA (or at least a release tag).",
    concern=CONCERN,
)

RULES = (NOT_PINNED, MUTABLE)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
_VERSION = re.compile(r"v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?", re.IGNORECASE)


def _uses(wf: Workflow) -> Iterator[tuple[str, int, str, str]]:
    """(where, line, uses, job id) of every `uses:` of a job or step."""
    for job_id, job in wf.jobs.items():
        if isinstance(job, LineDict) and isinstance(job.get("uses"), str):
            yield f"job {job_id}", job.line_of("uses"), job["uses"].strip(), str(job_id)
        for index, step in enumerate(core.steps(job)):
            if isinstance(step.get("uses"), str):
                where = f"job {job_id} step {index + 1}"
                yield where, step.line_of("uses"), step["uses"].strip(), str(job_id)


def _policy(ctx: Context, action: str) -> str:
    names = [action.lower(), "/".join(action.lower().split("/")[:2])]
    for pattern, wanted in ctx.policy.action_pins:
        if any(fnmatch.fnmatchcase(n, pattern.lower()) for n in names):
            return wanted
    return "hash"


def _judge(ctx: Context, uses: str) -> tuple[registry.Rule, str] | None:
    if uses.startswith("./"):
        return None
    if uses.startswith("docker://"):
        if _DIGEST.search(uses):
            return None
        return NOT_PINNED, "a docker:// image without an @sha256 digest"
    action, at, ref = uses.rpartition("@")
    if not at or not ref.strip():
        return MUTABLE, "no @ref, so it runs the default branch"
    if is_full_sha(ref):
        return None
    if not _VERSION.fullmatch(ref):
        return MUTABLE, f"ref '{ref[:60]}' is a branch (not a commit SHA or a release tag)"
    if _policy(ctx, action) == "ref":
        return None
    return NOT_PINNED, f"tag '{ref[:60]}' where policy.action_pins asks a full commit SHA"


def check(ctx: Context) -> Iterator[Finding]:
    severity = registry.BLOCKER if ctx.policy.action_pin_severity == "blocker" else None
    for wf in ctx.overlay.workflows:
        for where, line, uses, job_id in _uses(wf):
            verdict = _judge(ctx, uses)
            if verdict is None:
                continue
            rule, why = verdict
            yield finding(
                rule,
                wf.rel,
                line,
                f"{where} uses '{uses[:100]}': {why}",
                key=f"job {job_id} uses {uses}",
                severity=severity if rule is NOT_PINNED else None,
            )
