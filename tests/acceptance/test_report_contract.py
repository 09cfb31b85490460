"""The report contract every command shares: formats, exit codes, strictness."""

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import CORE_SHA, REPO

BROKEN = ("MODULE.bazel", f'commit = "{CORE_SHA}"', 'branch = "main"')


def broken(overlay_copy):
    root = overlay_copy()
    path = root / BROKEN[0]
    path.write_text(path.read_text().replace(BROKEN[1], BROKEN[2]))
    return root


def test_text_groups_by_file_and_ends_with_the_tally(run_cli, overlay_copy):
    root = broken(overlay_copy)
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 1
    assert "MODULE.bazel:11: blocker [core-pin-invalid] git_override uses branch" in result.out
    assert result.last_line == "1 blockers / 0 warnings"


def test_json_validates_against_the_report_schema(run_cli, overlay_copy):
    schema = json.loads((REPO / "schemas/report.schema.json").read_text())
    for root in (overlay_copy("jesssullivan-infra"), broken(overlay_copy)):
        result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
        report = json.loads(result.out)
        jsonschema.validate(report, schema)
        assert report["version"].startswith("1.")
    report = json.loads(run_cli("enrollment", "--overlay-root", root, "--format", "json").out)
    assert report["blockers"] == 1 and report["findings"][0]["rule"] == "core-pin-invalid"


def test_json_schema_rejects_a_report_missing_a_field():
    schema = json.loads((REPO / "schemas/report.schema.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"version": "1.0", "findings": []}, schema)


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "text", "github", "markdown"])
def test_output_is_byte_identical_across_runs(run_cli, overlay_copy, fmt, tmp_path):
    root = broken(overlay_copy)
    outs = []
    for n in range(2):
        out = tmp_path / f"r{n}.{fmt}"
        run_cli("enrollment", "--overlay-root", root, "--format", fmt, "--output", out)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]


def test_sarif_is_what_code_scanning_accepts(run_cli, overlay_copy):
    root = broken(overlay_copy)
    sarif = json.loads(run_cli("enrollment", "--overlay-root", root, "--format", "sarif").out)
    assert sarif["version"] == "2.1.0"
    run = sarif["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "core-pin-invalid" in rule_ids and rule_ids == sorted(rule_ids)
    (result,) = run["results"]
    assert rule_ids[result["ruleIndex"]] == result["ruleId"] == "core-pin-invalid"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "MODULE.bazel"
    assert not loc["artifactLocation"]["uri"].startswith("/")
    assert loc["region"]["startLine"] >= 1
    assert len(result["partialFingerprints"]["overlayPreflight/v1"]) == 32


def test_fingerprints_survive_edits_elsewhere(run_cli, overlay_copy):
    root = broken(overlay_copy)

    def fp():
        sarif = json.loads(run_cli("enrollment", "--overlay-root", root, "--format", "sarif").out)
        result = sarif["runs"][0]["results"][0]
        return result["partialFingerprints"], result["locations"][0]["physicalLocation"]["region"]

    before, region_before = fp()
    module = root / "MODULE.bazel"
    module.write_text("# a new comment line\n" + module.read_text())
    after, region_after = fp()
    assert before == after and region_after["startLine"] == region_before["startLine"] + 1


def test_junit_has_a_testcase_per_rule_and_file(run_cli, overlay_copy):
    root = broken(overlay_copy)
    xml = run_cli("enrollment", "--overlay-root", root, "--format", "junit").out
    suite = ET.fromstring(xml).find("testsuite")
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [(c.get("classname"), c.get("name")) for c in failing] == [
        ("core-pin-invalid", "MODULE.bazel")
    ]
    assert suite.get("failures") == "1"
    assert int(suite.get("tests")) > 1  # the rules that ran clean are passing testcases


def test_write_emits_extra_reports(run_cli, overlay_copy, tmp_path):
    root = broken(overlay_copy)
    result = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--write",
        f"json={tmp_path}/r.json",
        "--write",
        f"junit={tmp_path}/r.xml",
        "--write",
        f"sarif={tmp_path}/r.sarif",
    )
    assert result.code == 1 and result.last_line == "1 blockers / 0 warnings"
    assert json.loads((tmp_path / "r.json").read_text())["blockers"] == 1
    ET.parse(tmp_path / "r.xml")
    assert json.loads((tmp_path / "r.sarif").read_text())["version"] == "2.1.0"


def test_strict_fails_on_warnings_unless_expected(run_cli, overlay_copy):
    root = overlay_copy()
    wf = root / ".github/workflows/validate.yml"
    wf.write_text(
        wf.read_text().replace(f"GF_CORE_REF: {CORE_SHA}", "GF_CORE_REF: ${{ vars.REF }}")
    )
    assert run_cli("enrollment", "--overlay-root", root).code == 0
    strict = run_cli("enrollment", "--overlay-root", root, "--strict")
    assert strict.code == 1 and strict.last_line == "0 blockers / 1 warnings"
    for spec in ("core-pin-dynamic", "core-pin-dynamic:.github/workflows/validate.yml"):
        ok = run_cli("enrollment", "--overlay-root", root, "--strict", "--expect-warning", spec)
        assert ok.code == 0 and ok.last_line == "0 blockers / 1 warnings (1 expected)"
    wrong_path = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--strict",
        "--expect-warning",
        "core-pin-dynamic:Justfile",
    )
    assert wrong_path.code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["enrollment", "--no-such-flag"],
        ["enrollment", "--overlay-root", "/nonexistent/overlay"],
        ["enrollment", "--expect-warning", "no-such-rule"],
        ["enrollment", "--write", "yaml=x"],
        ["no-such-command"],
    ],
)
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli(*args)
    assert result.code == 2 and "Traceback" not in result.err


def test_internal_error_exits_3_with_one_line(run_cli, overlay_copy, monkeypatch):
    from overlay_preflight.checks import core_pin

    def boom(ctx):
        raise ZeroDivisionError("bug")
        yield

    monkeypatch.setattr(core_pin, "check", boom)
    root = overlay_copy()
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 3
    assert result.err.count("\n") == 1 and "internal error" in result.err
    assert "Traceback" not in result.err
    debug = run_cli("enrollment", "--overlay-root", root, "--debug")
    assert debug.code == 3 and "Traceback" in debug.err


def test_rules_lists_every_rule_and_imports_no_parser():
    code = (
        "import sys; from overlay_preflight import cli; rc = cli.main(['rules']); "
        "bad = [m for m in ('yaml', 'jsonschema', 'hcl2', 'lark', 'detect_secrets') "
        "if m in sys.modules]; print('LOADED', bad); sys.exit(rc)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO / "tools")},
    )
    assert proc.returncode == 0, proc.stderr
    assert "LOADED []" in proc.stdout
    from overlay_preflight.catalog import RULES

    ids = [line.split()[0] for line in proc.stdout.splitlines()[:-1]]
    assert sorted(ids) == sorted(RULES)
