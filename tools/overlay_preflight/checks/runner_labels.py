"""Workflow labels a stack offers are capability-shaped, never identities.

Each deployed lane's label and every extra_runner_sets[*].runner_label must be
a shared label or `tinyland-<nix|docker|dind>` plus capability suffixes
(data/taxonomy.yaml). A label carrying an identity token (an estate project
name, or a word of the owner's or a repository's name) is repo-shaped. Known
compatibility lanes are left to `compatibility`.
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


def _identities(ctx: Context) -> frozenset[str]:
    """Estate project tokens, and tokens of the owner's slug and display
    name, of the overlay repository and of every anchor repository."""
    org = ctx.overlay.organization
    names: list[str] = []
    if org is not None:
        for value in (org.slug, org.text("owner", "display_name"), org.text("owner", "repository")):
            names.extend(p for p in (value or "").split("/") if p)
    for _, lane in overlay_facts.lanes(ctx):
        scope = GitHubScope.parse(lane.github_config_url)
        if scope:
            names.extend(p for p in (scope.owner, scope.repo) if p)
    return taxonomy_data.identity_tokens(*names)


def check(ctx: Context) -> Iterator[Finding]:
    identities: frozenset[str] | None = None
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
        carried = taxonomy_data.label_identity_tokens(label, identities)
        if carried:
            yield finding(
                REPO_SHAPED,
                tfvars.rel,
                line,
                f"{where} label {label!r} carries the identity token {carried[0]!r}",
            )
        else:
            yield finding(
                NOT_CAPABILITY,
                tfvars.rel,
                line,
                f"{where} label {label!r} is not a capability label",
            )
