"""Rule declarations: one `Rule` per rule id, declared in the module that
produces its findings.

Declaring a rule has no side effect: a module lists its rules in `RULES`, and
`catalog` gathers every such module, listed once, into the complete set that
`overlay-preflight rules`, SARIF, suppressions and `--expect-warning` read.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

BLOCKER = "blocker"
WARNING = "warning"
SEVERITIES = (BLOCKER, WARNING)

_KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Suppressible(enum.Enum):
    """Whether a reviewed suppression may silence the rule's findings."""

    YES = "yes"
    NEVER = "no"
    BY_FINGERPRINT = "by fingerprint"  # only with the fingerprint of the exact content


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    summary: str
    hint: str
    concern: str  # what the rule is about: "core-pin", "cache", "workflows", ...
    suppressible: Suppressible = Suppressible.YES


def rule(
    rule_id: str,
    severity: str,
    summary: str,
    hint: str,
    *,
    concern: str,
    suppressible: Suppressible = Suppressible.YES,
) -> Rule:
    """A rule. Ids are stable and kebab-case; severity is blocker or warning."""
    if not _KEBAB.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not kebab-case")
    if severity not in SEVERITIES:
        raise ValueError(f"rule {rule_id}: unknown severity {severity!r}")
    return Rule(rule_id, severity, summary, hint, concern, suppressible)


class DeclaresRules(Protocol):
    # Read-only, so that a module's `RULES = (A, B)` (a tuple of two) is one.
    @property
    def RULES(self) -> tuple[Rule, ...]: ...


def collect(modules: Iterable[DeclaresRules]) -> dict[str, Rule]:
    """Every rule of `modules` by id; an id declared twice is an error."""
    out: dict[str, Rule] = {}
    for module in modules:
        for declared in module.RULES:
            if declared.id in out:
                raise ValueError(f"rule {declared.id} declared twice")
            out[declared.id] = declared
    return out
