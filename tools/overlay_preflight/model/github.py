"""GitHub names as the estate writes them: commit SHAs, registration scopes
(`https://<host>/<owner>[/<repo>]`) and repository references. One parser
each, shared by every check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FULL_SHA = re.compile(r"[0-9a-f]{40}")
# A full SHA inside a longer string (an archive URL, a flake ref).
SHA_IN_TEXT = re.compile(r"(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])")
SHORT_SHA = re.compile(r"[0-9a-f]{4,39}")

_SCOPE = re.compile(
    r"https://(?P<host>[A-Za-z0-9.-]+(?::\d+)?)/(?P<owner>[A-Za-z0-9]"
    r"[A-Za-z0-9-]{0,38})(?:/(?P<repo>[A-Za-z0-9._-]+))?/?"
)
_REPO_PREFIXES = (
    "https://github.com/",
    "http://github.com/",
    "ssh://git@github.com/",
    "git@github.com:",
    "git+https://github.com/",
)


def is_full_sha(value: object) -> bool:
    """A full 40-hex commit SHA (lower case)."""
    return isinstance(value, str) and FULL_SHA.fullmatch(value) is not None


@dataclass(frozen=True)
class GitHubScope:
    """A registration scope: an owner, or one repository of it (an anchor)."""

    owner: str
    repo: str | None
    host: str = field(default="github.com", compare=False)

    @property
    def name(self) -> str:
        return f"{self.owner}/{self.repo}" if self.repo else self.owner

    @classmethod
    def parse(cls, value: object) -> GitHubScope | None:
        """The scope of a github_config_url; None when malformed."""
        match = _SCOPE.fullmatch(value) if isinstance(value, str) else None
        return cls(match["owner"], match["repo"], match["host"]) if match else None


def normalize_repo(url: object) -> str | None:
    """'https://github.com/O/R.git', 'git@github.com:O/R', 'O/R' -> 'o/r'."""
    if not isinstance(url, str):
        return None
    text = url.strip().rstrip("/").removesuffix(".git")
    for prefix in _REPO_PREFIXES:
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
            break
    parts = text.split("/")
    return "/".join(parts).lower() if len(parts) == 2 and all(parts) else None
