"""Checks: one module per concern, each declaring its rules (`RULES`) and a
`check(ctx)` generator of findings. The per-overlay groups are in `groups`."""
