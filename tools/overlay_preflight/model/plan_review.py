"""A `tofu show -json` plan read for review: its integrity fields, every
resource change, drift entry and root output change with its actions and
line, what forces a replacement, which attributes change (names only: a
value is never read out, and one unknown until apply is reported as
unknown, never guessed), and the figures the report shows. The checks
`plan_integrity`, `plan_safety` and `plan_scope` judge it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..loaders.plan import PlanFile
from ..loaders.yamlfile import LineDict, LineList
from .plan_scope import Scope

COUNTS = ("creates", "updates", "replaces", "deletes", "forgets", "no-ops", "reads")
ACTIONS = {"no-op", "create", "read", "update", "delete", "forget"}
DESTRUCTIVE = ("replaces", "deletes", "forgets")
# The plan representation's top-level fields in format 1.x: OpenTofu's
# documented set, plus what Terraform's writer of the same format adds.
OPENTOFU_FIELDS = (
    "format_version",
    "terraform_version",
    "variables",
    "planned_values",
    "resource_drift",
    "resource_changes",
    "output_changes",
    "prior_state",
    "configuration",
    "relevant_attributes",
    "checks",
    "timestamp",
    "errored",
)
TERRAFORM_FIELDS = (
    "applyable",
    "complete",
    "deferred_changes",
    "deferred_action_invocations",
    "action_invocations",
)
KNOWN_FIELDS = frozenset(OPENTOFU_FIELDS + TERRAFORM_FIELDS)
MAX_NAMES = 8  # attribute names listed per change before "+N more"


def _marked(mask: Any) -> bool:
    """Is any leaf of an after_unknown / *_sensitive mask true?"""
    if mask is True:
        return True
    if isinstance(mask, dict):
        return any(_marked(v) for v in mask.values())
    if isinstance(mask, list):
        return any(_marked(v) for v in mask)
    return False


def _step(step: Any) -> str:
    if isinstance(step, int) and not isinstance(step, bool):
        return f"[{step}]"
    text = str(step)[:60]
    return f".{text}" if text.isidentifier() else f"[{text!r}]"


def path_text(path: Any) -> str:
    """A replace path (`["values", 0]`) as `values[0]`."""
    steps = path if isinstance(path, list) else [path]
    return "".join(_step(s) for s in steps).lstrip(".") or "(whole object)"


def names(items: list[str]) -> str:
    shown = ", ".join(items[:MAX_NAMES])
    return shown + (f" (+{len(items) - MAX_NAMES} more)" if len(items) > MAX_NAMES else "")


@dataclass(frozen=True)
class Change:
    address: str  # `output.NAME` for a root output
    actions: tuple[str, ...]
    line: int | None
    entry: Any  # the resource_changes / resource_drift entry, or the output change
    output: bool = False

    @property
    def kind(self) -> str:
        return kind_of(self.actions)

    @property
    def body(self) -> Any:
        return self.entry if self.output else self.entry.get("change")

    @property
    def verb(self) -> str:
        """The scope word for the actions: create, update, replace, ..."""
        acts = set(self.actions)
        if "create" in acts and acts & {"delete", "forget"}:
            return "replace"
        for verb in ("delete", "forget", "create", "update", "read"):
            if verb in acts:
                return verb
        return "no-op"

    @property
    def importing(self) -> bool:
        return isinstance(self.body, dict) and self.body.get("importing") not in (None, "", {})

    @property
    def moved_from(self) -> str | None:
        prev = None if self.output else self.entry.get("previous_address")
        return prev if isinstance(prev, str) and prev and prev != self.address else None

    @property
    def words(self) -> frozenset[str]:
        """What a scope entry must name to allow this change."""
        extra = {w for w, on in (("import", self.importing), ("move", self.moved_from)) if on}
        if self.verb == "no-op" and extra:
            return frozenset(extra)
        return frozenset({self.verb, *extra})

    @property
    def reason(self) -> str | None:
        reason = None if self.output else self.entry.get("action_reason")
        return reason[:80] if isinstance(reason, str) and reason.isidentifier() else None

    @property
    def replace_paths(self) -> list[str]:
        paths = self.body.get("replace_paths") if isinstance(self.body, dict) else None
        return [path_text(p) for p in paths] if isinstance(paths, list) else []

    def attributes(self) -> tuple[list[str], list[str]]:
        """(changed attribute names, names known only after apply); sensitive
        ones carry `(sensitive)`. Names only: values are never read out."""
        body = self.body if isinstance(self.body, dict) else {}
        before, after = body.get("before"), body.get("after")
        unknown_mask = body.get("after_unknown")
        sensitive = (body.get("before_sensitive"), body.get("after_sensitive"))
        if self.output:
            label = "value" + (" (sensitive)" if any(_marked(m) for m in sensitive) else "")
            if unknown_mask is True:
                return [], [label]
            return ([label] if self.verb == "update" and before != after else []), []
        if unknown_mask is True:
            return [], ["(every attribute)"]
        if not isinstance(after, dict):
            return [], []
        before = before if isinstance(before, dict) else {}
        unknown_mask = unknown_mask if isinstance(unknown_mask, dict) else {}
        changed, unknown = [], []
        for key in sorted(set(before) | set(after) | set(unknown_mask), key=str):
            label = str(key)[:60]
            if any(isinstance(m, dict) and _marked(m.get(key)) for m in sensitive):
                label += " (sensitive)"
            if _marked(unknown_mask.get(key)):
                unknown.append(label)
            elif before.get(key) != after.get(key) and self.verb not in ("create", "read"):
                changed.append(label)
        return changed, unknown

    @property
    def deposed(self) -> bool:
        return not self.output and bool(self.entry.get("deposed"))


@dataclass(frozen=True)
class Malformed:
    """An entry this tool cannot read: (key, index, address or None, line, why)."""

    key: str
    index: int
    address: str | None
    line: int | None
    why: str


@dataclass(frozen=True)
class Digest:
    """The binary plan's sha256 against the one recorded at plan time."""

    path: str
    actual: str
    recorded: str
    source: str  # where the recorded digest came from


@dataclass
class PlanReview:
    plan: PlanFile
    allows: dict[str, str]  # address -> reason (--allow-destroy)
    scope: Scope | None = None
    expected_version: str | None = None  # --tofu-version or policy
    digest: Digest | None = None
    scope_outputs: bool = True  # output changes count against the scope
    changes: list[Change] = field(default_factory=list)
    drift: list[Change] = field(default_factory=list)
    outputs: list[Change] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)

    @property
    def data(self) -> LineDict:
        data: LineDict = self.plan.data
        return data

    @property
    def unknown_fields(self) -> list[tuple[str, int]]:
        return [(str(k), self.data.line_of(k)) for k in self.data if k not in KNOWN_FIELDS]

    @property
    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(COUNTS, 0)
        for change in self.changes:
            out[change.kind] += 1
        return out

    @property
    def scoped(self) -> list[Change]:
        """What the scope judges: every resource change, and the root output
        changes unless policy leaves them out."""
        return self.changes + (self.outputs if self.scope_outputs else [])

    def destroy_allowance(self, change: Change) -> tuple[str, str] | None:
        """(who, reason) that allows this destructive change: the operator's
        --allow-destroy, or a scope entry naming its action with a reason."""
        if change.address in self.allows:
            return "--allow-destroy", self.allows[change.address]
        entry = self.scope.first_cover(change.address, change.words) if self.scope else None
        if entry is not None and entry.reason and change.verb in entry.actions:
            return f"scope line {entry.line}", entry.reason
        return None

    @property
    def allowed(self) -> list[tuple[str, str, str]]:
        """(address, who, reason) of each destructive change that is allowed."""
        out = []
        for c in self.changes:
            allowance = self.destroy_allowance(c) if c.kind in DESTRUCTIVE else None
            if allowance is not None:
                out.append((c.address, *allowance))
        return out


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


def _actions(change: Any) -> tuple[str, ...] | None:
    actions = change.get("actions") if isinstance(change, dict) else None
    if not isinstance(actions, list) or not actions or not all(isinstance(a, str) for a in actions):
        return None
    return tuple(actions)


def _checked(
    review: PlanReview, key: str, index: int, line: int | None, address: Any, body: Any
) -> tuple[str, tuple[str, ...]] | None:
    actions = _actions(body)
    if actions is None or not isinstance(address, str) or not address:
        why = f"{key} entry {index} has no address or change.actions"
        review.malformed.append(Malformed(key, index, None, line, why))
        return None
    unknown = [a for a in actions if a not in ACTIONS]
    if unknown:
        why = f"{address[:200]}: unknown action {unknown[0][:40]!r}"
        review.malformed.append(Malformed(key, index, address, line, why))
        return None
    return address, actions


def _entries(review: PlanReview, key: str) -> list[Change]:
    entries = review.data.get(key)
    if entries is None:
        return []
    if not isinstance(entries, LineList):
        line = review.data.line_of(key)
        review.malformed.append(Malformed(key, -1, None, line, f"{key} is not a list"))
        return []
    out = []
    for index, entry in enumerate(entries):
        line = entries.line_of(index)
        address = entry.get("address") if isinstance(entry, LineDict) else None
        body = entry.get("change") if isinstance(entry, LineDict) else None
        ok = _checked(review, key, index, line, address, body)
        if ok is not None:
            out.append(Change(ok[0], ok[1], line, entry))
    return out


def _outputs(review: PlanReview) -> list[Change]:
    outputs = review.data.get("output_changes")
    if outputs is None:
        return []
    if not isinstance(outputs, LineDict):
        line = review.data.line_of("output_changes")
        why = "output_changes is not an object"
        review.malformed.append(Malformed("output_changes", -1, None, line, why))
        return []
    out = []
    for index, (name, body) in enumerate(outputs.items()):
        line = outputs.line_of(name)
        ok = _checked(review, "output_changes", index, line, f"output.{name}" if name else 0, body)
        if ok is not None:
            out.append(Change(ok[0], ok[1], line, body, output=True))
    return out


def review(plan: PlanFile, allows: dict[str, str], **options: Any) -> PlanReview:
    """Read `plan`; `options` are PlanReview's scope, expected_version,
    digest and scope_outputs."""
    out = PlanReview(plan, allows, **options)
    out.changes = _entries(out, "resource_changes")
    out.drift = _entries(out, "resource_drift")
    out.outputs = _outputs(out)
    return out
