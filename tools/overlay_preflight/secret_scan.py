"""Plain-text secrets in text: the estate's patterns (data/secret_patterns.yaml)
plus the token detectors of detect-secrets, run in-process line by line.

A Hit keeps the value only to hash and redact it; nothing here prints it.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import re
from dataclasses import dataclass, field

MIN_VALUE = 8  # shorter detect-secrets values are a prefix group; key on the line


@dataclass(frozen=True)
class Hit:
    kind: str
    line: int
    value: str = field(repr=False)

    @property
    def redacted(self) -> str:
        return f"'{self.value[:4]}...' ({len(self.value)} chars)"

    @property
    def key(self) -> str:
        """The finding key: a digest of the secret value, never the value."""
        return hashlib.sha256(self.value.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern
    group: int
    paths: tuple[str, ...] = ()  # globs of the files it applies to; () is every file

    def applies(self, rel: str) -> bool:
        name = rel.rpartition("/")[2]
        return not self.paths or any(fnmatch.fnmatchcase(name, p) for p in self.paths)


@functools.cache
def _data() -> dict:
    from . import data as packaged

    raw = dict(packaged.load("secret_patterns.yaml"))
    raw["compiled"] = tuple(
        _Pattern(
            p["kind"], re.compile(p["regex"]), int(p.get("group", 0)), tuple(p.get("paths", ()))
        )
        for p in raw["patterns"]
    )
    raw["pem_begin_rx"] = re.compile(raw["pem_begin"])
    raw["pem_end_rx"] = re.compile(raw["pem_end"])
    return raw


def _own(lines: list[str], rel: str = "") -> list[Hit]:
    data, hits = _data(), []
    patterns = [p for p in data["compiled"] if p.applies(rel)]
    for number, line in enumerate(lines, 1):
        for p in patterns:
            hits.extend(Hit(p.kind, number, m.group(p.group)) for m in p.regex.finditer(line))
        if data["pem_begin_rx"].search(line):
            block = [line.strip()]
            for follow in lines[number:]:
                block.append(follow.strip())
                if data["pem_end_rx"].search(follow):
                    break
            hits.append(Hit("PEM private key block", number, "\n".join(block)))
    return hits


@functools.cache
def _denylists() -> tuple | None:
    """The configured plugins' own regexes, or None if one is not regex-based.

    A regex-based detector reports only what one of its `denylist` regexes
    finds in the line, so a line none of them matches needs no `scan_line`
    (which re-creates every plugin per call: most of the scan's cost)."""
    from detect_secrets.plugins.base import RegexBasedDetector
    from detect_secrets.settings import get_plugins

    plugins = get_plugins()
    if not all(isinstance(p, RegexBasedDetector) for p in plugins):
        return None
    return tuple(rx for p in plugins for rx in p.denylist)


def _detect_secrets(lines: list[str], skip: set[int]) -> list[Hit]:
    from detect_secrets.core.scan import scan_line

    denylists = _denylists()
    hits = []
    for number, line in enumerate(lines, 1):
        if number in skip or not line.strip():
            continue
        if denylists is not None and not any(rx.search(line) for rx in denylists):
            continue
        for secret in scan_line(line):
            value = secret.secret_value or ""
            hits.append(
                Hit(secret.type, number, value if len(value) >= MIN_VALUE else line.strip())
            )
    return hits


def scan_texts(texts: dict[str, str]) -> dict[str, list[Hit]]:
    """Hits per path; a line the estate's patterns flag is not scanned again."""
    from detect_secrets.settings import transient_settings

    plugins = [{"name": name} for name in _data()["detect_secrets_plugins"]]
    out: dict[str, list[Hit]] = {}
    with transient_settings({"plugins_used": plugins}):
        for rel, text in texts.items():
            lines = text.splitlines()
            hits = _own(lines, rel)
            hits += _detect_secrets(lines, {h.line for h in hits})
            if hits:
                out[rel] = sorted(hits, key=lambda h: (h.line, h.kind))
    return out
