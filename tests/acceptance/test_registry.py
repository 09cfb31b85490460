"""One declaration per rule, read by every consumer; every rule is exercised."""

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

from overlay_preflight import checks, registry
from overlay_preflight.catalog import RULES
from overlay_preflight.registry import Suppressible

TESTS = Path(__file__).resolve().parent.parent
PLAN = TESTS / "fixtures/plan/positive/no-op/plan.json"


def test_every_rule_is_declared_well():
    assert len(RULES) > 50
    for rule in RULES.values():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.id)
        assert rule.severity in registry.SEVERITIES
        assert rule.summary.endswith(".") and rule.hint and rule.concern
        assert isinstance(rule.suppressible, Suppressible)


def test_every_check_module_is_listed_once_in_the_registry():
    """A module under checks/ that declares rules but is missing from
    checks.ALL would run nowhere and be unknown to suppressions."""
    declaring = set()
    for info in pkgutil.iter_modules(checks.__path__):
        module = importlib.import_module(f"{checks.__name__}.{info.name}")
        if hasattr(module, "RULES"):
            declaring.add(module)
    assert declaring == set(checks.ALL)
    assert len(checks.ALL) == len(set(checks.ALL))
    for module in checks.ENROLLMENT:
        assert module.NEEDS and callable(module.check)


def test_duplicate_rule_ids_are_refused():
    class One:
        RULES = (registry.rule("same-id", registry.BLOCKER, "One.", "Fix.", concern="x"),)

    try:
        registry.collect((One, One))
    except ValueError as err:
        assert "same-id declared twice" in str(err)
    else:
        raise AssertionError("a rule declared twice was accepted")


def test_every_rule_is_exercised_by_some_test():
    """A rule no test names is a rule no test proves: name it in a fixture
    or an assertion (positive and negative) when you add it."""
    text = "\n".join(p.read_text(errors="ignore") for p in TESTS.rglob("*.py"))
    fixtures = "\n".join(str(p) for p in (TESTS / "fixtures").rglob("*"))
    missing = [r for r in RULES if r not in text and r not in fixtures]
    assert missing == []


def test_rules_command_sarif_and_registry_agree(run_cli, overlay_copy):
    listed = run_cli("rules").out.splitlines()
    assert sorted(line.split()[0] for line in listed) == sorted(RULES)
    markdown = run_cli("rules", "--format", "markdown").out
    assert "| `core-pin-mismatch` | blocker | no |" in markdown
    assert "| `secret-plaintext` | blocker | by fingerprint |" in markdown
    sarif = json.loads(
        run_cli("enrollment", "--overlay-root", overlay_copy(), "--format", "sarif").out
    )
    ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == sorted(RULES)


def test_any_rule_may_be_expected_in_a_fresh_process():
    """The whole catalog is known whatever command runs: a warning of another
    command's rule is a valid expectation (it once was 'unknown' in a fresh
    process and valid after another command had been imported)."""
    proc = subprocess.run(
        [sys.executable, "-m", "overlay_preflight", "plan", str(PLAN),
         "--expect-warning", "capacity-near-policy"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    bad = subprocess.run(
        [sys.executable, "-m", "overlay_preflight", "plan", str(PLAN),
         "--expect-warning", "no-such-rule"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 2 and "no-such-rule" in bad.stderr


def test_a_rule_of_another_command_may_be_suppressed(run_cli, overlay_copy):
    """`rules` lists topology rules, so an overlay may suppress one; enrollment
    does not run topology, so the entry is neither invalid nor unused there."""
    root = overlay_copy()
    (root / ".overlay-preflight.yaml").write_text(
        "suppressions:\n"
        "  - rule: topology-app-secret-shared\n"
        "    path: config/organization.yaml\n"
        "    reason: one App for two orgs during the move (reviewed)\n"
    )
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    rules = [f["rule"] for f in json.loads(result.out)["findings"]]
    assert "suppression-invalid" not in rules and "suppression-unused" not in rules
    assert result.code == 0
