"""Every check fixture under tests/fixtures/checks/<rule>/: the command named
in its expected.yaml reports exactly the listed findings of the rule on
`fires/` (and nothing else), and not the rule on its near miss `passes/`.
Adding a check's fixtures needs no test code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from overlay_preflight import cli
from overlay_preflight.catalog import RULES

CHECKS = Path(__file__).resolve().parent.parent / "fixtures" / "checks"
CASES = sorted(p.name for p in CHECKS.iterdir() if (p / "expected.yaml").is_file())


def _run(tmp_path: Path, command: str, root: Path) -> tuple[int, dict]:
    work = tmp_path / "overlay"
    shutil.copytree(root, work, symlinks=True)
    out = tmp_path / "report.json"
    code = cli.main([command, str(work), "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def _expected(rule: str) -> dict:
    return yaml.safe_load((CHECKS / rule / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rule", CASES)
def test_fires_exactly_there(tmp_path, rule):
    spec = _expected(rule)
    code, report = _run(tmp_path, spec["command"], CHECKS / rule / "fires")
    got = sorted((f["rule"], f["path"], f["line"]) for f in report["findings"])
    assert got == sorted((rule, path, line) for path, line in spec["fires"])
    assert code == (1 if RULES[rule].severity == "blocker" else 0)


@pytest.mark.parametrize("rule", CASES)
def test_near_miss_passes(tmp_path, rule):
    code, report = _run(tmp_path, _expected(rule)["command"], CHECKS / rule / "passes")
    assert rule not in {f["rule"] for f in report["findings"]}
    assert code == 0 and report["blockers"] == 0


def test_every_case_names_a_known_rule():
    assert CASES and set(CASES) <= set(RULES)
