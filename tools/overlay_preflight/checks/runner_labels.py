"""Workflow labels a stack offers are capability-shaped, never identities.

Each deployed lane's label and every extra_runner_sets[*].runner_label must be
a shared label or `tinyland-<nix|docker|dind>` plus capability suffixes
(data/taxonomy.yaml). Known compatibility lanes are left to `compatibility`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds, taxonomy_data
from ..model.context import Context
from ..model.github import GitHubScope
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "taxonomy"
REPO_SHAPED = registry.rule(
    "runner-label-repo-shaped",
    registry.BLOCKER,
    "A workflow label carries an owner, repository or project name instead of a capability.",
    "Request a shared capability label (tinyland-nix, ...); identities belong in release "
    "and scale-set names, never in labels.",
    concern=CONCERN,
)
NOT_CAPABILITY = registry.rule(
    "runner-label-not-capability",
    registry.BLOCKER,
    "A workflow label is not capability-shaped (a shared label, or "
    "tinyland-<nix|docker|dind> plus known capability suffixes).",
    "Use a shared label, or add a real capability suffix to data/taxonomy.yaml in the core "
    "taxonomy first.",
    concern=CONCERN,
)

RULES = (REPO_SHAPED, NOT_CAPABILITY)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


def _identities(ctx: Context) -> set[str]:
    """Owner slug, overlay repository and every anchor repository, lower-case."""
    org = ctx.overlay.organization
    names = set()
    if org is not None:
        for value in (org.slug, org.text("owner", "repository")):
            names.update(p for p in (value or "").lower().split("/") if p)
    for _, lane in overlay_facts.lanes(ctx):
        scope = GitHubScope.parse(lane.github_config_url)
        if scope:
            names.update(p.lower() for p in (scope.owner, scope.repo) if p)
    return names


def check(ctx: Context) -> Iterator[Finding]:
    identities = None
    for tfvars, lane in overlay_facts.lanes(ctx, product_only=True):
        label = lane.label
        if label and taxonomy_data.is_capability_label(label):
            continue
        where = overlay_facts.describe(lane)
        line = lane.line("label")
        if not label:
            yield finding(NOT_CAPABILITY, tfvars.rel, line, f"{where} has no runner_label")
            continue
        if identities is None:
            identities = _identities(ctx)
        carried = sorted(n for n in identities if n in label.lower())
        if carried:
            yield finding(
                REPO_SHAPED,
                tfvars.rel,
                line,
                f"{where} label {label!r} carries the identity {carried[0]!r}",
            )
        else:
            yield finding(
                NOT_CAPABILITY,
                tfvars.rel,
                line,
                f"{where} label {label!r} is not a capability label",
            )
