"""Hermeticity proofs for the Bazel rules, with the real (offline) Bazel."""

import re
import zipfile
from pathlib import Path

import pytest

from .bazel_harness import Bazel, copy_checkout

pytestmark = pytest.mark.bazel

FIXTURES = "//tests/bazel/testdata"
OVERLAY = "//tests/bazel/testdata/overlay:enrollment_test"


def test_everything_passes_in_the_linux_sandbox(bazel, testlogs):
    proc = bazel(
        "test", "//...", "--spawn_strategy=linux-sandbox", "--nocache_test_results", check=True
    )
    assert re.search(r"Executed (\d+) out of \1 tests?: \1 tests? pass", proc.output), proc.output
    assert re.search(r"\d+ linux-sandbox", proc.output), proc.output
    logs = testlogs / "tests/bazel/testdata/overlay/enrollment_test"
    assert logs.joinpath("test.xml").read_text().lstrip().startswith("<")
    with zipfile.ZipFile(logs / "test.outputs/outputs.zip") as z:
        names = set(z.namelist())
    assert {"overlay-preflight.json", "overlay-preflight.sarif"} <= names


def test_findings_fail_the_test(bazel):
    proc = bazel("test", f"{FIXTURES}:schema_bad_test")
    assert proc.returncode == 3, proc.output  # 3: build OK, tests failed
    assert re.search(r"schema_bad_test\s+FAILED", proc.output), proc.output


def test_a_tool_that_could_not_judge_fails_the_test(bazel):
    """Exit 2 (usage) and 3 (internal error) are failures, so never cached as a pass."""
    proc = bazel("test", f"{FIXTURES}:usage_error_test")
    assert proc.returncode == 3, proc.output
    assert re.search(r"usage_error_test\s+FAILED", proc.output), proc.output
    log = (
        Path(bazel("info", "bazel-testlogs", check=True).stdout.strip())
        / "tests/bazel/testdata/usage_error_test/test.log"
    ).read_text()
    assert "no-such-rule" in log and "usage error (exit 2)" in log, log


def test_changed_input_reruns_the_test(bazel):
    target = OVERLAY
    bazel("test", target, check=True)
    again = bazel("test", target, check=True)
    assert re.search(r"enrollment_test\s+\(cached\) PASSED", again.output), again.output

    org = bazel.workspace / "tests/bazel/testdata/overlay/config/organization.yaml"
    original = org.read_text()
    org.write_text(original + "# edited by test_changed_input_reruns_the_test\n")
    try:
        changed = bazel("test", target, check=True)
    finally:
        org.write_text(original)
    assert "(cached)" not in changed.output, changed.output
    assert re.search(r"enrollment_test\s+PASSED", changed.output), changed.output


def test_cache_keys_do_not_depend_on_the_checkout_path(bazel, bazel_root):
    """A second clone at another path, with its own output root, gets a cache hit."""
    cache = f"--disk_cache={bazel_root / 'disk-cache'}"
    target = OVERLAY
    rel = "tests/bazel/testdata/overlay/config/organization.yaml"
    edit = "# edited by test_cache_keys_do_not_depend_on_the_checkout_path\n"
    copy_checkout(bazel_root / "clone2")
    other = Bazel(workspace=bazel_root / "clone2", output_user_root=bazel_root / "out2")
    original = (bazel.workspace / rel).read_text()
    try:
        # The same new input in both clones: an action neither has run yet.
        for ws in (bazel.workspace, other.workspace):
            (ws / rel).write_text(original + edit)
        first = bazel("test", target, cache, check=True)
        second = other("test", target, cache, check=True)
    finally:
        (bazel.workspace / rel).write_text(original)
        other("shutdown")
    assert re.search(r"enrollment_test\s+PASSED", first.output), first.output
    assert re.search(r"\d+ (remote|disk) cache hit", second.output), second.output
    assert re.search(r"enrollment_test\s+\(cached\) PASSED", second.output), second.output
