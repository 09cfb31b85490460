"""One declaration per rule, read by every consumer; every rule is exercised."""

import json
import re
from pathlib import Path

from overlay_preflight import registry

TESTS = Path(__file__).resolve().parent.parent


def test_every_rule_is_declared_well():
    rules = registry.load_all()
    assert len(rules) > 50
    for rule in rules.values():
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", rule.id)
        assert rule.severity in registry.SEVERITIES
        assert rule.summary.endswith(".") and rule.hint and rule.group
        assert rule.suppressible in (True, False, "fingerprint")


def test_every_rule_is_exercised_by_some_test():
    """A rule no test names is a rule no test proves: name it in a fixture
    or an assertion (positive and negative) when you add it."""
    text = "\n".join(p.read_text(errors="ignore") for p in TESTS.rglob("*.py"))
    fixtures = "\n".join(str(p) for p in (TESTS / "fixtures").rglob("*"))
    missing = [r for r in registry.load_all() if r not in text and r not in fixtures]
    assert missing == []


def test_rules_command_sarif_and_registry_agree(run_cli, overlay_copy):
    listed = run_cli("rules").out.splitlines()
    assert sorted(line.split()[0] for line in listed) == sorted(registry.load_all())
    markdown = run_cli("rules", "--format", "markdown").out
    assert "| `core-pin-mismatch` | blocker | no |" in markdown
    sarif = json.loads(
        run_cli("enrollment", "--overlay-root", overlay_copy(), "--format", "sarif").out
    )
    ids = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert ids == sorted(registry.load_all())
