"""The overlay's .overlay-preflight.yaml: one file and one schema for policy
and suppressions; unknown keys and bad values are findings with a line."""

import json
from pathlib import Path

from overlay_preflight.loaders import Source
from overlay_preflight.model.config import Policy, read_config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
WF = ".github/workflows/validate.yml"


def findings(result):
    return [(f["rule"], f["path"], f["line"]) for f in json.loads(result.out)["findings"]]


def write(root, text):
    (root / ".overlay-preflight.yaml").write_text(text)


def test_policy_values_are_read_and_defaults_kept(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text(
        "policy:\n"
        "  visibility: public\n"
        "  core_access: private\n"
        "  action_pins: {'tinyland-inc/*': ref, '*': hash}\n"
        "  cache_exempt_lanes: [personal-docker]\n"
        "  role_pins:\n"
        "    arc: {sha: '" + "1" * 40 + "', justfile: [arc_core_sha]}\n"
        "  pii: {allow_domains: [latoolb.us]}\n"
        "  substrate: {repository: tinyland-inc/blahaj}\n"
    )
    config = read_config(Source(path, "c.yaml"))
    assert config.problems == []
    policy = config.policy
    assert (policy.visibility, policy.core_access) == ("public", "private")
    assert policy.action_pins == (("tinyland-inc/*", "ref"), ("*", "hash"))
    assert policy.cache_exempt_lanes == ("personal-docker",)
    assert policy.role_pins["arc"].sha == "1" * 40
    assert policy.role_pins["arc"].justfile == ("arc_core_sha",)
    assert policy.pii_allow_domains == ("latoolb.us",)
    assert policy.substrate_repository == "tinyland-inc/blahaj"
    assert policy.allowed_permissions == Policy().allowed_permissions
    assert policy.github_hosted is None and policy.action_pin_severity == "warning"


def test_a_bad_policy_value_keeps_its_default_and_is_a_finding(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("policy:\n  core_access: secret\n  visibility: public\n")
    config = read_config(Source(path, "c.yaml"))
    assert config.policy.core_access is None and config.policy.visibility == "public"
    assert [(p.section, p.line) for p in config.problems] == [("policy", 2)]
    assert "secret" not in config.problems[0].message  # values are never quoted


def test_unknown_keys_are_findings(run_cli, overlay_copy):
    root = overlay_copy()
    write(root, "polcy:\n  visibility: public\npolicy:\n  visiblity: public\n")
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    assert result.code == 1
    assert ("config-invalid", ".overlay-preflight.yaml", 1) in findings(result)
    assert ("config-invalid", ".overlay-preflight.yaml", 3) in findings(result)


def test_a_mistyped_expiry_never_applies(run_cli, overlay_copy):
    """`expiry:` instead of `expires:` must not make a suppression permanent."""
    root = overlay_copy()
    wf = root / WF
    wf.write_text(wf.read_text().replace("GF_CORE_REF: 637b", "GF_CORE_REF: ${{ vars.R }}#637b"))
    write(
        root,
        f"suppressions:\n  - rule: core-pin-dynamic\n    path: {WF}\n"
        "    reason: reviewed\n    expiry: 2020-01-01\n",
    )
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    got = findings(result)
    assert ("suppression-invalid", ".overlay-preflight.yaml", 2) in got
    dynamic = [f for f in json.loads(result.out)["findings"] if f["rule"] == "core-pin-dynamic"]
    assert dynamic and all(f.get("suppressed") is None for f in dynamic)


def test_broken_yaml_and_datetime_expiry_are_findings_not_crashes(run_cli, overlay_copy):
    root = overlay_copy()
    write(root, "suppressions: [\n")
    broken = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    assert broken.code == 1
    assert [r for r, p, _ in findings(broken) if p == ".overlay-preflight.yaml"] == [
        "config-invalid"
    ]
    write(
        root,
        f"suppressions:\n  - rule: core-pin-dynamic\n    path: {WF}\n"
        "    reason: r\n    expires: 2027-01-01 10:00:00\n",
    )
    stamped = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    assert stamped.code == 1
    assert ("suppression-invalid", ".overlay-preflight.yaml", 2) in findings(stamped)


def test_config_flag_applies_to_captured_inputs(run_cli, tmp_path):
    plan = FIXTURES / "plan/negative/drift/plan.json"
    baseline = run_cli("plan", plan, "--format", "json", "--strict")
    drift = [f for f in json.loads(baseline.out)["findings"] if f["rule"] == "plan-resource-drift"]
    assert baseline.code == 1 and drift
    config = tmp_path / "policy.yaml"
    config.write_text(
        "suppressions:\n"
        + "".join(
            f"  - rule: plan-resource-drift\n    path: {f['path']}\n    reason: reviewed drift\n"
            for f in drift[:1]
        )
    )
    result = run_cli("plan", plan, "--strict", "--config", config)
    assert result.code == 0, result.out
    assert run_cli("plan", plan, "--config", tmp_path / "nope.yaml").code == 2
