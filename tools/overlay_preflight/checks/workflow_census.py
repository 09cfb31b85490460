"""The workflow files themselves: GitHub runs `.yml` and `.yaml` alike, so
two workflows with one basename (`ci.yml` and `ci.yaml`) are two workflows
that read as one, and a reviewer who looked at one has not seen the other."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "workflows"
DUPLICATE = registry.rule(
    "workflow-duplicate-basename",
    registry.WARNING,
    "Two workflow files share a basename as .yml and .yaml; both run, and one hides behind "
    "the other.",
    "Merge them into one file, or rename one so each workflow has its own name.",
    concern=CONCERN,
)

RULES = (DUPLICATE,)
NEEDS = frozenset({kinds.WORKFLOWS})


def check(ctx: Context) -> Iterator[Finding]:
    by_stem: dict[str, list[str]] = {}
    for src in ctx.overlay.files.workflows:
        stem, ext = posixpath.splitext(src.rel)
        if ext.lower() in (".yml", ".yaml"):
            by_stem.setdefault(stem.lower(), []).append(src.rel)
    for rels in by_stem.values():
        first, *others = sorted(rels)
        for rel in others:
            yield finding(DUPLICATE, rel, 1, f"{rel} and {first} are two workflows of one name")
