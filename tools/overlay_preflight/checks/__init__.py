"""Checks: one module per concern, each declaring its rules (`RULES`) and a
`check(ctx)` generator of findings. Importing this package registers them."""

from . import (  # noqa: F401
    capacity,
    core_pin,
    hygiene,
    justfile_format,
    organization_schema,
    plan_safety,
    residue,
    secrets,
    workflow_core_checkout,
    workflow_runners,
    workflow_schema,
    workflow_supply_chain,
)

WORKFLOWS = (workflow_schema, workflow_runners, workflow_core_checkout, workflow_supply_chain)
SECRETS = (secrets,)
HYGIENE = (hygiene, justfile_format)

# Per-overlay checks that `overlay-preflight enrollment` runs, in order.
ENROLLMENT = (organization_schema, core_pin, *WORKFLOWS, *SECRETS, *HYGIENE)
