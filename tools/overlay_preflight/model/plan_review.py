"""A `tofu show -json` plan read for review: its shape, every resource change
and drift entry with its actions and line, and the figures the report shows.
`checks.plan_safety` judges it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..loaders.jsonfile import LineDict, LineList
from ..loaders.plan import PlanFile

COUNTS = ("creates", "updates", "replaces", "deletes", "forgets", "no-ops", "reads")
ACTIONS = {"no-op", "create", "read", "update", "delete", "forget"}
SUPPORTED_MAJORS = ("0", "1")
DESTRUCTIVE = ("replaces", "deletes", "forgets")


@dataclass(frozen=True)
class Change:
    address: str
    actions: tuple[str, ...]
    line: int | None
    entry: Any  # the resource_changes / resource_drift entry

    @property
    def kind(self) -> str:
        return kind_of(self.actions)


@dataclass(frozen=True)
class Malformed:
    """An entry this tool cannot read: (key, index, address or None, line, why)."""

    key: str
    index: int
    address: str | None
    line: int | None
    why: str


@dataclass
class PlanReview:
    plan: PlanFile
    allows: dict[str, str]  # address -> reason (--allow-destroy)
    unreadable: str | None = None  # why the file is not a plan this tool reads
    changes: list[Change] = field(default_factory=list)
    drift: list[Change] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(COUNTS, 0)
        for change in self.changes:
            out[change.kind] += 1
        return out

    @property
    def allowed(self) -> list[tuple[str, str]]:
        """(address, reason) of each destructive change the operator allowed."""
        return [
            (c.address, self.allows[c.address])
            for c in self.changes
            if c.kind in DESTRUCTIVE and c.address in self.allows
        ]


def kind_of(actions: tuple[str, ...]) -> str:
    """One of COUNTS for a (known) action list."""
    if "delete" in actions:
        return "replaces" if "create" in actions else "deletes"
    if "forget" in actions:
        return "forgets"
    for action, kind in (("create", "creates"), ("update", "updates"), ("read", "reads")):
        if action in actions:
            return kind
    return "no-ops"


def _shape(plan: PlanFile) -> str | None:
    """Why the file is not a plan this tool reads, or None."""
    data = plan.data
    if not isinstance(data, dict):
        return f"top level is a JSON {type(data).__name__}, not a plan object"
    version = data.get("format_version")
    if not isinstance(version, str):
        return "no format_version: this is not `tofu show -json <planfile>` output"
    if version.split(".")[0] not in SUPPORTED_MAJORS:
        return f"format_version {version[:20]!r} is not supported (0.x or 1.x)"
    if "planned_values" not in data and "resource_changes" not in data:
        kind = "a state snapshot" if "values" in data else "not a plan"
        return f"{kind}: no planned_values or resource_changes"
    return None


def _actions(entry: Any) -> tuple[str, ...] | None:
    change = entry.get("change") if isinstance(entry, dict) else None
    actions = change.get("actions") if isinstance(change, dict) else None
    if not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
        return None
    return tuple(actions)


def _entries(review: PlanReview, key: str) -> list[Change]:
    data = review.plan.data
    entries = data.get(key)
    if entries is None:
        return []
    if not isinstance(entries, LineList):
        review.malformed.append(Malformed(key, -1, None, data.line_of(key), f"{key} is not a list"))
        return []
    out = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        actions = _actions(entry)
        address = entry.get("address") if isinstance(entry, LineDict) else None
        if actions is None or not isinstance(address, str):
            why = f"{key} entry {index} has no address or change.actions"
            review.malformed.append(Malformed(key, index, None, line, why))
            continue
        unknown = [a for a in actions if a not in ACTIONS]
        if unknown:
            why = f"{address}: unknown action {unknown[0][:40]!r}"
            review.malformed.append(Malformed(key, index, address, line, why))
            continue
        out.append(Change(address, actions, line, entry))
    return out


def review(plan: PlanFile, allows: dict[str, str]) -> PlanReview:
    out = PlanReview(plan, allows)
    out.unreadable = _shape(plan)
    if out.unreadable is None:
        out.changes = _entries(out, "resource_changes")
        out.drift = _entries(out, "resource_drift")
    return out
