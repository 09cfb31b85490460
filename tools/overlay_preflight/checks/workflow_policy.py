"""What the workflow checks share: the organization's policies, expressions."""

from __future__ import annotations

import re

from .. import registry
from ..model.context import Context

DEFAULT_CORE_REPOSITORY = "tinyland-inc/GloriousFlywheel"

# `${{ secrets.NAME }}`, `${{ env.NAME }}`, `${{ matrix.NAME }}` as a whole scalar.
_REFERENCE = re.compile(r"^\$\{\{\s*(secrets|env|matrix)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$")

# organization.yaml policy values and their --flag spellings.
_POLICY = {
    "allowed": None,
    "allow": None,
    "warn": registry.WARNING,
    "forbidden": registry.BLOCKER,
    "forbid": registry.BLOCKER,
}


def policy_severity(ctx: Context, setting: str, option: str | None) -> str | None:
    """Severity for a policy-governed finding: the flag wins over
    organization.yaml runner_contract.<setting>; the default is a warning."""
    if option is not None:
        return _POLICY[option]
    org = ctx.overlay.organization
    value = org.get("runner_contract", setting) if org is not None else None
    return _POLICY.get(value, registry.WARNING) if isinstance(value, str) else registry.WARNING


def reference(value: object, kind: str) -> str | None:
    """NAME when value is exactly `${{ <kind>.NAME }}`."""
    if not isinstance(value, str):
        return None
    match = _REFERENCE.match(value.strip())
    return match.group(2) if match and match.group(1) == kind else None


def triggers(data: object) -> set[str]:
    """The events that start a workflow (`on:` as a string, list or mapping)."""
    on = data.get("on") if isinstance(data, dict) else None
    if isinstance(on, str):
        return {on}
    if isinstance(on, (list, dict)):
        return {str(t) for t in on}
    return set()


def is_expression(value: object) -> bool:
    return isinstance(value, str) and "${{" in value


def core_repository(ctx: Context) -> str:
    org = ctx.overlay.organization
    declared = org.text("core", "repository") if org is not None else None
    return declared or DEFAULT_CORE_REPOSITORY


def pinned_commit(ctx: Context) -> str | None:
    org = ctx.overlay.organization
    value = org.text("core", "pinned_commit") if org is not None else None
    return value.lower() if value else None
