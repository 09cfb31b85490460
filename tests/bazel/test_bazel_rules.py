"""The Bazel rules with the real (offline) Bazel: pass/fail, outputs, the
declared `just`, and rules that read only what they declare."""

import re
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.bazel

FIXTURES = "//tests/bazel/testdata"
OVERLAY = "//tests/bazel/testdata/overlay"


def test_everything_passes_in_the_linux_sandbox(bazel, testlogs):
    result = bazel(
        "test", "//...", "--spawn_strategy=linux-sandbox", "--nocache_test_results", check=True
    )
    assert re.search(r"Executed (\d+) out of \1 tests?: \1 tests? pass", result.output)
    assert re.search(r"\d+ linux-sandbox", result.output), result.output
    logs = testlogs / "tests/bazel/testdata/overlay/enrollment_test"
    assert logs.joinpath("test.xml").read_text().lstrip().startswith("<")
    with zipfile.ZipFile(logs / "test.outputs/outputs.zip") as z:
        names = set(z.namelist())
    assert {"overlay-preflight.json", "overlay-preflight.sarif"} <= names


def test_findings_fail_the_test(bazel):
    result = bazel("test", f"{FIXTURES}:schema_bad_test")
    assert result.returncode == 3, result.output  # 3: build OK, tests failed
    assert re.search(r"schema_bad_test\s+FAILED", result.output), result.output


def test_a_tool_that_could_not_judge_fails_the_test(bazel, testlogs):
    """Exit 2 (usage) and 3 (internal error) are failures, so never cached as a pass."""
    result = bazel("test", f"{FIXTURES}:usage_error_test")
    assert result.returncode == 3, result.output
    assert re.search(r"usage_error_test\s+FAILED", result.output), result.output
    log = (testlogs / "tests/bazel/testdata/usage_error_test/test.log").read_text()
    assert "no-such-rule" in log and "usage error (exit 2)" in log, log


def test_the_just_that_runs_is_the_declared_one(bazel, testlogs):
    """The rule's `just` attribute is the tool: a failing one fails the test.
    Nothing beside the toolchain's interpreter could stand in for it."""
    external = bazel.info("output_base") / "external"
    wrapper = (external / "overlay_preflight_python/python3").read_text()
    interpreter = re.search(r'exec "([^"]+)"', wrapper)[1]
    for directory in (external / "overlay_preflight_python", Path(interpreter).parent):
        assert not (directory / "just").exists(), directory
    assert (external / "overlay_preflight_pip/rust_just/bin/just").exists()

    result = bazel("test", f"{OVERLAY}:fake_just_test")
    assert result.returncode == 3, result.output
    log = (testlogs / "tests/bazel/testdata/overlay/fake_just_test/test.log").read_text()
    assert "Justfile: blocker [input-invalid] invalid Justfile: the declared fake just ran" in log


def test_declared_inputs_rerun_and_undeclared_files_are_never_read(bazel):
    """taxonomy_tfvars_only_test names the tfvars and no organization file:
    breaking the config/organization.yaml beside them changes nothing (the
    cached pass is still the right answer), editing the tfvars reruns it."""
    target = f"{OVERLAY}:taxonomy_tfvars_only_test"
    org = "tests/bazel/testdata/overlay/config/organization.yaml"
    tfvars = "tests/bazel/testdata/overlay/tofu/stacks/arc-runners/example-org.tfvars"
    bazel("test", target, check=True)

    original = bazel.edit(org, "this: [is: broken\n")
    try:
        cached = bazel("test", target, check=True)
        assert re.search(r"taxonomy_tfvars_only_test\s+\(cached\) PASSED", cached.output)
        rerun = bazel("test", target, "--nocache_test_results", check=True)
        assert re.search(r"taxonomy_tfvars_only_test\s+PASSED", rerun.output), rerun.output
        # The enrollment test declares it: the same edit fails that one.
        declared = bazel("test", f"{OVERLAY}:enrollment_test")
        assert declared.returncode == 3, declared.output
    finally:
        (bazel.path / org).write_text(original)

    original = bazel.edit(tfvars, "# edited by the hermetic-inputs test\n")
    try:
        changed = bazel("test", target, check=True)
    finally:
        (bazel.path / tfvars).write_text(original)
    assert "(cached)" not in changed.output, changed.output
    assert re.search(r"taxonomy_tfvars_only_test\s+PASSED", changed.output), changed.output


def test_the_date_is_an_input_of_the_cached_test(bazel, testlogs):
    """Suppression expiry is judged against --test_env=OVERLAY_PREFLIGHT_TODAY
    (part of the action key), never the wall clock inside the action."""
    target = f"{FIXTURES}:residue_expiring_suppression_test"
    log = testlogs / "tests/bazel/testdata/residue_expiring_suppression_test/test.log"

    before = bazel("test", target, "--test_env=OVERLAY_PREFLIGHT_TODAY=2049-12-31")
    assert before.returncode == 0, before.output
    after = bazel("test", target, "--test_env=OVERLAY_PREFLIGHT_TODAY=2050-01-02")
    assert after.returncode == 3, after.output  # a new key: not the cached pass
    assert "[suppression-expired] suppression of residue-compatibility-lane" in log.read_text()

    undated = bazel("test", target)
    assert undated.returncode == 3, undated.output
    text = log.read_text()
    assert "[suppression-expiry-unjudged]" in text and "no date was given" in text, text
