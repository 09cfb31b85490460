"""`overlay-preflight explain`, the generated rule reference and SARIF's
helpUri: one text per rule, and every worked example does what it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO
from overlay_preflight.catalog import RULES
from overlay_preflight.rule_docs import DOCS_PATH, examples, reference

WORKED = sorted(examples())


def _run_example(run_cli, tmp_path: Path, example) -> tuple[int, set[str]]:
    for rel, text in example.files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    result = run_cli(*example.run, "--format", "json", cwd=tmp_path)
    assert result.code in (0, 1), (example.run, result.code, result.err)
    return result.code, {f["rule"] for f in json.loads(result.out)["findings"]}


@pytest.mark.parametrize("rule_id", WORKED)
def test_the_example_that_fires_fires_and_the_other_does_not(run_cli, tmp_path, rule_id):
    worked = examples()[rule_id]
    code, fired = _run_example(run_cli, tmp_path / "fires", worked.fires)
    assert rule_id in fired
    assert code == (1 if RULES[rule_id].severity == "blocker" else code)
    _, fired = _run_example(run_cli, tmp_path / "passes", worked.passes)
    assert rule_id not in fired, fired


# Rules no example can show: an example is files in an empty directory and a
# command line (no symlink, no file over the scan limit, no environment).
UNSHOWABLE = {
    "symlink-escapes-root",  # a symlink out of the root
    "file-too-large-to-scan",  # a file over 4 MiB
    "suppression-expiry-unjudged",  # only inside a Bazel test (TEST_SRCDIR), no date given
}


def test_every_rule_has_a_worked_example_but_the_unshowable():
    assert set(WORKED) <= set(RULES)
    assert set(RULES) - set(WORKED) == UNSHOWABLE


def test_the_rule_reference_is_up_to_date():
    """Regenerate with `overlay-preflight explain --all > docs/rule-reference.md`."""
    assert (REPO / DOCS_PATH).read_text() == reference(RULES)


def test_explain_prints_the_docs_section_without_the_page_anchor(run_cli):
    result = run_cli("explain", "plan-out-of-scope")
    assert result.code == 0
    text = result.out
    assert text.startswith("# plan-out-of-scope\n")
    assert RULES["plan-out-of-scope"].summary in text and RULES["plan-out-of-scope"].hint in text
    assert "**Fires:**" in text and "**Does not fire:**" in text
    assert "overlay-preflight plan plan.json --scope scope.yaml" in text
    assert "It cannot be suppressed" in text
    page = (REPO / DOCS_PATH).read_text()
    body = text.split("\n", 1)[1]
    assert body in page  # the same text as the docs


def test_explain_a_suppressible_warning_shows_how_to_suppress_and_expect(run_cli):
    text = run_cli("explain", "trailing-whitespace").out
    assert (
        "  - rule: trailing-whitespace\n" in text and "--expect-warning trailing-whitespace" in text
    )
    text = run_cli("explain", "secret-plaintext").out
    assert "fingerprint: <the finding's fingerprint>" in text
    assert "**Fires:**" in text and "**Does not fire:**" in text
    text = run_cli("explain", "file-too-large-to-scan").out
    assert "No worked example is recorded for this rule yet." in text


def test_explain_usage_errors(run_cli):
    bad = run_cli("explain", "plan-erored")
    assert bad.code == 2 and "did you mean plan-errored" in bad.err
    assert run_cli("explain").code == 2
    assert run_cli("explain", "plan-errored", "--all").code == 2


def test_sarif_rules_carry_help_uri_to_the_rule_reference(run_cli):
    plan = REPO / "tests/fixtures/plan/negative/errored/plan.json"
    sarif = json.loads(run_cli("plan", plan, "--format", "sarif").out)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    page = (REPO / DOCS_PATH).read_text()
    for rule in rules:
        base, anchor = rule["helpUri"].split("#")
        assert base.endswith("/" + DOCS_PATH) and anchor == rule["id"]
        assert f'<a id="{anchor}"></a>' in page
