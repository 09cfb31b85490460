"""What the Bazel rules rely on, through the CLI: inside a Bazel test
($TEST_SRCDIR set) the tool takes `just` and the date as given inputs and
never looks for them itself; under --no-discover it reads the files named,
at the paths given, and nothing else."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from test_suppressions import WF, dynamic_pin, suppress

IN_BAZEL = {"TEST_SRCDIR": "/nonexistent-runfiles"}
# What the rules' launcher passes: the declared `just` (here the venv's).
WITH_JUST = {**IN_BAZEL, "OVERLAY_PREFLIGHT_JUST": str(Path(sys.executable).parent / "just")}


def test_inside_bazel_just_comes_only_from_the_declared_path(run_cli, overlay_copy, tmp_path):
    root = overlay_copy()
    # The same venv that holds this Python holds rust-just's `just`: outside
    # Bazel it is found there; inside, only the declared path counts.
    assert run_cli("core-pin", "--overlay-root", root).code == 0
    missing = run_cli("core-pin", "--overlay-root", root, env=IN_BAZEL)
    assert missing.code == 1
    assert "Justfile: blocker [input-invalid] cannot parse: the `just` binary" in missing.out

    fake = tmp_path / "just"
    fake.write_text("#!/bin/sh\necho 'error: declared tool was run' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    declared = run_cli(
        "core-pin", "--overlay-root", root, env={**IN_BAZEL, "OVERLAY_PREFLIGHT_JUST": str(fake)}
    )
    assert "Justfile: blocker [input-invalid] invalid Justfile: declared tool was run" in (
        declared.out
    )

    fake.chmod(0o644)
    not_executable = run_cli(
        "core-pin", "--overlay-root", root, env={"OVERLAY_PREFLIGHT_JUST": str(fake)}
    )
    assert "$OVERLAY_PREFLIGHT_JUST is not executable" in not_executable.out


def test_expiry_is_judged_against_the_given_date_never_the_clock_inside_bazel(
    run_cli, overlay_copy
):
    root = dynamic_pin(overlay_copy)
    suppress(
        root,
        f"  - rule: core-pin-dynamic\n    path: {WF}\n    reason: r\n    expires: 2000-01-31\n",
    )
    args = ("enrollment", "--overlay-root", root)

    # Outside Bazel the wall clock says 2000-01-31 is long past.
    assert "[suppression-expired]" in run_cli(*args).out

    # Inside Bazel without a date: not judged, and a warning says so.
    unjudged = run_cli(*args, "--strict", env=WITH_JUST)
    assert unjudged.code == 1
    assert (
        ".overlay-preflight.yaml:2: warning [suppression-expiry-unjudged] suppression of "
        f"core-pin-dynamic for {WF} expires on 2000-01-31, but no date was given"
    ) in unjudged.out
    assert "[suppression-expired]" not in unjudged.out
    assert unjudged.last_line == "0 blockers / 1 warnings"

    # The date as an input (what --test_env=OVERLAY_PREFLIGHT_TODAY passes).
    before = run_cli(*args, env={**WITH_JUST, "OVERLAY_PREFLIGHT_TODAY": "2000-01-30"})
    assert before.last_line == "0 blockers / 0 warnings", before.out
    after = run_cli(*args, env={**WITH_JUST, "OVERLAY_PREFLIGHT_TODAY": "2000-02-01"})
    assert "[suppression-expired] suppression of core-pin-dynamic" in after.out

    bad = run_cli(*args, env={"OVERLAY_PREFLIGHT_TODAY": "tomorrow"})
    assert bad.code == 2 and "$OVERLAY_PREFLIGHT_TODAY expects a date as YYYY-MM-DD" in bad.err


def test_taxonomy_no_discover_reads_only_the_named_files_at_the_given_paths(
    run_cli, overlay_copy, tmp_path
):
    """The shape of Bazel's runfiles: a directory of symlinks into a source
    tree that holds more (here a broken organization.yaml and suppressions)."""
    source = overlay_copy("example-org-infra")
    (source / "config/organization.yaml").write_text("this: [is: broken\n")
    (source / ".overlay-preflight.yaml").write_text("not a mapping\n")
    tfvars = "tofu/stacks/arc-runners/example-org.tfvars"
    runfiles = tmp_path / "runfiles"
    (runfiles / "pkg" / tfvars).parent.mkdir(parents=True)
    os.symlink(source / tfvars, runfiles / "pkg" / tfvars)

    walked = run_cli("taxonomy", f"pkg/{tfvars}", cwd=runfiles)
    assert "config/organization.yaml:2: blocker [input-invalid] invalid YAML" in walked.out

    result = run_cli("taxonomy", "--no-discover", f"pkg/{tfvars}", cwd=runfiles)
    assert result.code == 0, result.out
    assert "organization.yaml" not in result.out and "suppression" not in result.out

    # A finding names the path as given, not the symlink's target.
    last = len((source / tfvars).read_text().splitlines()) + 1
    (source / tfvars).write_text((source / tfvars).read_text() + "broken = = =\n")
    broken = run_cli("taxonomy", "--no-discover", f"pkg/{tfvars}", cwd=runfiles)
    assert f"pkg/{tfvars}:{last}: blocker [input-invalid] invalid HCL" in broken.out, broken.out
