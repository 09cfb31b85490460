"""The taxonomy and topology commands on the bundled examples, and the
operators' `validate-overlay-runner-taxonomy` entry point."""

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import CORE_SHA, EXAMPLES, REPO
from overlay_preflight import cli
from support.overlays import copy_overlay

JESS_TFVARS = "tofu/stacks/arc-runners/jesssullivan.tfvars"
ORG_TFVARS = "tofu/stacks/arc-runners/example-org.tfvars"


def taxonomy_main(*args, cwd):
    out, old = io.StringIO(), os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            try:
                code = cli.taxonomy_main([str(a) for a in args])
            except SystemExit as exit_:
                code = exit_.code
    finally:
        os.chdir(old)
    return code, out.getvalue()


def test_topology_over_the_three_examples_passes(run_cli):
    result = run_cli(
        "topology",
        "examples/tinyland-infra",
        "examples/jesssullivan-infra",
        "examples/example-org-infra",
        cwd=REPO,
    )
    assert result.code == 0, result.out
    assert result.last_line == "0 blockers / 0 warnings"


@pytest.mark.parametrize("name", ["tinyland-infra", "example-org-infra"])
def test_strict_enrollment_passes_on_the_org_examples(run_cli, name):
    result = run_cli(
        "enrollment", "--overlay-root", EXAMPLES / name, "--strict", "--expected-core-ref", CORE_SHA
    )
    assert (result.code, result.last_line) == (0, "0 blockers / 0 warnings")


def test_strict_enrollment_of_the_personal_example_expects_one_warning_per_anchor(run_cli):
    result = run_cli(
        "enrollment",
        "--overlay-root",
        EXAMPLES / "jesssullivan-infra",
        "--strict",
        "--expected-core-ref",
        CORE_SHA,
        "--allow-repo-registration-anchor",
        "--expect-warning",
        "repo-registration-anchor",
        "--format",
        "json",
    )
    assert result.code == 0
    found = json.loads(result.out)["findings"]
    assert [(f["rule"], f["line"], f["expected"]) for f in found] == [
        ("repo-registration-anchor", 3, True),
        ("repo-registration-anchor", 40, True),
    ]
    assert "Jesssullivan/jesssullivan-infra" in found[0]["message"]
    assert "Jesssullivan/scheduling-kit" in found[1]["message"]


def test_strict_enrollment_of_the_personal_example_fails_without_expectation(run_cli):
    result = run_cli(
        "enrollment",
        "--overlay-root",
        EXAMPLES / "jesssullivan-infra",
        "--strict",
        "--expected-core-ref",
        CORE_SHA,
        "--allow-repo-registration-anchor",
    )
    assert result.code == 1 and result.last_line == "0 blockers / 2 warnings"


def test_validate_overlay_runner_taxonomy_allows_anchors_with_the_flag():
    code, out = taxonomy_main(
        "--allow-repo-registration-anchor", JESS_TFVARS, cwd=EXAMPLES / "jesssullivan-infra"
    )
    assert code == 0, out
    assert out.count("[repo-registration-anchor]") == 2


def test_validate_overlay_runner_taxonomy_names_the_anchor_without_the_flag():
    code, out = taxonomy_main(JESS_TFVARS, cwd=EXAMPLES / "jesssullivan-infra")
    assert code == 1
    assert f"{JESS_TFVARS}:3: blocker [repo-registration-anchor-unallowed]" in out
    assert "anchor Jesssullivan/jesssullivan-infra" in out
    assert "anchor Jesssullivan/scheduling-kit" in out


def test_python_m_taxonomy_finds_the_organization_above_the_tfvars(tmp_path):
    root = tmp_path / "example-org-infra"
    copy_overlay(EXAMPLES / "example-org-infra", root)
    tfvars = root / ORG_TFVARS
    tfvars.write_text(
        tfvars.read_text().replace(
            'nix_runner_name           = "example-org-nix"\n'
            'nix_runner_scale_set_name = "example-org-nix"\n',
            'nix_runner_name = "gh-nix"\n',
        )
    )
    env = {"PYTHONPATH": str(REPO / "tools")}
    proc = subprocess.run(
        [sys.executable, "-m", "overlay_preflight", "taxonomy", f"example-org-infra/{ORG_TFVARS}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    # Only the found organization.yaml tells that Example-Org does not own the controller.
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"{ORG_TFVARS}:15: blocker [runner-name-core-default]" in proc.stdout


def test_taxonomy_judges_the_owner_from_the_found_organization(tmp_path):
    root = tmp_path / "example-org-infra"
    copy_overlay(EXAMPLES / "example-org-infra", root)
    tfvars = root / ORG_TFVARS
    tfvars.write_text(
        tfvars.read_text().replace(
            "deploy_arc_controller       = false", "deploy_arc_controller = true"
        )
    )
    code, out = taxonomy_main(tfvars, cwd=tmp_path)
    assert code == 1
    assert f"{ORG_TFVARS}:6: blocker [controller-not-attached]" in out
    assert "tinyland-inc/tinyland-infra" in out


def test_taxonomy_without_an_organization_skips_owner_checks(tmp_path):
    bare = tmp_path / "org.tfvars"
    text = (EXAMPLES / "example-org-infra" / ORG_TFVARS).read_text()
    bare.write_text(text.replace("deploy_arc_controller       = false\n", ""))
    code, out = taxonomy_main(bare, cwd=tmp_path)
    assert (code, out.strip()) == (0, "0 blockers / 0 warnings")
    bare.write_text(
        text.replace(
            'nix_runner_scale_set_name = "example-org-nix"',
            'nix_runner_scale_set_name = "tinyland-nix"',
        )
    )
    code, out = taxonomy_main(bare, cwd=tmp_path)
    assert code == 1 and "org.tfvars:16: blocker [scale-set-name-is-label]" in out


def test_taxonomy_with_an_explicit_organization(tmp_path):
    tfvars = tmp_path / "org.tfvars"
    shutil.copy(EXAMPLES / "example-org-infra" / ORG_TFVARS, tfvars)
    org = EXAMPLES / "tinyland-infra" / "config/organization.yaml"
    code, out = taxonomy_main("--organization", org, tfvars, cwd=tmp_path)
    assert code == 1
    assert "org.tfvars:3: blocker [registration-owner-mismatch]" in out


@pytest.mark.parametrize(
    "args",
    [
        ["missing.tfvars"],
        [
            "--organization",
            "missing.yaml",
            "examples/tinyland-infra/tofu/stacks/arc-runners/tinyland.tfvars",
        ],
        [
            "examples/tinyland-infra/tofu/stacks/arc-runners/tinyland.tfvars",
            "examples/jesssullivan-infra/" + JESS_TFVARS,
        ],
    ],
)
def test_taxonomy_usage_errors_exit_2(args):
    code, _ = taxonomy_main(*args, cwd=REPO)
    assert code == 2


def test_topology_paths_name_the_overlay_relative_to_the_current_directory(run_cli, tmp_path):
    for name in ("tinyland-infra", "jesssullivan-infra", "example-org-infra"):
        copy_overlay(EXAMPLES / name, tmp_path / "examples" / name)
    tfvars = tmp_path / "examples/example-org-infra" / ORG_TFVARS
    tfvars.write_text(
        tfvars.read_text().replace(
            'nix_runner_scale_set_name = "example-org-nix"',
            'nix_runner_scale_set_name = "jesssullivan-nix"',
        )
    )
    result = run_cli(
        "topology",
        "examples/tinyland-infra",
        "examples/jesssullivan-infra",
        "examples/example-org-infra",
        cwd=tmp_path,
    )
    assert result.code == 1
    assert (
        f"examples/example-org-infra/{ORG_TFVARS}:16: blocker [topology-scale-set-name-collision]"
    ) in result.out
    assert "examples/jesssullivan-infra lane nix" in result.out


def test_topology_keeps_clusters_apart(run_cli, tmp_path):
    for name in ("tinyland-infra", "example-org-infra"):
        copy_overlay(EXAMPLES / name, tmp_path / name)
    org = tmp_path / "example-org-infra/config/organization.yaml"
    org.write_text(
        org.read_text()
        .replace("name: honey", "name: sting")
        .replace(
            "arc_controller_owner: tinyland-inc/tinyland-infra",
            "arc_controller_owner: Example-Org/example-org-infra",
        )
    )
    tfvars = tmp_path / "example-org-infra" / ORG_TFVARS
    tfvars.write_text(
        tfvars.read_text()
        .replace("= false", "= true")
        .replace('"example-org-docker"', '"tinyland-inc-docker"')
    )
    result = run_cli("topology", "tinyland-infra", "example-org-infra", cwd=tmp_path)
    assert (result.code, result.last_line) == (0, "0 blockers / 0 warnings"), result.out


def test_topology_reports_a_missing_organization(run_cli, tmp_path):
    copy_overlay(EXAMPLES / "tinyland-infra", tmp_path / "tinyland-infra")
    (tmp_path / "empty").mkdir()
    result = run_cli("topology", "tinyland-infra", "empty", cwd=tmp_path)
    assert result.code == 1
    assert "empty/config/organization.yaml: blocker [input-missing]" in result.out


def test_topology_usage_error_for_a_missing_root(run_cli, tmp_path):
    assert run_cli("topology", "nowhere", cwd=tmp_path).code == 2
