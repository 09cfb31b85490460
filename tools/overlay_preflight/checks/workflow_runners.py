"""`runs-on` asks for shared capability labels only; GitHub-hosted runners
follow the organization's policy; `pull_request_target` never runs on a
self-hosted runner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from .. import registry
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import workflow_labels
from .workflow_policy import is_expression, policy_severity, reference, triggers

CONCERN = "workflows"
LABEL_NOT_SHARED = registry.rule(
    "runner-label-not-shared",
    registry.BLOCKER,
    "A workflow asks for a self-hosted label that is not a shared capability label "
    "(a repo-shaped or project identity label).",
    "Request a shared capability label (tinyland-nix, tinyland-docker, ...); owner-distinct "
    "scale-set names are registration identities, not workflow labels.",
    concern=CONCERN,
)
GITHUB_HOSTED = registry.rule(
    "runner-github-hosted",
    registry.WARNING,
    "A job runs on a GitHub-hosted runner (ubuntu-*, windows-*, macos-*).",
    "Use a shared self-hosted label, or set runner_contract.github_hosted_runners: allowed "
    "in organization.yaml when GitHub-hosted jobs are intended.",
    concern=CONCERN,
)
RUNS_ON_DYNAMIC = registry.rule(
    "runs-on-dynamic",
    registry.WARNING,
    "A `runs-on` expression cannot be evaluated statically, so its labels are not checked.",
    "Write the labels literally, or list them in strategy.matrix and use ${{ matrix.<name> }}.",
    concern=CONCERN,
)
PRT_SELF_HOSTED = registry.rule(
    "pull-request-target-self-hosted",
    registry.BLOCKER,
    "A workflow triggered by pull_request_target runs a job on a self-hosted runner.",
    "Run pull_request_target jobs on GitHub-hosted runners only, or use pull_request.",
    concern=CONCERN,
)

COMPATIBILITY_LABEL = registry.rule(
    "workflow-compatibility-lane",
    registry.WARNING,
    "A workflow requests a known standalone compatibility lane: debt to retire, not a "
    "shared capability label.",
    "Request a shared capability label instead; until the lane is retired, declare it with "
    "--expect-warning workflow-compatibility-lane.",
    concern=CONCERN,
)

RULES = (LABEL_NOT_SHARED, GITHUB_HOSTED, RUNS_ON_DYNAMIC, PRT_SELF_HOSTED, COMPATIBILITY_LABEL)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})


@dataclass
class Request:
    """What one job's `runs-on` asks for."""

    labels: list[tuple[str, int]] = field(default_factory=list)
    group: str | None = None
    dynamic: list[int] = field(default_factory=list)  # lines of unevaluated expressions


def _matrix_values(job: LineDict, name: str) -> list[object] | None:
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if not isinstance(matrix, dict):
        return None
    values = matrix.get(name)
    values = list(values) if isinstance(values, list) else [] if values is None else None
    if values is None:
        return None
    include = matrix.get("include")
    for entry in include if isinstance(include, list) else []:
        if isinstance(entry, dict) and name in entry:
            values.append(entry[name])
    return values or None


def _add(request: Request, job: LineDict, value: object, line: int) -> None:
    if isinstance(value, list):
        for item in value:
            _add(request, job, item, line)
    elif is_expression(value):
        name = reference(value, "matrix")
        values = _matrix_values(job, name) if name else None
        if values is None or any(is_expression(v) or isinstance(v, dict) for v in values):
            request.dynamic.append(line)
        else:
            _add(request, job, values, line)
    elif isinstance(value, (str, int, float)) and str(value):
        request.labels.append((str(value), line))


def runs_on(job: LineDict) -> Request | None:
    if "runs-on" not in job:
        return None
    request, value, line = Request(), job["runs-on"], job.line_of("runs-on")
    if isinstance(value, LineDict):
        group = value.get("group")
        if is_expression(group):
            request.dynamic.append(value.line_of("group"))
        elif isinstance(group, str):
            request.group = group
        if "labels" in value:
            _add(request, job, value["labels"], value.line_of("labels"))
    else:
        _add(request, job, value, line)
    return request


def self_hosted(request: Request) -> bool:
    return request.group is not None or any(
        not workflow_labels.is_github_hosted(label) for label, _ in request.labels
    )


def check(ctx: Context) -> Iterator[Finding]:
    shared = workflow_labels.shared_labels(ctx.overlay.organization)
    hosted = policy_severity(ctx, "github_hosted_runners", ctx.options.github_hosted)
    for wf in ctx.overlay.workflows:
        prt = "pull_request_target" in triggers(wf.data)
        for job_id, job in wf.jobs.items():
            request = runs_on(job) if isinstance(job, LineDict) else None
            if request is None:
                continue
            for line in request.dynamic:
                yield finding(
                    RUNS_ON_DYNAMIC,
                    wf.rel,
                    line,
                    f"job {job_id}: runs-on uses an expression that cannot be evaluated statically",
                )
            for label, line in request.labels:
                kind = workflow_labels.classify(label, shared)
                if kind == workflow_labels.NOT_SHARED:
                    yield finding(
                        LABEL_NOT_SHARED,
                        wf.rel,
                        line,
                        f"job {job_id}: runner label '{label[:80]}' is not a shared "
                        "capability label",
                    )
                elif kind == workflow_labels.COMPATIBILITY:
                    yield finding(
                        COMPATIBILITY_LABEL,
                        wf.rel,
                        line,
                        f"job {job_id}: '{label[:80]}' is a known compatibility lane",
                    )
                elif kind == workflow_labels.GITHUB_HOSTED and hosted is not None:
                    yield finding(
                        GITHUB_HOSTED,
                        wf.rel,
                        line,
                        f"job {job_id}: runs on GitHub-hosted '{label[:80]}'",
                        severity=hosted,
                    )
            if prt and self_hosted(request):
                yield finding(
                    PRT_SELF_HOSTED,
                    wf.rel,
                    job.line_of("runs-on"),
                    f"job {job_id} runs on a self-hosted runner under pull_request_target",
                )
