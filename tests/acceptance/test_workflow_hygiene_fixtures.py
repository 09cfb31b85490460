"""Every workflow and hygiene rule over its fixtures: the negative case raises
exactly that rule at the named file and line, the positive case does not."""

from __future__ import annotations

import pytest

from support.cli import located, run_json

CI = ".github/workflows/ci.yml"

# group, rule -> the exact findings of the negative fixture
NEGATIVE = {
    ("workflows", "workflow-schema"): [(CI, 9)],
    ("workflows", "workflow-duplicate-basename"): [(CI, 1)],
    ("workflows", "runner-label-not-shared"): [(CI, 10)],
    ("workflows", "runner-github-hosted"): [(CI, 10)],
    ("workflows", "runs-on-dynamic"): [(CI, 10)],
    ("workflows", "workflow-compatibility-lane"): [(CI, 10)],
    ("workflows", "pull-request-target-self-hosted"): [(CI, 10)],
    ("workflows", "pull-request-self-hosted"): [(CI, 10)],
    ("workflows", "pull-request-secret"): [(CI, 21)],
    ("workflows", "checkout-persist-credentials"): [(CI, 14)],
    ("workflows", "checkout-credential"): [(CI, 14)],
    ("workflows", "core-read-credential"): [(CI, 20)],
    ("workflows", "core-read-token-fallback"): [(CI, 20)],
    ("workflows", "core-checkout-ref"): [(CI, 18)],
    ("workflows", "core-head-unverified"): [(CI, 15)],
    ("workflows", "core-shell-clone"): [(CI, 25)],
    ("workflows", "core-remote-uses"): [(CI, 23)],
    ("workflows", "core-devshell-unpinned"): [(CI, 23)],
    ("workflows", "action-not-pinned"): [(CI, 23)],
    ("workflows", "action-ref-mutable"): [(CI, 23)],
    ("workflows", "workflow-permissions"): [(CI, 6)],
    ("workflows", "workflow-permission-scope"): [(CI, 5)],
    ("hygiene", "trailing-whitespace"): [("notes.md", 3)],
    ("hygiene", "final-newline-missing"): [("notes.md", 3)],
    ("hygiene", "conflict-marker"): [("notes.md", 3), ("notes.md", 5), ("notes.md", 7)],
    ("hygiene", "justfile-format"): [("Justfile", 5)],
    ("hygiene", "input-invalid"): [("data/values.yaml", 3)],
}
BLOCKERS = {
    "workflow-schema",
    "runner-label-not-shared",
    "pull-request-target-self-hosted",
    "pull-request-secret",
    "checkout-persist-credentials",
    "checkout-credential",
    "core-read-credential",
    "core-checkout-ref",
    "core-head-unverified",
    "core-shell-clone",
    "core-remote-uses",
    "core-devshell-unpinned",
    "action-ref-mutable",
    "workflow-permissions",
    "workflow-permission-scope",
    "conflict-marker",
    "input-invalid",
}


@pytest.mark.parametrize(("group", "rule"), sorted(NEGATIVE))
def test_negative_fixture_raises_exactly_the_rule(fixture_copy, group, rule):
    root = fixture_copy(group, f"negative/{rule}")
    code, report = run_json(group, str(root))
    assert located(report) == sorted((rule, p, n) for p, n in NEGATIVE[(group, rule)])
    assert code == (1 if rule in BLOCKERS else 0)
    strict, _ = run_json(group, str(root), "--strict")
    assert strict == 1


@pytest.mark.parametrize(("group", "rule"), sorted(NEGATIVE))
def test_positive_fixture_passes(fixture_copy, group, rule):
    root = fixture_copy(group, f"positive/{rule}")
    code, report = run_json(group, str(root))
    assert code == 0
    assert rule not in {f["rule"] for f in report["findings"]}
    assert report["blockers"] == 0


def test_no_discover_checks_only_the_named_workflow(fixture_copy, monkeypatch):
    """The Bazel rule workflow_labels_test runs exactly this."""
    root = fixture_copy("workflows", "negative/runner-label-not-shared")
    monkeypatch.chdir(root)
    code, report = run_json("workflows", "--no-discover", "--workflow", CI)
    assert code == 1
    assert located(report) == [("runner-label-not-shared", CI, 10)]


@pytest.mark.parametrize(
    ("flag", "org_policy", "severity"),
    [
        (["--github-hosted", "forbid"], None, "blocker"),
        ([], "forbidden", "blocker"),
        ([], "warn", "warning"),
        (["--github-hosted", "warn"], "forbidden", "warning"),
    ],
)
def test_github_hosted_policy(fixture_copy, flag, org_policy, severity):
    root = fixture_copy("workflows", "negative/runner-github-hosted")
    org = root / "config/organization.yaml"
    if org_policy:
        org.write_text(org.read_text() + f"  github_hosted_runners: {org_policy}\n")
    code, report = run_json("workflows", str(root), *flag)
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("runner-github-hosted", severity)
    ]
    assert code == (1 if severity == "blocker" else 0)


@pytest.mark.parametrize(
    ("flag", "severity"), [([], "blocker"), (["--workflow-permissions", "warn"], "warning")]
)
def test_permissions_are_a_blocker_unless_the_policy_says_warn(fixture_copy, flag, severity):
    root = fixture_copy("workflows", "negative/workflow-permissions")
    code, report = run_json("workflows", str(root), *flag)
    assert code == (1 if severity == "blocker" else 0)
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("workflow-permissions", severity)
    ]
