"""`overlay-preflight plan` as the operators prove a plan: integrity (errored,
pinned version, documented fields, the recorded binary plan) and exact scope."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

from conftest import REPO

FIX = REPO / "tests/fixtures/plan"
CAPACITY = FIX / "scope/capacity"
EVERY = FIX / "scope/every-shape"
NIX = "module.gh_nix.helm_release.arc_runner"
DOCKER = "module.gh_docker.helm_release.arc_runner"
SECRETS = (
    "gh-app-secret-value",
    "not-shown-helm-repository-password",
    "docker-config-json-not-shown",
)


def report(run_cli, *argv):
    result = run_cli("plan", *argv, "--format", "json")
    doc = json.loads(result.out)
    return result.code, doc, [(f["rule"], f["line"], f["message"]) for f in doc["findings"]]


def rules(found):
    return sorted(r for r, _, _ in found)


def test_an_errored_plan_is_never_a_proof(run_cli):
    code, _, found = report(run_cli, FIX / "negative/errored/plan.json")
    assert code == 1
    assert [(r, line) for r, line, _ in found] == [("plan-errored", 181)]
    assert "errored is true" in found[0][2]


@pytest.mark.parametrize(("value", "said"), [(None, "absent"), ("false", "not a boolean")])
def test_errored_must_be_exactly_false(run_cli, tmp_path, value, said):
    plan = json.loads((CAPACITY / "plan.json").read_text())
    if value is None:
        del plan["errored"]
    else:
        plan["errored"] = value
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    code, _, found = report(run_cli, tmp_path / "plan.json")
    assert code == 1 and rules(found) == ["plan-errored"]
    assert f"errored is {said}" in found[0][2]


def test_a_plan_within_scope_passes_and_prints_the_reviewed_reason(run_cli):
    args = (CAPACITY / "plan.json", "--scope", CAPACITY / "scope.yaml", "--tofu-version", "1.11.6")
    code, doc, found = report(run_cli, *args)
    assert (code, found) == (0, [])
    assert doc["summary"]["updates"] == 1 and doc["summary"]["no-ops"] == 2
    text = run_cli("plan", *args).out
    assert "nix runner ephemeral storage 4/8Gi -> 8/16Gi, reviewed in #123" in text
    assert f"{NIX}  update   values   metadata" in text  # changed; known after apply


def test_one_extra_update_outside_scope_blocks_naming_it(run_cli):
    plan = FIX / "scope/capacity-extra/plan.json"
    code, _, found = report(run_cli, plan, "--scope", CAPACITY / "scope.yaml")
    assert code == 1
    assert found == [
        (
            "plan-out-of-scope",
            17,
            f"{DOCKER} [update] is outside the scope (changes set; known after apply: metadata)",
        )
    ]


def test_every_shape_within_its_scope(run_cli):
    code, doc, found = report(run_cli, EVERY / "plan.json", "--scope", EVERY / "scope.yaml")
    assert code == 0
    assert [(r, line) for r, line, _ in found] == [("plan-resource-drift", 17)]
    counts = {k: doc["summary"][k] for k in ("creates", "updates", "replaces", "deletes")}
    assert counts == {"creates": 1, "updates": 1, "replaces": 2, "deletes": 1}
    assert doc["summary"]["forgets"] == 1 and doc["summary"]["output_changes"] == 5
    allowed = {a["address"]: a["by"] for a in doc["summary"]["allowed"]}
    assert allowed == {
        "kubernetes_config_map.hooks": "scope line 5",
        "kubernetes_secret.ghcr_pull[0]": "scope line 11",
        "module.gh_dind.helm_release.arc_runner": "scope line 14",
        "module.legacy_nix.helm_release.arc_runner": "scope line 19",
    }


def _scope_without(tmp_path, address):
    doc = yaml.safe_load((EVERY / "scope.yaml").read_text())
    doc["allow"] = [e for e in doc["allow"] if e["address"] != address]
    path = tmp_path / "scope.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("entry", "address", "words"),
    [
        ("data.kubernetes_secret.github_app", "data.kubernetes_secret.github_app", "read"),
        ("kubernetes_config_map.hooks", "kubernetes_config_map.hooks", "replace"),
        ("kubernetes_namespace.runners[0]", "kubernetes_namespace.runners[0]", "import"),
        ("kubernetes_secret.ghcr_pull[?]", "kubernetes_secret.ghcr_pull[0]", "replace"),
        (
            "module.gh_dind.helm_release.arc_runner",
            "module.gh_dind.helm_release.arc_runner",
            "delete",
        ),
        (NIX, NIX, "update"),
        (
            "module.legacy_nix.helm_release.arc_runner",
            "module.legacy_nix.helm_release.arc_runner",
            "forget",
        ),
        (
            "module.nix_runner.*",
            "module.nix_runner.kubernetes_service_account.runner",
            "move",
        ),
        ("terraform_data.runner_group_policy", "terraform_data.runner_group_policy", "create"),
        ("output.*", "output.runner_storage", "update"),
    ],
)
def test_each_shape_needs_its_scope_entry(run_cli, tmp_path, entry, address, words):
    scope = _scope_without(tmp_path, entry)
    code, _, found = report(run_cli, EVERY / "plan.json", "--scope", scope)
    assert code == 1
    out = [m for r, _, m in found if r == "plan-out-of-scope"]
    assert any(m.startswith(f"{address} [{words}] is outside the scope") for m in out), out


def test_a_destroy_in_scope_without_a_reason_still_needs_allow_destroy(run_cli, tmp_path):
    scope = tmp_path / "scope.yaml"
    dind = "module.gh_dind.helm_release.arc_runner"
    text = (EVERY / "scope.yaml").read_text().replace("    reason: dind lane retired\n", "")
    scope.write_text(text)
    code, _, found = report(run_cli, EVERY / "plan.json", "--scope", scope)
    assert code == 1
    deletes = [m for r, _, m in found if r == "plan-deletes-resource"]
    assert deletes == [
        f"{dind} would be deleted; reason: delete_because_no_module; "
        "scope line 14 names delete without a reason"
    ]
    code, _, found = report(
        run_cli, EVERY / "plan.json", "--scope", scope, "--allow-destroy", f"{dind}=lane retired"
    )
    assert code == 0 and "plan-deletes-resource" not in rules(found)


def test_what_forces_a_replacement_is_shown(run_cli):
    code, _, found = report(run_cli, EVERY / "plan.json")
    assert code == 1
    messages = [m for r, _, m in found if r == "plan-deletes-resource"]
    assert (
        "kubernetes_config_map.hooks would be replaced (create, then delete); "
        "reason: replace_because_cannot_update; forced by: metadata[0].name" in messages
    )
    assert any(
        m.startswith("kubernetes_secret.ghcr_pull[0] would be replaced (delete, then")
        for m in messages
    )
    assert [r for r, _, _ in found].count("plan-forgets-resource") == 1


def test_unknown_after_apply_is_reported_as_unknown(run_cli, tmp_path):
    scope = _scope_without(tmp_path, "output.*")
    _, _, found = report(run_cli, EVERY / "plan.json", "--scope", scope)
    messages = {m.split(" ")[0]: m for r, _, m in found if r == "plan-out-of-scope"}
    assert messages["output.policy_id"].endswith("(known after apply: value)")
    assert messages["output.github_app_secret"].endswith("(changes value (sensitive))")


def test_sensitive_values_are_never_printed(run_cli, tmp_path):
    scope = _scope_without(tmp_path, "output.*")
    for fmt in ("text", "json", "sarif", "junit"):
        result = run_cli("plan", EVERY / "plan.json", "--scope", scope, "--format", fmt)
        assert result.code == 1
        assert not any(s in result.out for s in SECRETS), fmt


def test_a_stale_scope_entry_is_a_warning_naming_its_line(run_cli, tmp_path):
    scope = tmp_path / "scope.yaml"
    scope.write_text(
        (CAPACITY / "scope.yaml").read_text() + f"  - address: {DOCKER}\n    actions: [update]\n"
    )
    code, doc, _ = report(run_cli, CAPACITY / "plan.json", "--scope", scope, "--strict")
    assert code == 1
    stale = [(f["path"], f["line"]) for f in doc["findings"] if f["rule"] == "plan-scope-stale"]
    assert [(p.endswith("/scope.yaml"), line) for p, line in stale] == [(True, 7)]


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        (
            "allow:\n  - address: a.b\n    actions: [update]\n    why: x\n",
            2,
            "'why' was unexpected",
        ),
        ("allow:\n  - address: a.b\n    actions: [upgrade]\n", 3, "is not one of"),
        ("allow:\n  - address: a.b\n", 2, "'actions' is a required property"),
        ("allow:\n  - address: a.b\n    actions: [update\n", 4, ""),
        ("allowed: []\n", 1, "'allow' is a required property"),
    ],
)
def test_an_invalid_scope_is_input_invalid_naming_the_line(run_cli, tmp_path, text, line, what):
    scope = tmp_path / "scope.yaml"
    scope.write_text(text)
    code, doc, found = report(run_cli, CAPACITY / "plan.json", "--scope", scope)
    assert code == 1
    assert set(rules(found)) == {"input-invalid"}  # and no scope noise on top
    assert doc["findings"][0]["path"].endswith("/scope.yaml") and found[0][1] == line
    assert what in found[0][2]


def test_the_pinned_version_from_flag_or_policy(run_cli, tmp_path):
    plan = CAPACITY / "plan.json"
    code, _, found = report(run_cli, plan, "--tofu-version", "1.10.0")
    assert code == 1
    assert found == [
        ("plan-version-mismatch", 3, "terraform_version '1.11.6' is not the pinned '1.10.0'")
    ]
    config = tmp_path / ".overlay-preflight.yaml"
    config.write_text("policy:\n  plan:\n    tofu_version: 1.10.0\n")
    code, _, found = report(run_cli, plan, "--config", config)
    assert code == 1 and rules(found) == ["plan-version-mismatch"]
    assert report(run_cli, plan, "--config", config, "--tofu-version", "1.11.6")[0] == 0


def test_policy_may_leave_output_changes_out_of_the_scope(run_cli, tmp_path):
    scope = _scope_without(tmp_path, "output.*")
    config = tmp_path / "policy.yaml"
    config.write_text("policy:\n  plan:\n    output_changes: ignore\n")
    code, _, found = report(run_cli, EVERY / "plan.json", "--scope", scope, "--config", config)
    assert code == 0 and "plan-out-of-scope" not in rules(found)


def test_an_unknown_top_level_field_is_a_warning(run_cli, tmp_path):
    plan = json.loads((CAPACITY / "plan.json").read_text())
    plan["proposed_unknown"] = {}
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=2))
    code, _, found = report(run_cli, tmp_path / "plan.json")
    assert code == 0
    assert [(r, m) for r, _, m in found] == [
        (
            "plan-unknown-field",
            "top-level field 'proposed_unknown' is not in the plan JSON format 1.x",
        )
    ]


def _binary_plan(tmp_path: Path) -> tuple[Path, str]:
    plan_file = tmp_path / "arc-runners.tfplan"
    plan_file.write_bytes(b"PK\x03\x04 not really a zip, but bytes are bytes\x00\xff")
    return plan_file, hashlib.sha256(plan_file.read_bytes()).hexdigest()


def test_the_reviewed_binary_plan_is_the_recorded_one(run_cli, tmp_path):
    plan_file, digest = _binary_plan(tmp_path)
    record = tmp_path / "arc-runners.plan-sha256"
    record.write_text(f"{digest}  arc-runners.tfplan\n")  # sha256sum's output
    for recorded in (digest, digest.upper(), record):
        args = (CAPACITY / "plan.json", "--plan-file", plan_file, "--plan-sha256", recorded)
        assert report(run_cli, *args)[:3:2] == (0, [])
    other = hashlib.sha256(b"another plan").hexdigest()
    code, doc, found = report(
        run_cli, CAPACITY / "plan.json", "--plan-file", plan_file, "--plan-sha256", other
    )
    assert code == 1
    assert found == [
        (
            "plan-digest-mismatch",
            None,
            f"sha256 {digest} differs from {other} recorded in --plan-sha256",
        )
    ]
    assert doc["findings"][0]["path"].endswith("/arc-runners.tfplan")


def test_a_bad_digest_record_or_a_lone_flag(run_cli, tmp_path):
    plan_file, _ = _binary_plan(tmp_path)
    record = tmp_path / "plan.sha256"
    record.write_text("not-a-digest\n")
    code, _, found = report(
        run_cli, CAPACITY / "plan.json", "--plan-file", plan_file, "--plan-sha256", record
    )
    assert code == 1 and rules(found) == ["input-invalid"]
    code, _, found = report(
        run_cli, CAPACITY / "plan.json", "--plan-file", tmp_path / "gone", "--plan-sha256", "0" * 64
    )
    assert code == 1 and rules(found) == ["input-missing"]
    lone = run_cli("plan", CAPACITY / "plan.json", "--plan-file", plan_file)
    assert lone.code == 2 and "--plan-file and --plan-sha256 go together" in lone.err
