"""Every `actions/checkout` step: `persist-credentials: false` (the token
must not stay in the checkout's git config for later steps), and no explicit
`token` / `ssh-key` on a checkout other than the core's (whose credential
the core access policy governs)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.context import Context
from ..model.github import normalize_repo
from ..report import Finding, finding
from . import workflow_core as core
from .workflow_policy import core_repository

CONCERN = "workflows"
PERSIST = registry.rule(
    "checkout-persist-credentials",
    registry.BLOCKER,
    "An actions/checkout step does not set persist-credentials: false, so its token stays "
    "in the checkout's git config for every later step.",
    "Add persist-credentials: false to the step's `with:`.",
    concern=CONCERN,
)
CREDENTIAL = registry.rule(
    "checkout-credential",
    registry.BLOCKER,
    "A checkout of a repository other than the core passes an explicit token or ssh-key.",
    "Drop the credential: the overlay's own checkout needs none beyond the job's token; "
    "core checkouts follow policy.core_access.",
    concern=CONCERN,
)

RULES = (PERSIST, CREDENTIAL)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})


def _persists(value: object) -> bool:
    return value is not False and str(value).strip().lower() != "false"


def check(ctx: Context) -> Iterator[Finding]:
    repo = normalize_repo(core_repository(ctx))
    for wf in ctx.overlay.workflows:
        for checkout in core.checkouts(wf):
            where = f"{checkout.where} (actions/checkout)"
            value = checkout.setting("persist-credentials")
            if _persists(value):
                shown = "does not set" if value is None else f"sets {str(value)[:20]!r} for"
                message = f"{where} {shown} persist-credentials (needs false)"
                line = checkout.setting_line("persist-credentials")
                yield finding(PERSIST, wf.rel, line, message, key=checkout.key(message))
            if normalize_repo(checkout.setting("repository")) == repo:
                continue
            for key in ("token", "ssh-key"):
                if checkout.setting(key) is not None:
                    message = f"{where} passes {key} to a checkout that is not the core's"
                    line = checkout.setting_line(key)
                    yield finding(CREDENTIAL, wf.rel, line, message, key=checkout.key(message))
