"""One redaction step for every text a report carries.

A finding's message may quote a value from the overlay (a remote, an image, a
label, a ref, a duplicate key, a tool's error line), and reports land in a
cache and in code-scanning UIs that every owner can read. So before a message
becomes a finding (`report.finding`) and again before any renderer writes a
report (`render.render`), every text goes through `redact`:

- the userinfo of a URL (`https://user:token@host`, `docker://u:p@registry`)
  becomes `***`;
- a value the secret scan would flag (the estate's patterns; detect-secrets'
  detectors on a long token-shaped run), or a truncated token that still
  starts like one (`ghp_`, `glpat-`, `AKIA`...), becomes `***`.

`render.clean` applies it to a whole report before any renderer runs.
"""

from __future__ import annotations

import re

MASK = "***"

# scheme://userinfo@ : the scheme is bounded so the search stays linear.
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]{0,30}://)[^/?#@\s'\"<>`]{1,512}@")
# Tokens that start like a known credential, even cut short by a message's
# length limit (the full shapes live in data/secret_patterns.yaml).
_PREFIXED = re.compile(
    r"\b(?:(?:gh[pousr]_|github_pat_|glpat-|gldt-|glrt-|glcbt-|xox[abposr]-|[sr]k_live_|"
    r"sk-proj-|npm_|pypi-|AGE-SECRET-KEY-1|tskey-|SG\.|eyJ)[A-Za-z0-9_\-.+/=]{8,}"
    r"|(?:AKIA|ASIA)[A-Z0-9]{12,})"
)
# A run long enough to be a token: only such texts go through detect-secrets.
_TOKENISH = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")
_HEX = re.compile(r"[0-9a-fA-F]+")


def _scanned_values(text: str) -> list[str]:
    from . import secret_scan

    deep = any(not _HEX.fullmatch(m.group(0)) for m in _TOKENISH.finditer(text))
    return secret_scan.values_in(text, detectors=deep)


def redact(text: str) -> str:
    """`text` with every credential it quotes replaced by `***`."""
    if not text:
        return text
    out = _USERINFO.sub(lambda m: m.group(1) + MASK + "@", text)
    values = sorted(set(_scanned_values(out)), key=len, reverse=True)
    out = _PREFIXED.sub(MASK, out)
    for value in values:
        if len(value) >= 4:
            out = out.replace(value, MASK)
    return out


def escape_surrogates(text: str) -> str:
    """Lone surrogates as escapes: `\\xNN` for an undecodable byte of a file
    name (surrogateescape), `\\udNNN` for any other."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    out = []
    for ch in text:
        if "\udc80" <= ch <= "\udcff":
            out.append(f"\\x{ord(ch) - 0xDC00:02x}")
        elif "\ud800" <= ch <= "\udfff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
