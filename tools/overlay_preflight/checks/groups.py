"""The per-overlay check groups, in the order commands run them.

Importing this module imports only these checks; `registry.load_all()`
imports every module under `checks/` for the complete rule list.
"""

from . import (
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
    registration,
    runner_groups,
    runner_labels,
    secrets,
    workflow_core_checkout,
    workflow_runners,
    workflow_schema,
    workflow_supply_chain,
)

# The runner-taxonomy checks (`overlay-preflight taxonomy`), in order.
TAXONOMY = (
    lane_shape,
    runner_labels,
    registration,
    runner_groups,
    controller,
    identities,
    lane_cache,
    lane_capacity,
    compatibility,
)
WORKFLOWS = (workflow_schema, workflow_runners, workflow_core_checkout, workflow_supply_chain)
SECRETS = (secrets,)
HYGIENE = (hygiene, justfile_format)
CORE_PIN = (organization_schema, core_pin)

# Per-overlay checks that `overlay-preflight enrollment` runs, in order.
ENROLLMENT = (*CORE_PIN, *TAXONOMY, *WORKFLOWS, *SECRETS, *HYGIENE)
