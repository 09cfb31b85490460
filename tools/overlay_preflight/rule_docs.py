"""Each rule's documentation, written once: the registry's summary, severity,
suppressibility and hint, plus worked examples kept as data next to the
rules (`data/explain/<concern>.yaml`). `overlay-preflight explain RULE`
prints one section; `explain --all` writes docs/rule-reference.md, where
SARIF's `helpUri` points (`#<rule-id>`).

An example is the files to write into an empty directory and the command
line to run there (`run`, without the program name); the test suite runs
every example and checks that `fires` fires the rule and `passes` does not.
"""

from __future__ import annotations

import functools
import shlex
from dataclasses import dataclass
from typing import Any

from .registry import BLOCKER, Rule, Suppressible

DOCS_PATH = "docs/rule-reference.md"
DOCS_URL = "https://github.com/tinyland-inc/overlay-preflight/blob/main/" + DOCS_PATH


@dataclass(frozen=True)
class Example:
    run: tuple[str, ...]  # the command line after `overlay-preflight`
    files: dict[str, str]  # path -> content, written into an empty directory


@dataclass(frozen=True)
class Worked:
    fires: Example
    passes: Example
    fix: str | None  # how to fix it, beyond the hint


def help_uri(rule_id: str) -> str:
    return f"{DOCS_URL}#{rule_id}"


def _example(raw: Any) -> Example:
    return Example(
        tuple(str(a) for a in raw["run"]), {str(k): str(v) for k, v in raw["files"].items()}
    )


@functools.cache
def examples() -> dict[str, Worked]:
    """Every rule's worked example, from the packaged data files."""
    from . import data

    out: dict[str, Worked] = {}
    for item in sorted(data.source("explain").path.glob("*.yaml")):
        for rule_id, raw in (data.load(f"explain/{item.name}") or {}).items():
            fix = raw.get("fix")
            out[str(rule_id)] = Worked(
                _example(raw["fires"]), _example(raw["passes"]), str(fix).strip() if fix else None
            )
    return out


def _block(example: Example) -> list[str]:
    lines = []
    for path, text in example.files.items():
        lines += [f"`{path}`:", "", "```", text.rstrip("\n"), "```", ""]
    lines += ["```sh", shlex.join(["overlay-preflight", *example.run]), "```"]
    return lines


def _suppress(rule: Rule) -> list[str]:
    if rule.suppressible is Suppressible.NEVER:
        return ["It cannot be suppressed: fix the cause."]
    entry = [
        "```yaml",
        "# .overlay-preflight.yaml",
        "suppressions:",
        f"  - rule: {rule.id}",
        "    path: <the path the finding names>",
    ]
    if rule.suppressible is Suppressible.BY_FINGERPRINT:
        entry.append("    fingerprint: <the finding's fingerprint>")
    entry += ["    reason: <why this is reviewed and accepted>", "    expires: 2027-03-31", "```"]
    lines = ["After review, suppress one finding in the overlay's config:", "", *entry]
    if rule.suppressible is Suppressible.YES:
        lines += [
            "",
            "or where it stands, on the finding's line or the line above it (YAML, HCL, "
            "Starlark, Justfile, shell):",
            "",
            "```",
            f"# overlay-preflight: ignore[{rule.id}] <why this is reviewed and accepted>",
            "```",
        ]
    if rule.severity != BLOCKER:
        lines += ["", f"or accept it as expected under `--strict`: `--expect-warning {rule.id}`."]
    return lines


def section(rule: Rule, *, anchor: bool = True) -> str:
    """The rule's documentation as Markdown: what `explain` prints (there
    without the page's anchor)."""
    worked = examples().get(rule.id)
    lines = [
        f'### <a id="{rule.id}"></a>`{rule.id}`' if anchor else f"# {rule.id}",
        "",
        rule.summary,
        "",
        f"- severity: {rule.severity}",
        f"- suppressible: {rule.suppressible.value}",
        f"- concern: {rule.concern}",
        "",
        f"**How to fix.** {rule.hint}",
    ]
    if worked and worked.fix:
        lines += ["", worked.fix]
    if worked:
        lines += ["", "**Fires:**", "", *_block(worked.fires)]
        lines += ["", "**Does not fire:**", "", *_block(worked.passes)]
    else:
        lines += ["", "No worked example is recorded for this rule yet."]
    lines += ["", "**Suppressing.** " + _suppress(rule)[0], *_suppress(rule)[1:]]
    return "\n".join(lines) + "\n"


def reference(rules: dict[str, Rule]) -> str:
    """docs/rule-reference.md: every rule, by concern then id."""
    ordered = sorted(rules.values(), key=lambda r: (r.concern, r.id))
    done = sum(1 for r in ordered if r.id in examples())
    out = [
        "# Rule reference",
        "",
        "Generated from the rule registry and `tools/overlay_preflight/data/explain/` by",
        "`overlay-preflight explain --all > docs/rule-reference.md`; a test fails when it is",
        "out of date. `overlay-preflight explain RULE` prints one section. "
        f"{done} of {len(ordered)} rules carry a worked example.",
        "",
    ]
    concern = None
    for rule in ordered:
        if rule.concern != concern:
            concern = rule.concern
            out += [f"## {concern}", ""]
        out += [section(rule)]
    return "\n".join(out)
