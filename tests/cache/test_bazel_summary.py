"""parse_test_summary and bazel_argv on canned Bazel 4.2.3 output (no Bazel run)."""

from __future__ import annotations

from support.bazel import bazel_argv, parse_test_summary

CACHED_RUN = """\
INFO: Analyzed 4 targets (20 packages loaded, 74 targets configured).
INFO: Found 1 target and 3 test targets...
INFO: Elapsed time: 1.553s, Critical Path: 0.24s
INFO: 14 processes: 7 remote cache hit, 7 internal.
//:a_test                                                       (cached) PASSED in 0.2s
//:b_test                                                       (cached) PASSED in 0.2s
//pkg/sub:c_test                                                         PASSED in 1.5s

Executed 1 out of 3 tests: 3 tests pass.
"""

MIXED_RUN = """\
FAIL: //:b_test (see /root/.cache/bazel/_bazel_root/x/execroot/s/bazel-out/b_test/test.log)
INFO: 1 process: 1 internal.
INFO: Build completed, 2 tests FAILED, 3 total actions
@ext//:e_test                                                            PASSED in 0.1s
//:a_test                                                  FLAKY, failed in 1 out of 2 in 0.3s
//:b_test                                                                FAILED in 0.1s
//:c_test                                                       (cached) FAILED in 0.1s
//:d_test                                                                NO STATUS
//:f_test                                                                FAILED TO BUILD

Executed 3 out of 6 tests: 1 test passes, 2 fail locally, 1 was flaky and 2 were skipped.
"""


def test_cached_run():
    s = parse_test_summary(CACHED_RUN)
    assert s.passed == {"//:a_test", "//:b_test", "//pkg/sub:c_test"}
    assert s.cached == {"//:a_test", "//:b_test"}
    assert s.ran == {"//pkg/sub:c_test"}
    assert (s.executed, s.total) == (1, 3)
    assert s.processes == 14
    assert s.process_kinds == {"remote cache hit": 7, "internal": 7}
    assert s.remote_cache_hits == 7
    assert s.targets["//pkg/sub:c_test"].seconds == 1.5


def test_mixed_run():
    s = parse_test_summary(MIXED_RUN)
    status = {label: t.status for label, t in s.targets.items()}
    assert status == {
        "@ext//:e_test": "PASSED",
        "//:a_test": "FLAKY",
        "//:b_test": "FAILED",
        "//:c_test": "FAILED",
        "//:d_test": "NO STATUS",
        "//:f_test": "FAILED TO BUILD",
    }
    assert s.cached == {"//:c_test"}
    assert s.targets["//:a_test"].seconds == 0.3
    assert s.failed == set(status) - {"@ext//:e_test"}
    assert (s.processes, s.remote_cache_hits) == (1, 0)
    assert (s.executed, s.total) == (3, 6)


def test_no_summary():
    s = parse_test_summary("ERROR: Couldn't start the build. Unable to run tests\n")
    assert s.targets == {} and s.executed is None and s.processes is None


def test_argv_layout():
    argv = bazel_argv(
        ["--host_jvm_args=-Xmx1g", "test", "//...", "--remote_cache=grpc://127.0.0.1:1"],
        "/tmp/root",
        bazel="bazel",
    )
    cmd = argv.index("test")
    startup, flags = argv[1:cmd], argv[cmd + 1 :]
    assert "--output_user_root=/tmp/root" in startup
    assert "--host_jvm_args=-Xmx1g" in startup
    assert "--nohome_rc" in startup and "--max_idle_secs=300" in startup
    assert flags[-2:] == ["//...", "--remote_cache=grpc://127.0.0.1:1"]
    assert {"--noshow_progress", "--color=no", "--test_output=errors"} <= set(flags)

    batch = bazel_argv(["shutdown"], "/tmp/root", batch=True, bazel="bazel")
    assert "--batch" in batch and batch[-1] == "shutdown"
    assert not any(a.startswith("--max_idle_secs") for a in batch)
