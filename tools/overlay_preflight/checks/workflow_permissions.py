"""The workflow token's permissions: every workflow declares a top-level
`permissions:` (else every job gets the repository's default scopes), never
`write-all`, and writes only the scopes `.overlay-preflight.yaml`
`policy.allowed_permissions` allows (default: id-token and security-events;
reads are always allowed)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from .workflow_policy import policy_severity

CONCERN = "workflows"
PERMISSIONS = registry.rule(
    "workflow-permissions",
    registry.BLOCKER,
    "A workflow has no top-level `permissions` (every job gets the default token scopes) "
    "or grants write-all.",
    "Declare `permissions: contents: read` at the top and widen per job only where needed.",
    concern=CONCERN,
)
SCOPE = registry.rule(
    "workflow-permission-scope",
    registry.BLOCKER,
    "A workflow or job grants a write scope that policy.allowed_permissions does not allow.",
    "Drop the write scope, or allow it in .overlay-preflight.yaml policy.allowed_permissions "
    "after review.",
    concern=CONCERN,
)

RULES = (PERMISSIONS, SCOPE)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})


def _holders(wf: Workflow) -> Iterator[tuple[str, LineDict]]:
    yield "the workflow", wf.data
    for job_id, job in wf.jobs.items():
        if isinstance(job, LineDict):
            yield f"job {job_id}", job


def _findings(ctx: Context, wf: Workflow) -> Iterator[tuple[registry.Rule, int, str]]:
    if "permissions" not in wf.data:
        yield PERMISSIONS, wf.data.line_of("jobs"), "the workflow has no top-level permissions"
    allowed = {(s.lower(), level.lower()) for s, level in ctx.policy.allowed_permissions}
    for where, holder in _holders(wf):
        if "permissions" not in holder:
            continue
        value, line = holder["permissions"], holder.line_of("permissions")
        if isinstance(value, str) and value.strip() == "write-all":
            yield PERMISSIONS, line, f"{where} grants permissions: write-all"
        elif isinstance(value, LineDict):
            for scope, level in value.items():
                pair = (str(scope).lower(), str(level).strip().lower())
                if pair[1] == "write" and pair not in allowed:
                    yield SCOPE, value.line_of(scope), f"{where} grants {scope}: write"


def check(ctx: Context) -> Iterator[Finding]:
    option = ctx.options.workflow_permissions
    declared = policy_severity(ctx, "workflow_permissions", option)
    org = ctx.overlay.organization
    stated = option is not None or (
        org is not None and isinstance(org.get("runner_contract", "workflow_permissions"), str)
    )
    severity = declared if stated else registry.BLOCKER
    if severity is None:
        return
    for wf in ctx.overlay.workflows:
        for rule, line, message in _findings(ctx, wf):
            yield finding(rule, wf.rel, line, message, severity=severity)
