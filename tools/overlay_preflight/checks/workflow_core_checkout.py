"""The core checkout: the credential the overlay's core access policy allows,
the pinned ref, and a step right after it that fails unless HEAD is that ref.

`.overlay-preflight.yaml` `policy.core_access` says how the core is read:
`public` (no credential at all), `private` (exactly the read-only deploy key,
`ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}`), or unset (either of those; the
retired GF_CORE_READ_TOKEN is a warning). The core's visibility has changed
more than once, so the policy is declared, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry
from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict, LineList
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding
from . import workflow_core as core
from . import workflow_shell
from .workflow_core import CORE_REF, DEPLOY_KEY, READ_TOKEN, Checkout
from .workflow_expressions import secret_names, unwrap
from .workflow_policy import reference

CONCERN = "workflows"
CREDENTIAL = registry.rule(
    "core-read-credential",
    registry.BLOCKER,
    "A core checkout carries a credential the overlay's core access policy does not allow "
    "(public: none; private: exactly the deploy key; unset: none or the deploy key), or a "
    "workflow reads a core credential the declared policy retires.",
    "Use ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }} (a read-only deploy key) when the core "
    "is private and nothing when it is public; declare which in .overlay-preflight.yaml "
    "policy.core_access.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
TOKEN_FALLBACK = registry.rule(
    "core-read-token-fallback",
    registry.WARNING,
    "A core checkout uses the retired fallback token GF_CORE_READ_TOKEN.",
    "Use the read-only deploy key (ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}), or no "
    "credential when the core is public.",
    concern=CONCERN,
)
CHECKOUT_REF = registry.rule(
    "core-checkout-ref",
    registry.BLOCKER,
    "A core checkout's ref is not the pinned commit (${{ env.GF_CORE_REF }}, the full SHA, "
    "or a workflow variable holding a full SHA).",
    "Set ref: ${{ env.GF_CORE_REF }} with GF_CORE_REF: <full sha> in the workflow's env.",
    concern=CONCERN,
    suppressible=registry.Suppressible.NEVER,
)
HEAD_UNVERIFIED = registry.rule(
    "core-head-unverified",
    registry.BLOCKER,
    "No step right after a core checkout fails unless the checkout's HEAD is the pinned ref "
    "(under the same `if:`, without continue-on-error).",
    "Follow the checkout with a step that runs git -C <path> rev-parse HEAD, compares it with "
    '"${GF_CORE_REF}" and exits 1 on a mismatch; same `if:` as the checkout.',
    concern=CONCERN,
)

RULES = (CREDENTIAL, TOKEN_FALLBACK, CHECKOUT_REF, HEAD_UNVERIFIED)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

_POLICY_WORDS = {
    None: "core_access unset",
    "public": "core_access: public",
    "private": "core_access: private",
}


def _credential(checkout: Checkout, access: str | None) -> Iterator[Finding]:
    ssh, token = checkout.setting("ssh-key"), checkout.setting("token")
    where, policy = f"{checkout.where} (core checkout)", _POLICY_WORDS.get(access, "")
    deploy_key = ssh is not None and reference(ssh, "secrets") == DEPLOY_KEY
    if ssh is not None and not deploy_key:
        line, what = checkout.setting_line("ssh-key"), "an ssh-key that is not the deploy key"
    elif token is not None and reference(token, "secrets") == READ_TOKEN and ssh is None:
        if access is None:
            message = f"{where} reads the core with the retired token {READ_TOKEN}"
            line = checkout.setting_line("token")
            yield finding(TOKEN_FALLBACK, checkout.wf.rel, line, message, key=checkout.key(message))
            return
        line, what = checkout.setting_line("token"), f"the token {READ_TOKEN}"
    elif token is not None:
        line, what = checkout.setting_line("token"), "a token"
    elif deploy_key and access == "public":
        line, what = checkout.setting_line("ssh-key"), f"the deploy key {DEPLOY_KEY}"
    elif ssh is None and access == "private":
        line, what = checkout.line, "no credential"
    else:
        return
    wanted = {
        None: f"no credential or exactly ssh-key: ${{{{ secrets.{DEPLOY_KEY} }}}}",
        "public": "no credential (the core is public)",
        "private": f"exactly ssh-key: ${{{{ secrets.{DEPLOY_KEY} }}}}",
    }.get(access, "")
    yield finding(
        CREDENTIAL, checkout.wf.rel, line, f"{where} has {what}; {policy} allows {wanted}"
    )


def _ref(ctx: Context, checkout: Checkout) -> Iterator[Finding]:
    ref = checkout.setting("ref")
    name, literal = core.ref_names(checkout)
    where, line = f"{checkout.where} (core checkout)", checkout.setting_line("ref")
    if name is not None:
        found, value = core.env_value(checkout.wf, checkout.job, checkout.step, name)
        if not found:
            yield finding(
                CHECKOUT_REF,
                checkout.wf.rel,
                line,
                f"{where} reads ${{{{ env.{name} }}}} but the workflow defines no {name}, "
                "so it checks out the default branch",
            )
        elif name != CORE_REF and core.sha(value) is None:
            yield finding(
                CHECKOUT_REF,
                checkout.wf.rel,
                line,
                f"{where} reads {name}, which is not a full commit SHA",
            )
        return
    allowed = core.allowed_shas(ctx, checkout.wf.rel)
    if literal is not None and (literal in allowed or not allowed):
        return
    shown = "no ref" if ref is None else f"ref {str(ref)[:80]!r}"
    yield finding(
        CHECKOUT_REF,
        checkout.wf.rel,
        line,
        f"{where} has {shown}; expected ${{{{ env.{CORE_REF} }}}} or the pinned commit",
    )


def _condition(step: object) -> str:
    value = step.get("if") if isinstance(step, dict) else None
    return " ".join((unwrap(value) or "").split())


def _asserts(checkout: Checkout, step: object, pin: workflow_shell.Pin) -> bool:
    if not isinstance(step, dict) or not isinstance(step.get("run"), str):
        return False
    wf, job = checkout.wf, checkout.job
    shell = core.shell_of(wf, job, step)  # type: ignore[arg-type]
    if not workflow_shell.is_shell(shell):
        return False
    workdir = core.working_directory(wf, job, step)  # type: ignore[arg-type]
    return workflow_shell.asserts_head(step["run"], pin, workdir, workflow_shell.errexit(shell))


def _head(checkout: Checkout) -> Iterator[Finding]:
    """The assertion may follow other checkouts and their assertions, nothing else."""
    pin, rel = core.head_pin(checkout), checkout.wf.rel
    later = core.steps(checkout.job)[checkout.index + 1 :]
    where = f"{checkout.where} (core checkout at {pin.directory})"
    for step in later:
        if _asserts(checkout, step, pin):
            if _condition(step) != _condition(checkout.step):
                message = (
                    f"the HEAD assertion after {where} runs under another `if:` than the checkout"
                )
                line = step.line_of("if") if "if" in step else step.line
                yield finding(HEAD_UNVERIFIED, rel, line, message, key=checkout.key(message))
            soft = step.get("continue-on-error")
            if soft is not None and soft is not False and str(soft).lower() != "false":
                message = (
                    f"the HEAD assertion after {where} has continue-on-error, so it cannot fail"
                )
                line = step.line_of("continue-on-error")
                yield finding(HEAD_UNVERIFIED, rel, line, message, key=checkout.key(message))
            return
        if core.is_checkout(step.get("uses")) or _asserts_any(checkout, step):
            continue
        break
    message = f"{where}: no following step fails unless HEAD is the pinned ref"
    yield finding(HEAD_UNVERIFIED, rel, checkout.line, message, key=checkout.key(message))


def _asserts_any(checkout: Checkout, step: object) -> bool:
    """An assertion of another checkout of the same job (any ref, any path)."""
    run = step.get("run") if isinstance(step, dict) else None
    if not isinstance(run, str):
        return False
    return any(
        other.index != checkout.index and _asserts(other, step, core.head_pin(other))
        for other in core.checkouts(checkout.wf)
        if other.job_id == checkout.job_id
    )


# Core credentials a declared policy retires everywhere in a workflow, not only
# on the checkout (an env variable can carry them to any step).
_RETIRED = {"public": (DEPLOY_KEY, READ_TOKEN), "private": (READ_TOKEN,)}


def _strays(wf: Workflow, access: str | None, checkouts: list[Checkout]) -> Iterator[Finding]:
    retired = _RETIRED.get(access or "", ())
    on_checkouts = {id(c.with_) for c in checkouts}

    def walk(value: object, line: int) -> Iterator[Finding]:
        if isinstance(value, str):
            for name in secret_names(value):
                if name in retired:
                    yield finding(
                        CREDENTIAL,
                        wf.rel,
                        line,
                        f"the workflow reads secrets.{name}, which {_POLICY_WORDS[access]} retires",
                    )
        elif isinstance(value, LineDict) and id(value) not in on_checkouts:
            for key, item in value.items():
                yield from walk(item, value.line_of(key))
        elif isinstance(value, LineList):
            for i, item in enumerate(value):
                yield from walk(item, value.line_of(i))

    if retired:
        yield from walk(wf.data, wf.data.line)


def check(ctx: Context) -> Iterator[Finding]:
    access = ctx.policy.core_access
    for wf in ctx.overlay.workflows:
        checkouts = list(core.core_checkouts(ctx, wf))
        for checkout in checkouts:
            yield from _credential(checkout, access)
            yield from _ref(ctx, checkout)
            yield from _head(checkout)
        yield from _strays(wf, access, checkouts)
