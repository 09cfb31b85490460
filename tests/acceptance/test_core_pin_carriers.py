"""GF_CORE_REF's scope and role pins over their fixtures
(tests/fixtures/core-pin/{negative,positive}/<rule>), and every new
workflow and core-pin rule in every report format."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from support.cli import located, run_json

CI = ".github/workflows/ci.yml"
NEGATIVE = {
    "core-ref-scope": [(CI, 12)],
    "core-role-pin-undeclared": [("Justfile", 3), ("Justfile", 4)],
    "core-role-pin-mismatch": [("Justfile", 4)],
}
BLOCKERS = {"core-ref-scope", "core-role-pin-mismatch"}


def core_pin(root, *extra):
    return run_json("core-pin", "--overlay-root", str(root), *extra)


@pytest.mark.parametrize("rule", sorted(NEGATIVE))
def test_negative_fixture_raises_exactly_the_rule(fixture_copy, rule):
    code, report = core_pin(fixture_copy("core-pin", f"negative/{rule}"))
    assert located(report) == sorted((rule, p, n) for p, n in NEGATIVE[rule])
    assert code == (1 if rule in BLOCKERS else 0)


@pytest.mark.parametrize("rule", sorted(NEGATIVE))
def test_positive_fixture_passes(fixture_copy, rule):
    code, report = core_pin(fixture_copy("core-pin", f"positive/{rule}"), "--strict")
    assert code == 0 and report["findings"] == []


def test_a_declared_role_names_what_it_cannot_find(fixture_copy):
    root = fixture_copy("core-pin", "positive/core-role-pin-mismatch")
    config = root / ".overlay-preflight.yaml"
    config.write_text(
        config.read_text().replace("arc_core_ci_default]", "arc_core_ci_default, arc_gone]")
        + "      workflows: [.github/workflows/ci.yml, .github/workflows/gone.yml]\n"
    )
    code, report = core_pin(root)
    assert code == 1
    assert located(report) == [
        ("core-role-pin-mismatch", ".github/workflows/ci.yml", 7),
        ("core-role-pin-mismatch", ".overlay-preflight.yaml", 5),
        ("core-role-pin-mismatch", ".overlay-preflight.yaml", 6),
    ]


NEW_WORKFLOW_RULES = [
    ("workflow-duplicate-basename", 1),
    ("pull-request-self-hosted", 10),
    ("pull-request-secret", 21),
    ("checkout-persist-credentials", 14),
    ("checkout-credential", 14),
    ("core-head-unverified", 15),
    ("core-shell-clone", 25),
    ("core-remote-uses", 23),
    ("core-devshell-unpinned", 23),
    ("action-not-pinned", 23),
    ("action-ref-mutable", 23),
    ("workflow-permission-scope", 5),
]


@pytest.mark.parametrize(("rule", "line"), NEW_WORKFLOW_RULES)
def test_every_format_names_the_rule_file_and_line(run_cli, fixture_copy, rule, line):
    root = fixture_copy("workflows", f"negative/{rule}")
    text = run_cli("workflows", root).out
    assert f"{CI}:{line}: " in text and f"[{rule}]" in text
    sarif = json.loads(run_cli("workflows", root, "--format", "sarif").out)
    (result,) = sarif["runs"][0]["results"]
    place = result["locations"][0]["physicalLocation"]
    assert (result["ruleId"], place["artifactLocation"]["uri"], place["region"]["startLine"]) == (
        rule,
        CI,
        line,
    )
    suite = ET.fromstring(run_cli("workflows", root, "--format", "junit").out).find("testsuite")
    (case,) = [c for c in suite.iter("testcase") if c.find("failure") is not None] or [
        c for c in suite.iter("testcase") if c.get("classname") == rule and c.get("name") == CI
    ]
    assert (case.get("classname"), case.get("name")) == (rule, CI)
