"""A reviewed plan scope (`plan --scope FILE`): the changes a plan may make.

```yaml
allow:
  - address: 'module.gh_nix.helm_release.arc_runner'
    actions: [update]
    reason: runner ephemeral storage 4/8Gi -> 8/16Gi, reviewed in #123
```

The file is checked against schemas/plan-scope.schema.json (unknown keys
refused); each problem is a `LoadError` naming the line, for
`checks.inputs`. An address is a glob: `*` any run of characters, `?` one
character, everything else literal (so `runner["*"]` means what it says).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..loaders import LoadError, Source, attempt

SCHEMA = "plan-scope.schema.json"
# The words a scope entry may name; `replace` is either order of delete and
# create, `import` and `move` are the plan's importing and previous_address.
ACTIONS = ("create", "update", "delete", "replace", "forget", "read", "no-op", "import", "move")
DESTRUCTIVE = frozenset({"delete", "replace", "forget"})


def glob_regex(pattern: str) -> re.Pattern[str]:
    """`*` and `?` are wildcards; every other character is literal."""
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Entry:
    index: int
    line: int | None
    address: str
    actions: frozenset[str]
    reason: str | None
    regex: re.Pattern[str] = field(compare=False, repr=False)

    def covers(self, address: str, words: frozenset[str]) -> bool:
        """Does this entry allow a change of `address` doing `words`?"""
        return bool(self.regex.fullmatch(address)) and words <= self.actions

    def describe(self) -> str:
        return f"{self.address} [{', '.join(a for a in ACTIONS if a in self.actions)}]"


@dataclass
class Scope:
    rel: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[LoadError] = field(default_factory=list)

    def first_cover(self, address: str, words: frozenset[str]) -> Entry | None:
        return next((e for e in self.entries if e.covers(address, words)), None)

    def named(self, address: str) -> list[Entry]:
        """Entries whose glob matches `address`, whatever their actions."""
        return [e for e in self.entries if e.regex.fullmatch(address)]


def _entries(items: Iterable[tuple[int, int | None, Any]]) -> list[Entry]:
    out = []
    for index, line, item in items:
        reason = item.get("reason")
        out.append(
            Entry(
                index,
                line,
                str(item["address"]),
                frozenset(str(a) for a in item["actions"]),
                reason.strip() if isinstance(reason, str) and reason.strip() else None,
                glob_regex(str(item["address"])),
            )
        )
    return out


def load_scope(src: Source) -> Scope:
    """The scope at `src`; problems are kept, entries only from a valid file."""
    from ..loaders import schema
    from ..loaders.yamlfile import load_yaml

    doc, err = attempt(load_yaml, src)
    scope = Scope(src.rel)
    if err is not None:
        scope.problems.append(err)
        return scope
    errors = schema.validate(doc, schema.builtin_schema(SCHEMA))
    scope.problems = [LoadError(src.rel, e.line, f"scope {e.where}: {e.message}") for e in errors]
    if not scope.problems and isinstance(doc, dict):
        items = doc["allow"]
        scope.entries = _entries((i, items.line_of(i), item) for i, item in enumerate(items))
    return scope
