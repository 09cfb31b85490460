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

_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN = re.compile(
    r"((?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24})(?![A-Za-z0-9_%+-]|\.[A-Za-z0-9])"
)
_PHONE = re.compile(
    r"(?<![\w.+-])(?:\+?1[ .-])?(?:\(\d{3}\)|\d{3})[ .-]\d{3}[ .-]\d{4}(?!\d|\.\d|-\w)"
)
_PHONE_TAIL = re.compile(r"000[ .-]0000(?!0)")
_ZEROS = str.maketrans("123456789", "000000000")
_HOME = re.compile(r"/(?:home|Users)/([A-Za-z0-9._-]+)")
_HOME_BEFORE = re.compile(r"[\w.~/-]")
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


def _anchors(text: str, literal: str) -> Iterator[int]:
    """Every offset of `literal` in `text` (str.find: far faster than a
    regex scan of every position)."""
    at = text.find(literal)
    while at >= 0:
        yield at
        at = text.find(literal, at + 1)


def _emails(text: str, policy: Policy) -> Iterator[tuple[int, str]]:
    """Each `@` with a local part (up to 64 characters) before it and a
    domain after it."""
    for at in _anchors(text, "@"):
        start = at
        while start > 0 and at - start <= 64 and text[start - 1] in _LOCAL:
            start -= 1
        domain = _DOMAIN.match(text, at + 1)
        if start == at or at - start > 64 or domain is None:
            continue
        if not email_allowed(text[start:at], domain.group(1), policy):
            yield start, text[start : domain.end()]


def _phones(text: str) -> Iterator[tuple[int, str]]:
    """Candidates are found on the text with every digit made 0, where the
    pattern starts with a literal; the full pattern then checks each."""
    flat, last = text.translate(_ZEROS), -1
    for tail in _PHONE_TAIL.finditer(flat):
        m = _PHONE.search(text, max(0, tail.start() - 12), tail.end() + 2)
        if m is not None and m.end() == tail.end() and m.start() > last:
            last = m.start()
            yield m.start(), m.group(0)


def _homes(text: str) -> Iterator[tuple[int, str]]:
    for literal in ("/home/", "/Users/"):
        for at in _anchors(text, literal):
            m = _HOME.match(text, at)
            boundary = at == 0 or not _HOME_BEFORE.match(text[at - 1])
            if m is not None and boundary and m.group(1) not in NOT_PERSONAL_HOMES:
                yield at, m.group(0)


def personal_data(text: str, policy: Policy) -> Iterator[tuple[int, registry.Rule, str]]:
    """(offset, rule, value) of each piece of personal data in `text`."""
    for offset, value in _emails(text, policy):
        yield offset, EMAIL, value
    for offset, value in _phones(text):
        yield offset, PHONE, value
    for offset, value in _homes(text):
        yield offset, HOME_PATH, value


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
