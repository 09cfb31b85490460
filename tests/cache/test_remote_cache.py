"""A real Bazel shares test results through a real remote cache.

For each backend (nginx WebDAV over HTTP, buildgrid over gRPC):
  1. checkout 1, output root A: `bazel test //...` runs every test and
     uploads the results;
  2. `bazel clean --expunge` there: nothing local is left;
  3. a copy of the checkout at another path, output root B (another
     "machine"): every test is a remote cache hit, none runs;
  4. one input file changes: only the test that reads it runs again.
Four Bazel commands per backend; the servers are shut down at session end.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from support.bazel import copy_workspace, write_offline_standins

pytestmark = [pytest.mark.bazel, pytest.mark.slow]

ALL_TESTS = {"//:a_test", "//:b_test", "//:c_test"}


def make_scratch_workspace(ws: Path) -> Path:
    """Three sh_tests: a_test reads a.txt, b_test b.txt, c_test a genrule's
    output made from c.txt."""
    ws.mkdir(parents=True)
    (ws / "WORKSPACE").write_text('workspace(name = "scratch")\n' + write_offline_standins(ws))
    (ws / "BUILD").write_text(
        textwrap.dedent(
            """\
            sh_test(name = "a_test", srcs = ["check.sh"],
                    args = ["a.txt", "alpha"], data = ["a.txt"])
            sh_test(name = "b_test", srcs = ["check.sh"],
                    args = ["b.txt", "beta"], data = ["b.txt"])
            genrule(name = "upper", srcs = ["c.txt"], outs = ["c_upper.txt"],
                    cmd = "tr a-z A-Z < $< > $@")
            sh_test(name = "c_test", srcs = ["check.sh"],
                    args = ["c_upper.txt", "GAMMA"], data = [":upper"])
            """
        )
    )
    check = ws / "check.sh"
    check.write_text('#!/bin/sh\n# usage: check.sh FILE WORD\ngrep -q "$2" "$1"\n')
    check.chmod(0o755)
    (ws / "a.txt").write_text("alpha\n")
    (ws / "b.txt").write_text("beta\n")
    (ws / "c.txt").write_text("gamma\n")
    return ws


def _action_cache_traffic(cache) -> tuple[int, int]:
    """(action-cache reads, action-cache writes) the server has seen so far."""
    if cache.scheme == "http":
        st = cache.stats()
        return st.ac_hits + st.ac_misses, st.ac_writes
    counts = cache.request_counts()
    return counts.get("GetActionResult", 0), counts.get("UpdateActionResult", 0)


def _ok(result, what):
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.output}"
    return result.summary()


@pytest.mark.parametrize("backend", ["http", "grpc"])
def test_results_are_shared_through_the_remote_cache(
    backend, request, tmp_path, bazel_servers, bazel_output_roots
):
    cache = request.getfixturevalue(f"{backend}_cache")
    remote = [f"--remote_cache={cache.url}"]
    roots = bazel_output_roots

    # 1. First checkout, first machine: everything runs and is uploaded.
    ws1 = make_scratch_workspace(tmp_path / "checkout-1")
    first = _ok(bazel_servers.run(ws1, ["test", "//...", *remote], roots.first), "first build")
    assert first.passed == ALL_TESTS
    assert first.ran == ALL_TESTS, "a fresh output root and an empty cache must run every test"
    assert first.remote_cache_hits == 0
    reads, writes = _action_cache_traffic(cache)
    assert writes >= len(ALL_TESTS), f"results not uploaded: {reads} reads, {writes} writes"

    # 2. Nothing local survives.
    _ok(bazel_servers.run(ws1, ["clean", "--expunge"], roots.first), "clean --expunge")

    # 3. Another path, another output root: all from the remote cache.
    ws2 = copy_workspace(ws1, tmp_path / "elsewhere" / "checkout-2")
    before = _action_cache_traffic(cache)
    http_before = cache.stats() if backend == "http" else None
    second_run = bazel_servers.run(ws2, ["test", "//...", *remote], roots.second)
    second = _ok(second_run, "build in the second checkout")
    assert second.passed == ALL_TESTS
    assert second.cached == ALL_TESTS, second_run.output
    assert second.executed == 0, second_run.output
    # Each test is a test action plus its test.xml action; the genrule is one more.
    assert second.remote_cache_hits >= len(ALL_TESTS), second_run.output
    assert second.process_kinds.get("linux-sandbox", 0) == 0, second_run.output
    # The server agrees: one action-cache read per hit, nothing uploaded.
    reads, writes = (a - b for a, b in zip(_action_cache_traffic(cache), before, strict=True))
    assert (reads, writes) == (second.remote_cache_hits, 0)
    if http_before is not None:
        delta = cache.stats() - http_before
        assert delta.ac_misses == 0 and delta.ac_hits == second.remote_cache_hits, delta

    # 4. Change what a_test reads: only a_test runs again.
    (ws2 / "a.txt").write_text("alpha\nand more\n")
    third_run = bazel_servers.run(ws2, ["test", "//...", *remote], roots.second)
    third = _ok(third_run, "build after changing a.txt")
    assert third.passed == ALL_TESTS
    assert third.ran == {"//:a_test"}, third_run.output
    assert third.cached == ALL_TESTS - {"//:a_test"}, third_run.output
    assert third.executed == 1, third_run.output
    assert _action_cache_traffic(cache)[1] > before[1], "a_test's new result was not uploaded"
