"""The substrate boundary: the overlay reaches the cluster substrate
(policy.substrate.repository, e.g. tinyland-inc/blahaj) only through named
interfaces. In code surfaces (tofu/, workflows and actions, scripts/, k8s/,
config/, the Justfile, flake.nix, Bazel files; Markdown is exempt) a
reference to the substrate repository, a sibling-checkout path into it
(`../<name>`, `~/git/<name>`) or an OpenTofu state key under its `<name>/`
prefix is a blocker unless an entry of the allowlist file
(policy.substrate.allowlist) covers the path: `path_prefix`, `interface`,
`provenance: {decision, date}`."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import registry
from ..loaders import LoadError
from ..loaders.jsonfile import load_json_text
from ..loaders.yamlfile import LineDict, LineList
from ..model import kinds, state_keys
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "substrate"
REACH = registry.rule(
    "substrate-reach",
    registry.BLOCKER,
    "A code surface reaches into the substrate repository (a repository reference, a "
    "sibling-checkout path, a state key under its prefix) outside any allowlisted interface.",
    "Consume the substrate through a declared interface, or add an allowlist entry "
    "(path_prefix, interface, provenance {decision, date}) after review.",
    concern=CONCERN,
)
ALLOWLIST_INVALID = registry.rule(
    "substrate-allowlist-invalid",
    registry.BLOCKER,
    "The substrate allowlist is missing, does not parse, or has an entry without "
    "path_prefix, interface and provenance {decision, date}.",
    "Give every entry a path_prefix, the interface it uses and provenance: the decision "
    "and its date (YYYY-MM-DD).",
    concern=CONCERN,
)

RULES = (REACH, ALLOWLIST_INVALID)
NEEDS = frozenset({kinds.TEXTS})

CODE_DIRS = ("tofu/", "scripts/", "k8s/", "config/", ".github/workflows/", ".github/actions/")
CODE_FILES = frozenset(
    {"Justfile", "justfile", "flake.nix", "MODULE.bazel", "BUILD.bazel", "BUILD",
     "WORKSPACE", "WORKSPACE.bazel", "WORKSPACE.bzlmod"}
)  # fmt: skip


def is_code_surface(rel: str) -> bool:
    if rel.lower().endswith((".md", ".markdown")):
        return False
    name = rel.rpartition("/")[2]
    return rel.startswith(CODE_DIRS) or name in CODE_FILES or name.endswith(".bzl")


@dataclass(frozen=True)
class Entry:
    path_prefix: str
    line: int


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _date(value: Any) -> bool:
    try:
        datetime.date.fromisoformat(str(value))
    except ValueError:
        return False
    return len(str(value)) == 10


def _entry_problem(item: Any) -> str | None:
    if not isinstance(item, dict):
        return "is not an object"
    missing = [k for k in ("path_prefix", "interface") if not _text(item.get(k))]
    provenance = item.get("provenance")
    if not isinstance(provenance, dict):
        missing.append("provenance")
    else:
        missing += [f"provenance.{k}" for k in ("decision",) if not _text(provenance.get(k))]
        if not _date(provenance.get("date")):
            missing.append("provenance.date (YYYY-MM-DD)")
    return f"lacks {', '.join(missing)}" if missing else None


def allowlist(ctx: Context, rel: str, report: list[Finding]) -> list[Entry]:
    """The valid entries of the allowlist; its problems go to `report`."""
    text = ctx.overlay.texts.get(rel)
    if text is None:
        report.append(finding(ALLOWLIST_INVALID, rel, None, "allowlist file not found"))
        return []
    try:
        doc = load_json_text(text, rel)
    except LoadError as err:
        report.append(finding(ALLOWLIST_INVALID, rel, err.line, err.message))
        return []
    items = doc.get("allowed") if isinstance(doc, LineDict) else None
    if not isinstance(items, LineList):
        line = getattr(doc, "line", None)
        report.append(finding(ALLOWLIST_INVALID, rel, line, "no `allowed` list of entries"))
        return []
    entries = []
    for index, item in enumerate(items):
        problem = _entry_problem(item)
        if problem:
            message = f"entry {index + 1} {problem}"
            report.append(finding(ALLOWLIST_INVALID, rel, items.line_of(index), message))
        else:
            entries.append(
                Entry(item["path_prefix"].strip().removeprefix("./"), items.line_of(index))
            )
    return entries


def _patterns(repository: str) -> dict[str, re.Pattern[str]]:
    name = re.escape(repository.rpartition("/")[2])
    end = r"(?![A-Za-z0-9_-])"
    return {
        "repository reference": re.compile(
            rf"(?<![A-Za-z0-9_.-]){re.escape(repository)}{end}", re.IGNORECASE
        ),
        "sibling-checkout path": re.compile(
            rf"(?:\.\./|~/git/|\$HOME/git/|\$\{{HOME\}}/git/|/git/){name}{end}"
        ),
    }


def reaches(rel: str, text: str, repository: str) -> Iterator[tuple[int, str]]:
    """(line, kind) of every reach in one file."""
    name = repository.rpartition("/")[2]
    if name.lower() not in text.lower():
        return
    for kind, pattern in _patterns(repository).items():
        line, at = 1, 0
        for match in pattern.finditer(text):
            line, at = line + text.count("\n", at, match.start()), match.start()
            yield line, kind
    for line in state_keys.state_keys(rel, text, name):
        yield line, "state key"


def check(ctx: Context) -> Iterator[Finding]:
    repository = ctx.policy.substrate_repository
    if not repository:
        return
    problems: list[Finding] = []
    listed = ctx.policy.substrate_allowlist
    entries = allowlist(ctx, listed, problems) if listed else []
    yield from problems
    for rel, text in sorted(ctx.overlay.texts.items()):
        if rel == listed or not is_code_surface(rel):
            continue
        if any(rel.startswith(e.path_prefix) for e in entries):
            continue
        lines = text.split("\n")
        for line, kind in sorted(set(reaches(rel, text, repository))):
            content = " ".join(lines[line - 1].split()) if line <= len(lines) else ""
            message = f"{kind} to {repository}"
            yield finding(REACH, rel, line, message, key=f"{kind}\0{content}")
