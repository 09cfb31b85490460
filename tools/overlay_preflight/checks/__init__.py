"""Checks: one module per concern. Every module declares its rules
(`RULES`); a per-overlay check also lists the inputs it reads (`NEEDS`,
kinds from `model.kinds`) and has `check(ctx: Context) -> Iterator[Finding]`.
Checks of captured files (plans, live scale sets, nodes, schemas, several
overlays) have `check(model)` over their own loaded model.

This module is the registry: every check is listed here once, in the order
commands run it, in the group of the command that runs it. Adding a check is
a module plus its line here (and its fixtures).
"""

from __future__ import annotations

from . import (
    attic_keys,
    cluster_capacity,
    compatibility,
    consumers,
    controller,
    core_pin,
    core_pin_carriers,
    data_schema,
    hygiene,
    identities,
    inputs,
    justfile_format,
    kustomize,
    lane_cache,
    lane_limits,
    lane_shape,
    operator_docs,
    operator_justfile,
    operator_workflows,
    organization_schema,
    plan_integrity,
    plan_safety,
    plan_scope,
    public_surface,
    registration,
    residue,
    runner_group_contract,
    runner_groups,
    runner_labels,
    secrets,
    sops_files,
    stack_migrations,
    substrate,
    topology,
    workflow_census,
    workflow_checkout,
    workflow_core_checkout,
    workflow_core_sources,
    workflow_permissions,
    workflow_reach,
    workflow_runners,
    workflow_schema,
    workflow_supply_chain,
)

# Per-overlay check groups, each the checks of one command, in run order.
CORE_PIN = (organization_schema, core_pin, core_pin_carriers)
TAXONOMY = (
    lane_shape,
    runner_labels,
    registration,
    runner_groups,
    runner_group_contract,
    controller,
    identities,
    lane_cache,
    attic_keys,
    lane_limits,
    compatibility,
    consumers,
)
WORKFLOWS = (
    workflow_schema,
    workflow_census,
    workflow_runners,
    workflow_reach,
    workflow_checkout,
    workflow_core_checkout,
    workflow_core_sources,
    workflow_supply_chain,
    workflow_permissions,
)
SECRETS = (secrets, sops_files)
HYGIENE = (hygiene, justfile_format)
SURFACE = (operator_workflows, operator_justfile, operator_docs)
SUBSTRATE = (substrate,)
PII = (public_surface,)
KUSTOMIZE = (kustomize,)
# `enrollment`: every per-overlay check.
ENROLLMENT = (
    *CORE_PIN,
    *TAXONOMY,
    *WORKFLOWS,
    *SECRETS,
    *HYGIENE,
    *SURFACE,
    *SUBSTRATE,
    *PII,
    *KUSTOMIZE,
)

# Checks over captured files and over several overlays, one per command.
CAPTURES = (
    plan_integrity,
    plan_safety,
    plan_scope,
    stack_migrations,
    residue,
    cluster_capacity,
    topology,
    data_schema,
)

# Every rule-declaring check module; `catalog` adds the suppression rules.
ALL = (inputs, *ENROLLMENT, *CAPTURES)
