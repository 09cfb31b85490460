"""Where ARC registers: github_config_url at the owner's org scope, or a
repository scope (a registration anchor) when the operator allows it.

A URL is https://github.com/<owner>[/<repo>]; another host only when the
overlay's policy lists it (`registration_hosts`, GitHub Enterprise Server).
Every extra_runner_sets entry carries its own github_config_url (the core's
variable type requires it: nothing is inherited from the top level); the
top-level one is optional (the core's default applies) and judged when set.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..model.github import GitHubScope
from ..report import Finding, finding
from . import overlay_facts

CONCERN = "registration"
ANCHOR = registry.rule(
    "repo-registration-anchor",
    registry.WARNING,
    "ARC registers at repository scope: a registration anchor, allowed by "
    "--allow-repo-registration-anchor (expected for a personal account).",
    "Declare it in strict runs with --expect-warning repo-registration-anchor; move to org "
    "scope when the owner can register there.",
    concern=CONCERN,
)
ANCHOR_UNALLOWED = registry.rule(
    "repo-registration-anchor-unallowed",
    registry.BLOCKER,
    "ARC registers at repository scope, but --allow-repo-registration-anchor was not given.",
    "Register at the owner's org scope (https://github.com/<Org>); for a personal account, "
    "pass --allow-repo-registration-anchor.",
    concern=CONCERN,
)
URL_INVALID = registry.rule(
    "registration-url-invalid",
    registry.BLOCKER,
    "A github_config_url is not https://github.com/<owner>[/<repo>] (or a host listed in "
    "policy.registration_hosts), or an extra_runner_sets entry has none.",
    "Write the literal URL of the owner (org scope) or of the anchor repository; list a "
    "GitHub Enterprise host in .overlay-preflight.yaml policy.registration_hosts.",
    concern=CONCERN,
)
OWNER_MISMATCH = registry.rule(
    "registration-owner-mismatch",
    registry.BLOCKER,
    "A github_config_url registers under another owner than owner.slug.",
    "Register only under this overlay's own owner; another owner's lanes belong in its overlay.",
    concern=CONCERN,
)
URL_MISMATCH = registry.rule(
    "registration-url-mismatch",
    registry.BLOCKER,
    "The tfvars github_config_url differs from owner.github_config_url in organization.yaml.",
    "Make both name the same registration scope.",
    concern=CONCERN,
)

RULES = (ANCHOR, ANCHOR_UNALLOWED, URL_INVALID, OWNER_MISMATCH, URL_MISMATCH)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.TFVARS})


GITHUB = "github.com"


def parse_url(value: object) -> GitHubScope | None:
    """The registration scope of a github_config_url; None when malformed."""
    return GitHubScope.parse(value)


def _host_allowed(ctx: Context, host: str) -> bool:
    allowed = {GITHUB, *(h.lower() for h in ctx.policy.registration_hosts)}
    return host.lower() in allowed


def _judge(
    ctx: Context,
    slug: str | None,
    rel: str,
    line: int | None,
    where: str,
    value: object,
    *,
    anchors: bool,
) -> Iterator[Finding]:
    scope = parse_url(value)
    if scope is None:
        shown = "is not set" if value is None else "is not https://github.com/<owner>[/<repo>]"
        yield finding(URL_INVALID, rel, line, f"{where} {shown}")
        return
    if not _host_allowed(ctx, scope.host):
        yield finding(
            URL_INVALID,
            rel,
            line,
            f"{where} names host {scope.host!r}, not {GITHUB} (nor a host in "
            "policy.registration_hosts)",
        )
        return
    if slug and scope.owner.lower() != slug.lower():
        yield finding(
            OWNER_MISMATCH,
            rel,
            line,
            f"{where} registers under {scope.owner!r}, not owner.slug {slug!r}",
        )
    elif anchors and scope.repo:
        allowed = ctx.options.allow_repo_registration_anchor
        yield finding(
            ANCHOR if allowed else ANCHOR_UNALLOWED,
            rel,
            line,
            f"{where} registers at repository scope: anchor {scope.name}",
        )


def check(ctx: Context) -> Iterator[Finding]:
    org = ctx.overlay.organization
    slug = org.slug if org else None
    declared = org.get("owner", "github_config_url") if org else None
    if org is not None and declared is not None:
        yield from _judge(
            ctx,
            slug,
            org.rel,
            org.line("owner", "github_config_url"),
            "owner.github_config_url",
            declared,
            anchors=False,
        )
    for tfvars in ctx.overlay.tfvars:
        if "github_config_url" not in tfvars.values:
            continue  # the core's default applies; only what is declared is judged
        main = tfvars.get("github_config_url")
        line = tfvars.line("github_config_url")
        yield from _judge(ctx, slug, tfvars.rel, line, "github_config_url", main, anchors=True)
        ours, theirs = parse_url(main), parse_url(declared)
        # A different owner is registration-owner-mismatch; here: one owner, two scopes.
        if (
            ours
            and theirs
            and ours.owner.lower() == theirs.owner.lower()
            and ours.name.lower() != theirs.name.lower()
        ):
            yield finding(
                URL_MISMATCH,
                tfvars.rel,
                line,
                f"github_config_url registers {ours.name}, but "
                f"owner.github_config_url registers {theirs.name}",
            )
    for tfvars, lane in overlay_facts.lanes(ctx):
        if lane.extra and "github_config_url" not in lane.paths:
            yield finding(
                URL_INVALID,
                tfvars.rel,
                lane.line("lane"),
                f"{overlay_facts.describe(lane)} has no github_config_url (the core's "
                "variable type requires one per entry; nothing is inherited)",
            )
        elif lane.extra:
            yield from _judge(
                ctx,
                slug,
                tfvars.rel,
                lane.line("github_config_url"),
                f"{overlay_facts.describe(lane)}.github_config_url",
                lane.github_config_url,
                anchors=True,
            )
