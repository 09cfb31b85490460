"""Checks: one module per concern, each declaring its rules (`RULES`) and a
`check(ctx)` generator of findings. Importing this package registers them."""

from . import capacity, core_pin, organization_schema, plan_safety, residue  # noqa: F401

# Per-overlay checks that `overlay-preflight enrollment` runs, in order.
ENROLLMENT = (organization_schema, core_pin)
