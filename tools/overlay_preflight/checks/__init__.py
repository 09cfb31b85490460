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
    cluster_capacity,
    compatibility,
    controller,
    core_pin,
    core_pin_carriers,
    data_schema,
    hygiene,
    identities,
    inputs,
    justfile_format,
    lane_cache,
    lane_limits,
    lane_shape,
    organization_schema,
    plan_safety,
    registration,
    residue,
    runner_groups,
    runner_labels,
    secrets,
    stack_migrations,
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
    controller,
    identities,
    lane_cache,
    lane_limits,
    compatibility,
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
SECRETS = (secrets,)
HYGIENE = (hygiene, justfile_format)
# `enrollment`: every per-overlay check.
ENROLLMENT = (*CORE_PIN, *TAXONOMY, *WORKFLOWS, *SECRETS, *HYGIENE)

# Checks over captured files and over several overlays, one per command.
CAPTURES = (plan_safety, stack_migrations, residue, cluster_capacity, topology, data_schema)

# Every rule-declaring check module; `catalog` adds the suppression rules.
ALL = (inputs, *ENROLLMENT, *CAPTURES)
