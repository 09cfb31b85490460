"""Every operator-surface, substrate, public-surface and kustomize rule over
its fixtures: the negative case raises exactly that rule at the named file
and line, the near miss (positive case) raises nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import located, run_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CI = ".github/workflows/ci.yml"
KUST = "k8s/web/prod/kustomization.yaml"

# group (the sub-command), rule -> the exact findings of the negative fixture
NEGATIVE = {
    ("surface", "workflow-raw-tofu"): [(CI, 12)],
    ("surface", "workflow-raw-kubectl"): [(CI, 13)],
    ("surface", "workflow-just-dynamic"): [(CI, 13)],
    ("surface", "workflow-just-unlisted"): [(CI, 12)],
    ("surface", "workflow-repository-dispatch"): [(CI, 4)],
    ("surface", "justfile-imperative-pin"): [("Justfile", 11)],
    ("surface", "doc-raw-kubectl"): [("docs/runbook.md", 7)],
    ("substrate", "substrate-reach"): [("tofu/stacks/mail/main.tf", 2)],
    ("substrate", "substrate-allowlist-invalid"): [("config/substrate-boundary-allowlist.json", 4)],
    ("pii", "public-email"): [("docs/contact.md", 3)],
    ("pii", "public-phone-number"): [("docs/contact.md", 3)],
    ("pii", "public-home-path"): [("docs/contact.md", 3)],
    ("kustomize", "kustomize-remote-reference"): [(KUST, 5)],
    ("kustomize", "kustomize-path-escape"): [(KUST, 5)],
    ("kustomize", "kustomize-path-missing"): [(KUST, 6)],
}
WARNINGS = {"workflow-repository-dispatch", "doc-raw-kubectl"}


@pytest.mark.parametrize(("group", "rule"), sorted(NEGATIVE))
def test_negative_fixture_raises_exactly_the_rule(tmp_path, group, rule):
    root = FIXTURES / group / "negative" / rule
    code, report = run_json(group, str(root))
    assert located(report) == sorted((rule, p, n) for p, n in NEGATIVE[(group, rule)])
    assert code == (0 if rule in WARNINGS else 1)
    strict, _ = run_json(group, str(root), "--strict")
    assert strict == 1


@pytest.mark.parametrize(("group", "rule"), sorted(NEGATIVE))
def test_positive_fixture_passes(tmp_path, group, rule):
    root = FIXTURES / group / "positive" / rule
    code, report = run_json(group, str(root), "--strict")
    assert (code, report["findings"]) == (0, [])


def test_repository_dispatch_forbidden_by_policy_is_a_blocker(tmp_path):
    root = tmp_path / "overlay"
    source = FIXTURES / "surface/negative/workflow-repository-dispatch"
    (root / ".github/workflows").mkdir(parents=True)
    (root / CI).write_text((source / CI).read_text())
    (root / ".overlay-preflight.yaml").write_text("policy:\n  repository_dispatch: forbid\n")
    code, report = run_json("surface", str(root))
    assert code == 1
    assert [(f["rule"], f["severity"]) for f in report["findings"]] == [
        ("workflow-repository-dispatch", "blocker")
    ]


def test_pii_rules_hold_only_for_a_public_overlay(tmp_path):
    root = tmp_path / "overlay"
    (root / "docs").mkdir(parents=True)
    source = FIXTURES / "pii/negative/public-email/docs/contact.md"
    (root / "docs/contact.md").write_text(source.read_text())
    for policy, found in (("", []), ("policy:\n  visibility: private\n", [])):
        (root / ".overlay-preflight.yaml").write_text(policy)
        code, report = run_json("pii", str(root))
        assert (code, report["findings"]) == (0, found)


def test_pii_findings_never_print_the_value(tmp_path):
    root = FIXTURES / "pii/negative/public-email"
    for fmt in ("text", "json", "sarif", "junit"):
        out = tmp_path / f"r.{fmt}"
        run_json("pii", str(root), "--write", f"{fmt}={out}")
        assert "jane.doe" not in out.read_text() and "gmail" not in out.read_text()


def test_substrate_without_a_named_repository_checks_nothing(tmp_path):
    empty = tmp_path / "policy.yaml"
    empty.write_text("policy:\n  visibility: public\n")
    root = FIXTURES / "substrate/negative/substrate-reach"
    code, report = run_json("substrate", str(root), "--config", str(empty))
    assert (code, report["findings"]) == (0, [])


def test_substrate_allowlist_missing_is_a_blocker(tmp_path):
    root = tmp_path / "overlay"
    root.mkdir()
    (root / ".overlay-preflight.yaml").write_text(
        "policy:\n  substrate:\n    repository: tinyland-inc/blahaj\n"
        "    allowlist: config/substrate-boundary-allowlist.json\n"
    )
    code, report = run_json("substrate", str(root))
    assert code == 1
    assert located(report) == [
        ("substrate-allowlist-invalid", "config/substrate-boundary-allowlist.json", None)
    ]


def test_enrollment_runs_every_guard(tmp_path):
    """A defect of each concern in one overlay: enrollment reports them all."""
    root = tmp_path / "overlay"
    for group, rule in (
        ("surface", "workflow-raw-tofu"),
        ("substrate", "substrate-reach"),
        ("kustomize", "kustomize-path-missing"),
    ):
        source = FIXTURES / group / "negative" / rule
        for path in source.rglob("*"):
            if path.is_file():
                (root / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
                (root / path.relative_to(source)).write_bytes(path.read_bytes())
    config = (root / ".overlay-preflight.yaml").read_text()
    (root / ".overlay-preflight.yaml").write_text(
        config.replace("policy:\n", "policy:\n  visibility: public\n")
    )
    (root / "docs").mkdir()
    (root / "docs/contact.md").write_text("Call 555-867-5309.\n")
    code, report = run_json("enrollment", "--overlay-root", str(root))
    rules = {f["rule"] for f in report["findings"]}
    assert code == 1
    assert {
        "workflow-raw-tofu",
        "substrate-reach",
        "kustomize-path-missing",
        "public-phone-number",
    } <= rules
