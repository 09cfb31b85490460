"""Operator surface of the documentation: a Markdown code block or span
that a reader could copy and paste to mutate a cluster with raw `kubectl
apply`/`delete` (`apply -k`, `kustomize build | kubectl apply`) is a warning,
unless the sentence around it says not to (never, do not, avoid, ...)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import registry
from ..loaders import markdown
from ..loaders.shell import parse_script
from ..model import kinds, operations
from ..model.context import Context
from ..report import Finding, finding

RAW_KUBECTL = registry.rule(
    "doc-raw-kubectl",
    registry.WARNING,
    "Documentation shows a copy-paste raw `kubectl apply`/`delete` (or `apply -k`) that is "
    "not marked as something not to do.",
    "Point readers at the reviewed `just <stack>-apply` recipe, or say in the sentence that "
    "the command must not be run by hand.",
    concern="operator-surface",
)

RULES = (RAW_KUBECTL,)
NEEDS = frozenset({kinds.TEXTS})

SUFFIXES = (".md", ".markdown")
# Fenced blocks in these languages (or none) are shell; others are data.
SHELL_INFO = frozenset({"", "sh", "bash", "shell", "console", "zsh", "shell-session", "terminal"})
_NEGATED = re.compile(
    r"\b(?:no|not|never|don't|do\s+not|must\s+not|cannot|can't|without|avoid|instead\s+of|"
    r"rather\s+than|forbid(?:s|den)?|blocked|retired|deprecated|refuse[sd]?)\b",
    re.IGNORECASE,
)


def _prompts(text: str) -> str:
    """Console prompts (`$ `) removed, columns kept."""
    return "\n".join(
        "  " + line[2:] if line.startswith("$ ") else line for line in text.split("\n")
    )


def _may_mutate(text: str) -> bool:
    """Cheap test before parsing: the words the rule looks for are there."""
    return "kubectl" in text and ("apply" in text or "delete" in text)


def doc_findings(rel: str, text: str) -> Iterator[Finding]:
    seen: set[int] = set()
    if not _may_mutate(text):
        return
    for code in markdown.code(text):
        if code.info.lower() not in SHELL_INFO or not _may_mutate(code.text):
            continue
        if _NEGATED.search(code.context):
            continue
        lines = code.text.split("\n")
        for command in parse_script(_prompts(code.text), code.line).commands:
            verb = operations.kubectl_mutation(command, operations.DOC_KUBECTL_MUTATING)
            offset = command.line - code.line
            own = lines[offset] if 0 <= offset < len(lines) else ""  # its comment, say
            if not verb or command.line in seen or _NEGATED.search(own):
                continue
            seen.add(command.line)
            message = f"copy-paste raw `kubectl {verb}`"
            yield finding(RAW_KUBECTL, rel, command.line, message, key=" ".join(command.argv))


def check(ctx: Context) -> Iterator[Finding]:
    for rel, text in ctx.overlay.texts.items():
        if rel.lower().endswith(SUFFIXES):
            yield from doc_findings(rel, text)
