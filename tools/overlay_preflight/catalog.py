"""The complete rule catalog, built eagerly from one explicit list of the
modules that declare rules. `overlay-preflight rules`, SARIF, suppressions
and `--expect-warning` all read `RULES`, whatever command is running."""

from __future__ import annotations

from . import checks, inline_ignores, registry, suppressions

MODULES = (*checks.ALL, suppressions, inline_ignores)
RULES: dict[str, registry.Rule] = registry.collect(MODULES)
