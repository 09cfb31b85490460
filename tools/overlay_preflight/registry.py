"""The rule registry: one declaration per rule, read by every consumer.

`overlay-preflight rules`, the SARIF `tool.driver.rules[]`, the JUnit report
and docs/rules.md all read `RULES`. A check module declares its rules at
import time with `rule(...)` and refers to them by the returned object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLOCKER = "blocker"
WARNING = "warning"
SEVERITIES = (BLOCKER, WARNING)

_KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    hint: str
    group: str
    suppressible: bool = True


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str,
    severity: str,
    summary: str,
    hint: str,
    *,
    group: str,
    suppressible: bool = True,
) -> Rule:
    """Declare a rule. Ids are stable, kebab-case and unique."""
    if not _KEBAB.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not kebab-case")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {rule_id}: unknown severity {severity!r}")
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id} declared twice")
    declared = Rule(rule_id, severity, summary, hint, group, suppressible)
    RULES[rule_id] = declared
    return declared


def load_all() -> dict[str, Rule]:
    """Import every module that declares rules, so that the registry is complete."""
    import importlib
    import pkgutil

    from . import checks, overlay, suppressions  # noqa: F401  (declare rules)

    for module in pkgutil.iter_modules(checks.__path__):
        importlib.import_module(f"{checks.__name__}.{module.name}")
    return RULES
