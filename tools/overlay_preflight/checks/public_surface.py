"""The public surface of a public overlay (policy.visibility: public): no
personal data in its text files. A personal email address (anything but the
role addresses of policy.pii.allow_emails, the domains of
policy.pii.allow_domains, example.* and git@github.com), a phone number in
separator form, or a `/home/<user>` or `/Users/<user>` path is a blocker,
except in policy.pii.exempt_paths. Findings name the kind, file and line,
never the value (the fingerprint is a digest of it)."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Iterator

from .. import registry
from ..model import kinds
from ..model.config import Policy
from ..model.context import Context
from ..report import Finding, finding

CONCERN = "public-surface"
_HINT = (
    "Replace it with a role address or a placeholder (example.com, <user>), or list the "
    "file in policy.pii.exempt_paths after review."
)
EMAIL = registry.rule(
    "public-email",
    registry.BLOCKER,
    "A file of a public overlay holds an email address that is not an allowed role address.",
    "Use a role address listed in policy.pii.allow_emails (or a domain in allow_domains); " + _HINT,
    concern=CONCERN,
)
PHONE = registry.rule(
    "public-phone-number",
    registry.BLOCKER,
    "A file of a public overlay holds a phone number.",
    _HINT,
    concern=CONCERN,
)
HOME_PATH = registry.rule(
    "public-home-path",
    registry.BLOCKER,
    "A file of a public overlay holds a personal home directory path (/home/<user>, "
    "/Users/<user>).",
    "Use a path relative to the checkout, $HOME, or ~; " + _HINT,
    concern=CONCERN,
)

RULES = (EMAIL, PHONE, HOME_PATH)
NEEDS = frozenset({kinds.TEXTS})

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})"
    r"(?![A-Za-z0-9_%+-]|\.[A-Za-z0-9])"
)
_PHONE = re.compile(
    r"(?<![\w.+-])(?:\+?1[ .-])?(?:\(\d{3}\)|\d{3})[ .-]\d{3}[ .-]\d{4}(?!\d|\.\d|-\w)"
)
_HOME = re.compile(r"(?<![\w.~/-])/(?:home|Users)/([A-Za-z0-9._-]+)")
# Home directories that belong to no person: the runner image's user, system
# accounts and documentation placeholders.
NOT_PERSONAL_HOMES = frozenset({"runner", "linuxbrew", "Shared", "user", "username", "you"})
ALWAYS_ALLOWED_EMAILS = frozenset({"git@github.com"})


def email_allowed(local: str, domain: str, policy: Policy) -> bool:
    address, domain = f"{local}@{domain}".lower(), domain.lower()
    labels = domain.split(".")
    if address in ALWAYS_ALLOWED_EMAILS or "example" in labels[:-1]:
        return True
    if address in {e.lower() for e in policy.pii_allow_emails}:
        return True
    allowed = {d.lower().lstrip("@") for d in policy.pii_allow_domains}
    return any(domain == d or domain.endswith("." + d) for d in allowed)


def exempt(rel: str, patterns: tuple[str, ...]) -> bool:
    return any(
        rel == p or (p.endswith("/") and rel.startswith(p)) or fnmatch.fnmatchcase(rel, p)
        for p in patterns
    )


def personal_data(text: str, policy: Policy) -> Iterator[tuple[int, registry.Rule, str]]:
    """(offset, rule, value) of each piece of personal data in `text`."""
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not email_allowed(m.group(1), m.group(2), policy):
                yield m.start(), EMAIL, m.group(0)
    for m in _PHONE.finditer(text):
        yield m.start(), PHONE, m.group(0)
    if "/home/" in text or "/Users/" in text:
        for m in _HOME.finditer(text):
            if m.group(1) not in NOT_PERSONAL_HOMES:
                yield m.start(), HOME_PATH, m.group(0)


_KINDS = {EMAIL.id: "email address", PHONE.id: "phone number", HOME_PATH.id: "home directory path"}


def check(ctx: Context) -> Iterator[Finding]:
    policy = ctx.policy
    if policy.visibility != "public":
        return
    for rel, text in sorted(ctx.overlay.texts.items()):
        if exempt(rel, policy.pii_exempt_paths):
            continue
        line, at, seen = 1, 0, set()
        for offset, rule, value in sorted(personal_data(text, policy), key=lambda f: f[0]):
            line, at = line + text.count("\n", at, offset), offset
            if (rule.id, line) in seen:
                continue
            seen.add((rule.id, line))
            digest = hashlib.sha256(value.encode("utf-8", "surrogateescape")).hexdigest()
            message = f"{_KINDS[rule.id]} in a public file (value not shown)"
            yield finding(rule, rel, line, message, key=digest)
