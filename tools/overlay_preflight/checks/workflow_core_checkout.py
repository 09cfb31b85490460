"""The core checkout reads the core with the least-privilege credential: a
read-only deploy key (`ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}`), not
persisted, at the pinned ref. GF_CORE_READ_TOKEN is a compatibility fallback."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import registry
from ..loaders.yamlfile import LineDict
from ..model import kinds
from ..model.context import Context
from ..model.github import is_full_sha, normalize_repo
from ..report import Finding, finding
from .workflow_policy import core_repository, pinned_commit, reference

CONCERN = "workflows"
DEPLOY_KEY, READ_TOKEN, CORE_REF_ENV = "GF_CORE_DEPLOY_KEY", "GF_CORE_READ_TOKEN", "GF_CORE_REF"
CREDENTIAL = registry.rule(
    "core-read-credential",
    registry.BLOCKER,
    "The core checkout does not use the least-privilege core-read credential "
    "(ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }} with persist-credentials: false).",
    "Check the core out with ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }} (a read-only deploy "
    "key on the core repository) and persist-credentials: false; no other token.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
TOKEN_FALLBACK = registry.rule(
    "core-read-token-fallback",
    registry.WARNING,
    "The core checkout uses the compatibility fallback token GF_CORE_READ_TOKEN.",
    "Add a read-only deploy key to the core repository, store it as GF_CORE_DEPLOY_KEY and "
    "use ssh-key instead of token.",
    concern=CONCERN,
)
CHECKOUT_REF = registry.rule(
    "core-checkout-ref",
    registry.BLOCKER,
    "The core checkout's ref is neither the pinned commit nor ${{ env.GF_CORE_REF }}.",
    "Set ref: ${{ env.GF_CORE_REF }} (the workflow's core pin) or the pinned full SHA.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)

RULES = (CREDENTIAL, TOKEN_FALLBACK, CHECKOUT_REF)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

_CHECKOUT = re.compile(r"^actions/checkout@", re.IGNORECASE)


def _credential(rel: str, where: str, with_: LineDict, anchor: int) -> Iterator[Finding]:
    ssh, token = with_.get("ssh-key"), with_.get("token")
    if ssh is not None and token is not None:
        yield finding(
            CREDENTIAL,
            rel,
            with_.line_of("token"),
            f"{where} sets both ssh-key and token; use the deploy key alone",
        )
    elif ssh is not None:
        if reference(ssh, "secrets") != DEPLOY_KEY:
            yield finding(
                CREDENTIAL,
                rel,
                with_.line_of("ssh-key"),
                f"{where}: ssh-key is not ${{{{ secrets.{DEPLOY_KEY} }}}}",
            )
    elif token is not None:
        if reference(token, "secrets") == READ_TOKEN:
            yield finding(
                TOKEN_FALLBACK,
                rel,
                with_.line_of("token"),
                f"{where} reads the core with the fallback token {READ_TOKEN}",
            )
        else:
            yield finding(
                CREDENTIAL,
                rel,
                with_.line_of("token"),
                f"{where}: token is not the core-read credential; use ssh-key: "
                f"${{{{ secrets.{DEPLOY_KEY} }}}}",
            )
    else:
        yield finding(
            CREDENTIAL,
            rel,
            anchor,
            f"{where} names no core-read credential (ssh-key: ${{{{ secrets.{DEPLOY_KEY} }}}})",
        )
    persist = with_.get("persist-credentials")
    if persist is not False and str(persist).lower() != "false":
        yield finding(
            CREDENTIAL,
            rel,
            with_.lines.get("persist-credentials", anchor),
            f"{where} does not set persist-credentials: false, so the credential "
            "stays in the checkout",
        )


def _ref(
    rel: str, where: str, with_: LineDict, anchor: int, pinned: str | None
) -> Iterator[Finding]:
    ref = with_.get("ref")
    if reference(ref, "env") == CORE_REF_ENV:
        return
    if isinstance(ref, str) and is_full_sha(ref.lower()) and pinned in (None, ref.lower()):
        return
    shown = "no ref" if ref is None else f"ref {str(ref)[:80]!r}"
    yield finding(
        CHECKOUT_REF,
        rel,
        with_.lines.get("ref", anchor),
        f"{where} has {shown}; expected ${{{{ env.{CORE_REF_ENV} }}}} or the pinned "
        "commit" + (f" {pinned}" if pinned else ""),
    )


def check(ctx: Context) -> Iterator[Finding]:
    core = normalize_repo(core_repository(ctx))
    pinned = pinned_commit(ctx)
    for wf in ctx.overlay.workflows:
        for job_id, index, step in wf.steps():
            uses, with_ = step.get("uses"), step.get("with")
            if not (isinstance(uses, str) and _CHECKOUT.match(uses.strip())):
                continue
            if not isinstance(with_, LineDict) or normalize_repo(with_.get("repository")) != core:
                continue
            where = f"job {job_id} step {index + 1} (core checkout)"
            anchor = step.line_of("with")  # for settings that are missing
            yield from _credential(wf.rel, where, with_, anchor)
            yield from _ref(wf.rel, where, with_, anchor, pinned)
