"""Who can start a job: a pull request must not reach a credential, and in a
public overlay it must not reach a self-hosted runner.

An event reaches a job when it is one of the workflow's triggers and the
job's `if:` (and those of the jobs it needs) can be true for it: an `if:`
that is false whenever `github.event_name` is that event gates the job.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict, LineList
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import workflow_core as core
from .workflow_expressions import ignores_needs, may_run, secret_names
from .workflow_policy import triggers
from .workflow_runners import runs_on, self_hosted

CONCERN = "workflows"
PR_SELF_HOSTED = registry.rule(
    "pull-request-self-hosted",
    registry.WARNING,
    "In a public overlay, a pull_request event can start a job on a self-hosted runner "
    "(anyone's pull request then runs code on that runner).",
    "Gate the job, e.g. if: github.event_name == 'push' || github.event_name == "
    "'workflow_dispatch'; policy.pull_request_self_hosted: forbid makes this a blocker.",
    concern=CONCERN,
)
PR_SECRET = registry.rule(
    "pull-request-secret",
    registry.BLOCKER,
    "A job that uses a secret other than GITHUB_TOKEN (the core deploy key included) can be "
    "started by pull_request or pull_request_target.",
    "Gate the job to trusted events (push, workflow_dispatch) with its `if:`, or move the "
    "credentialed steps to a workflow pull requests cannot start.",
    concern=CONCERN,
)

RULES = (PR_SELF_HOSTED, PR_SECRET)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")


def reachable(wf: Workflow, job_id: str, event: str, seen: frozenset[str] = frozenset()) -> bool:
    """Can `event` start job `job_id` of `wf` (the workflow being triggered by it)?"""
    job = wf.jobs.get(job_id)
    if not isinstance(job, dict) or job_id in seen:
        return isinstance(job, dict)
    if not may_run(job.get("if"), event):
        return False
    if ignores_needs(job.get("if")):
        return True
    needs = job.get("needs")
    needs = [needs] if isinstance(needs, str) else needs if isinstance(needs, list) else []
    return all(reachable(wf, str(n), event, seen | {job_id}) for n in needs if str(n) in wf.jobs)


def _strings(value: object, line: int) -> Iterator[tuple[str, int]]:
    if isinstance(value, str):
        yield value, line
    elif isinstance(value, LineDict):
        for key, item in value.items():
            yield from _strings(item, value.line_of(key))
    elif isinstance(value, LineList):
        for i, item in enumerate(value):
            yield from _strings(item, value.line_of(i))


def secrets_used(wf: Workflow, job: LineDict, event: str) -> list[tuple[str, int]]:
    """(secret name, line) of every secret a job run for `event` reads
    (workflow env, the job's own keys, and the steps whose `if:` lets them run)."""
    texts = list(_strings(wf.data.get("env"), wf.data.line_of("env")))
    for key, value in job.items():
        if key == "secrets" and value == "inherit":
            texts.append(("${{ secrets.inherit }}", job.line_of(key)))
        elif key != "steps":
            texts.extend(_strings(value, job.line_of(key)))
    for step in core.steps(job):
        if may_run(step.get("if"), event):
            texts.extend(_strings(step, step.line))
    return [
        (name, line)
        for text, line in texts
        for name in secret_names(text)
        if name.upper() != "GITHUB_TOKEN"
    ]


def _visibility(ctx: Context) -> str | None:
    if ctx.policy.visibility:
        return ctx.policy.visibility
    org = ctx.overlay.organization
    value = org.get("owner", "repository_visibility") if org is not None else None
    return value.lower() if isinstance(value, str) else None


def check(ctx: Context) -> Iterator[Finding]:
    public = _visibility(ctx) == "public"
    forbid = ctx.policy.pull_request_self_hosted == "forbid"
    for wf in ctx.overlay.workflows:
        events = [e for e in PULL_REQUEST_EVENTS if e in triggers(wf.data)]
        for job_id, job in wf.jobs.items():
            if not isinstance(job, LineDict):
                continue
            reached = [e for e in events if reachable(wf, str(job_id), e)]
            used = sorted(
                {u for e in reached for u in secrets_used(wf, job, e)}, key=lambda u: u[1]
            )
            if used:
                names = ", ".join(sorted({n for n, _ in used})[:5])
                yield finding(
                    PR_SECRET,
                    wf.rel,
                    used[0][1],
                    f"job {job_id} uses secret(s) {names} and {' and '.join(reached)} can start it",
                )
            request = runs_on(job)
            if public and "pull_request" in reached and request and self_hosted(request):
                yield finding(
                    PR_SELF_HOSTED,
                    wf.rel,
                    job.line_of("runs-on"),
                    f"job {job_id} runs on a self-hosted runner and pull_request can start it "
                    "without an event gate",
                    severity=registry.BLOCKER if forbid else None,
                )
