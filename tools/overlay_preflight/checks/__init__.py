"""Checks: one module per concern, each declaring its rules (`RULES`) and a
`check(ctx)` generator of findings. Importing this package registers them."""

from . import (  # noqa: F401
    capacity,
    compatibility,
    controller,
    core_pin,
    hygiene,
    identities,
    justfile_format,
    lane_cache,
    lane_capacity,
    lane_shape,
    organization_schema,
    plan_safety,
    registration,
    residue,
    runner_groups,
    runner_labels,
    secrets,
    topology,
    workflow_core_checkout,
    workflow_runners,
    workflow_schema,
    workflow_supply_chain,
)

# The runner-taxonomy checks (`overlay-preflight taxonomy`), in order.
TAXONOMY = (lane_shape, runner_labels, registration, runner_groups, controller, identities,
            lane_cache, lane_capacity, compatibility)
WORKFLOWS = (workflow_schema, workflow_runners, workflow_core_checkout, workflow_supply_chain)
SECRETS = (secrets,)
HYGIENE = (hygiene, justfile_format)

# Per-overlay checks that `overlay-preflight enrollment` runs, in order.
ENROLLMENT = (organization_schema, core_pin, *TAXONOMY, *WORKFLOWS, *SECRETS, *HYGIENE)
