"""One Bazel workspace for the session: a copy of this checkout.

The copy keeps the real checkout untouched (tests edit inputs) and its
output root is fresh, so nothing cached from earlier runs counts. Bazel runs
through support.bazel (one runner for every Bazel test).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from support.bazel import REPO, BazelResult, BazelServers, copy_checkout
from support.cache_fixtures import *  # noqa: F403 - cache servers, bazel_servers, output roots


@dataclasses.dataclass
class Workspace:
    """`ws("test", "//...")` runs Bazel in `path` with its own output root."""

    path: Path
    output_root: Path
    servers: BazelServers
    env: dict | None = None

    def __call__(self, *args: str, check: bool = False) -> BazelResult:
        return self.servers.run(self.path, list(args), self.output_root, check=check, env=self.env)

    def info(self, key: str) -> Path:
        return Path(self("info", key, check=True).output.strip().splitlines()[-1])

    def edit(self, rel: str, text: str) -> str:
        """Append `text` to a file; return the original content."""
        original = (self.path / rel).read_text()
        (self.path / rel).write_text(original + text)
        return original


@pytest.fixture(scope="session")
def bazel_tmp(bazel_output_roots) -> Path:
    if shutil.which("bazel") is None:
        pytest.fail("bazel is not installed (run ./setup)", pytrace=False)
    return bazel_output_roots.first.parent


@pytest.fixture(scope="session")
def bazel(bazel_tmp, bazel_servers) -> Workspace:
    """This checkout's copy, Bazel 4.2 offline as ./setup left it."""
    copy_checkout(REPO, bazel_tmp / "ws")
    return Workspace(bazel_tmp / "ws", bazel_tmp / "out", bazel_servers)


@pytest.fixture(scope="session")
def testlogs(bazel) -> Path:
    return bazel.info("bazel-testlogs")
