"""This checkout's Bazel tests through a real remote cache (nginx WebDAV).

Cache keys travel: a second checkout at another path, with another $HOME and
another tool home (its own copy of the ./setup venv), gets every test from the
cache. --config=ci writes results, --config=cache-readonly never does.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from support.bazel import REPO, copy_checkout

from .conftest import Workspace

pytestmark = [pytest.mark.bazel, pytest.mark.slow]

INPUT = "tests/bazel/testdata/overlay/config/organization.yaml"


def _tool_venv() -> Path:
    home = os.environ.get("OVERLAY_PREFLIGHT_HOME") or os.path.expanduser(
        "~/.cache/overlay-preflight"
    )
    lock_hash = hashlib.sha256((REPO / "requirements.lock").read_bytes())
    return Path(home) / f"venv-{lock_hash.hexdigest()[:16]}"


def _second_machine(base: Path, servers) -> Workspace:
    """Another checkout path, $HOME and tool home; the tool venv as ./setup
    would make it there (the same wheels: copied, links kept)."""
    home = base / "home2"
    tool_home = home / ".cache/overlay-preflight"
    tool_home.mkdir(parents=True)
    shutil.copytree(_tool_venv(), tool_home / _tool_venv().name, symlinks=True)
    env = {**os.environ, "HOME": str(home), "OVERLAY_PREFLIGHT_HOME": str(tool_home)}
    ws = copy_checkout(REPO, base / "elsewhere" / "clone2")
    return Workspace(ws, base / "out2", servers, env=env)


def test_two_checkouts_with_different_homes_share_every_result(
    bazel, bazel_tmp, bazel_servers, http_cache
):
    remote = f"--remote_cache={http_cache.url}"
    # Fresh copies and output roots: a workspace another output root has used
    # holds bazel-* links into that root, which //... would then load.
    one = Workspace(copy_checkout(REPO, bazel_tmp / "clone1"), bazel_tmp / "out1", bazel_servers)
    other = _second_machine(bazel_tmp / "homes", bazel_servers)
    first_run = one("test", "//...", remote, check=True)
    first = first_run.summary()
    assert first.ran == first.passed and len(first.passed) >= 9, first_run.output
    before = http_cache.stats()

    second_run = other("test", "//...", remote, check=True)
    second = second_run.summary()
    assert second.passed == first.passed, second_run.output
    assert second.cached == second.passed and second.executed == 0, second_run.output
    assert second.remote_cache_hits >= len(second.passed), second_run.output
    delta = http_cache.stats() - before
    assert delta.ac_misses == 0 and delta.ac_writes == 0, delta
    one("shutdown")
    other("shutdown")


def test_ci_writes_and_readonly_only_reads(bazel_tmp, bazel_servers, http_cache):
    remote = f"--remote_cache={http_cache.url}"
    target = "//tests/bazel/testdata/overlay:enrollment_test"
    # Two fresh checkouts: the session's workspace has run (and failed) this
    # target already, and a Bazel 4.2 server that has seen it fail can run it
    # again without a remote lookup or upload, which is not what CI sees.
    one = Workspace(copy_checkout(REPO, bazel_tmp / "clone4"), bazel_tmp / "out4", bazel_servers)
    other = Workspace(copy_checkout(REPO, bazel_tmp / "clone3"), bazel_tmp / "out3", bazel_servers)
    edit = "# remote cache test: shared edit\n"
    one.edit(INPUT, edit)
    other.edit(INPUT, edit)
    try:
        wrote = one("test", target, "--config=ci", remote, check=True)
        assert http_cache.stats().ac_writes > 0, f"--config=ci uploaded nothing:\n{wrote.output}"

        hit = other("test", target, "--config=cache-readonly", remote, check=True)
        assert re.search(r"\d+ remote cache hits?", hit.output), hit.output
        assert re.search(r"enrollment_test\s+\(cached\) PASSED", hit.output), hit.output

        before = http_cache.stats()
        other.edit(INPUT, "# remote cache test: only in the read-only clone\n")
        miss = other("test", target, "--config=cache-readonly", remote, check=True)
        assert "(cached)" not in miss.output, miss.output
        writes = (http_cache.stats() - before).ac_writes + (http_cache.stats() - before).cas_writes
        assert writes == 0, "--config=cache-readonly uploaded results"
    finally:
        one("shutdown")
        other("shutdown")
