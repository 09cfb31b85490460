"""`--format github` and `--format markdown` from the CLI: the same findings as
JSON, one annotation each, and a file name cannot forge an annotation."""

import json

import pytest

from conftest import CORE_SHA
from support.workflow_commands import parse

HOSTILE_NAME = "a\n::error file=README.md,line=1::forged annotation\n"


def broken(overlay_copy):
    root = overlay_copy()
    path = root / "MODULE.bazel"
    path.write_text(path.read_text().replace(CORE_SHA, "1" * 40))
    return root


def test_github_annotations_match_the_json_findings(run_cli, overlay_copy, tmp_path):
    root = broken(overlay_copy)
    summary = tmp_path / "summary.md"
    args = ("enrollment", "--overlay-root", root, "--expected-core-ref", CORE_SHA)
    result = run_cli(*args, "--format", "github", "--write", f"markdown={summary}")
    report = json.loads(run_cli(*args, "--format", "json").out)
    assert result.code == 1
    *annotations, tally = result.out.splitlines()
    assert tally == "2 blockers / 0 warnings"
    parsed = [parse(line) for line in annotations]
    assert [(c, p["file"], p["line"], p["title"]) for c, p, _ in parsed] == [
        ("error", f["path"], str(f["line"]), f["rule"]) for f in report["findings"]
    ]
    assert summary.read_text().startswith("### overlay-preflight enrollment: failed")
    assert "| `core-pin-mismatch` | 1 | 0 | 0 |" in summary.read_text()


@pytest.mark.parametrize("fmt", ["github", "markdown"])
def test_a_file_name_cannot_forge_a_command_or_a_row(run_cli, tmp_path, fmt):
    root = tmp_path / "o"
    root.mkdir()
    (root / HOSTILE_NAME).write_text("x  \n")  # trailing whitespace: one finding
    out = run_cli("hygiene", root, "--format", fmt).out
    findings = json.loads(run_cli("hygiene", root, "--format", "json").out)["findings"]
    assert findings and all(f["path"] == HOSTILE_NAME for f in findings)
    if fmt == "github":
        commands = [parse(line) for line in out.splitlines() if line.startswith("::")]
        assert len(commands) == len(findings)
        assert {p["file"] for _, p, _ in commands} == {HOSTILE_NAME}
    else:
        assert not any(line.startswith("::") for line in out.splitlines())
        assert "README\\.md" in out
