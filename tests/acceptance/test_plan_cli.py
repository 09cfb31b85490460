"""`overlay-preflight plan`: exit codes, rules, lines and printed reasons."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from support.cli import run_cli

FIX = "tests/fixtures/plan"
DOCKER = "module.docker_runner.helm_release.this"


def run(*argv):
    result = run_cli(*argv, cwd=REPO)
    return result.code, result.out


def findings(*argv):
    result = run_cli(*argv, cwd=REPO, json=True)
    return (
        result.code,
        result.report,
        [(f["rule"], f["path"], f["line"]) for f in result.report["findings"]],
    )


@pytest.mark.parametrize("case", ["no-op", "no-op-compact"])
def test_no_op_plan_passes_with_summary(case):
    code, report, found = findings("plan", f"{FIX}/positive/{case}/plan.json")
    assert (code, found) == (0, [])
    assert report["summary"]["no-ops"] == 2 and report["summary"]["reads"] == 1
    assert report["summary"]["deletes"] == report["summary"]["replaces"] == 0


@pytest.mark.parametrize(
    ("case", "rule", "line", "count"),
    [
        ("delete", "plan-deletes-resource", 118, "deletes"),
        ("delete-create", "plan-deletes-resource", 118, "replaces"),
        ("create-delete", "plan-deletes-resource", 118, "replaces"),
        ("forget", "plan-forgets-resource", 118, "forgets"),
    ],
)
def test_each_destructive_shape_blocks(case, rule, line, count):
    path = f"{FIX}/negative/{case}/plan.json"
    code, report, found = findings("plan", path)
    assert code == 1
    assert found == [(rule, path, line)]
    assert report["summary"][count] == 1
    # the line is the resource_changes entry that opens the destructive change
    lines = (REPO / path).read_text().splitlines()
    assert lines[line - 1].strip() == "{" and '"address"' in lines[line]


def test_replacement_message_names_order_and_reason():
    code, out = run("plan", f"{FIX}/negative/create-delete/plan.json")
    assert code == 1
    assert (
        "kubernetes_secret.ghcr_pull[0] would be replaced (create, then delete); "
        "reason: replace_because_tainted" in out
    )


def test_allowed_delete_passes_and_prints_its_reason():
    reason = "docker lane retired, TIN-700"
    code, out = run(
        "plan",
        f"{FIX}/positive/allowed-delete/plan.json",
        "--allow-destroy",
        f"{DOCKER}={reason}",
    )
    assert code == 0
    assert f"allowed: {DOCKER}: {reason}" in out
    assert "0 blockers / 0 warnings" in out


def test_allow_for_another_address_does_not_allow_and_is_reported_unused():
    code, _, found = findings(
        "plan",
        f"{FIX}/negative/delete/plan.json",
        "--allow-destroy",
        'module.x["a=b"].helm_release.this=other',
    )
    assert code == 1
    assert sorted(r for r, _, _ in found) == ["plan-allow-unused", "plan-deletes-resource"]


def test_allow_without_reason_is_a_usage_error():
    result = run_cli(
        "plan", f"{FIX}/negative/delete/plan.json", "--allow-destroy", DOCKER, cwd=REPO
    )
    assert result.code == 2 and "--allow-destroy expects ADDRESS=REASON" in result.err


def test_drift_is_a_warning():
    path = f"{FIX}/negative/drift/plan.json"
    code, report, found = findings("plan", path)
    assert code == 0 and report["warnings"] == 1
    assert found == [("plan-resource-drift", path, 133)]
    code, _ = run("plan", path, "--strict")
    assert code == 1


@pytest.mark.parametrize(
    ("case", "where", "text"),
    [
        ("not-a-plan", "", "a state snapshot: no planned_values or resource_changes"),
        (
            "unknown-format",
            ":2",
            "format_version '2.0' is not supported: this tool reads the plan JSON format 1.x",
        ),
    ],
)
def test_wrong_files_are_invalid_inputs(case, where, text):
    path = f"{FIX}/negative/{case}/plan.json"
    code, out = run("plan", path)
    assert code == 1
    assert f"{path}{where or ':1'}: blocker [input-invalid] {text}" in out


def test_format_0x_of_terraform_before_1_1_is_refused(tmp_path):
    """Terraform 0.12-1.0 wrote format 0.1/0.2, before the format's 1.0
    compatibility promise; OpenTofu never wrote it."""
    plan = json.loads((REPO / FIX / "positive/no-op/plan.json").read_text())
    plan["format_version"] = "0.1"
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=2))
    code, report, found = findings("plan", str(path))
    assert code == 1
    assert [(r, line) for r, _, line in found] == [("input-invalid", 2)]
    assert "'0.1' is not supported" in report["findings"][0]["message"]


def test_malformed_json_names_the_line():
    path = f"{FIX}/negative/malformed/plan.json"
    code, out = run("plan", path)
    assert code == 1
    assert f"{path}:12: blocker [input-invalid] invalid JSON: Expecting ',' delimiter" in out


@pytest.mark.parametrize(
    ("case", "kind"), [("stack-import", "import"), ("stack-removed", "removed")]
)
def test_stack_migration_blocks(case, kind):
    code, _, found = findings(
        "plan",
        f"{FIX}/positive/no-op/plan.json",
        "--stack-dir",
        f"{FIX}/negative/{case}",
    )
    assert code == 1
    assert found == [("stack-migration-block", f"{FIX}/negative/{case}/main.tf", 25)]
    assert (REPO / FIX / "negative" / case / "main.tf").read_text().splitlines()[24] == f"{kind} {{"


def test_clean_stack_passes():
    code, _, found = findings(
        "plan",
        f"{FIX}/positive/no-op/plan.json",
        "--stack-dir",
        f"{FIX}/positive/stack-clean",
    )
    assert (code, found) == (0, [])


def test_bad_entry_shape_is_a_finding_not_a_traceback(tmp_path):
    plan = {
        "format_version": "1.2",
        "errored": False,
        "planned_values": {},
        "resource_changes": [
            {"address": "a.b", "change": {"actions": "delete"}},
            {"address": "c.d", "change": {"actions": ["obliterate"]}},
        ],
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, indent=1))
    code, _, found = findings("plan", str(path))
    assert code == 1
    assert [(r, line) for r, _, line in found] == [
        ("plan-format-unsupported", 6),
        ("plan-format-unsupported", 12),
    ]
