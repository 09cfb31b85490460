"""`action.yml`: valid action metadata, pinned, injection-free, and its `run:`
steps executed locally as bash on example overlays (install offline from a
snapshot of this checkout, preflight, job summary, outputs, fail on blockers).
The example workflow in examples/github-action uses it as documented."""

from __future__ import annotations

import copy
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CORE_SHA, EXAMPLES, REPO
from overlay_preflight import __version__
from support.composite_action import ActionRun
from support.overlays import copy_overlay
from support.wheelhouse import offline_env
from support.workflow_commands import parse

pytestmark = pytest.mark.slow

ACTION = yaml.safe_load((REPO / "action.yml").read_text())
SCHEMA = json.loads((REPO / "schemas/vendor/github-actions.json").read_text())
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
EXAMPLE = EXAMPLES / "github-action/.github/workflows/overlay-preflight.yml"


def errors(doc) -> list[str]:
    return [e.message for e in jsonschema.Draft7Validator(SCHEMA).iter_errors(doc)]


def test_action_is_valid_metadata_and_the_schema_can_say_no():
    assert errors(ACTION) == []
    no_shell = copy.deepcopy(ACTION)
    del no_shell["runs"]["steps"][0]["shell"]
    assert errors(no_shell)
    assert errors({**ACTION, "runs": {**ACTION["runs"], "using": "composit"}})


def test_uses_are_pinned_and_run_scripts_hold_no_expression():
    steps = ACTION["runs"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(SHA_PIN.match(u) for u in uses), uses
    assert all("${{" not in s["run"] for s in steps if "run" in s)


def test_example_workflow_uses_the_action_as_documented(run_cli):
    workflow = yaml.safe_load(EXAMPLE.read_text())
    steps = workflow["jobs"]["preflight"]["steps"]
    ours = [s for s in steps if s.get("uses", "").startswith("tinyland-inc/overlay-preflight@")]
    assert [s["uses"] for s in ours] == [f"tinyland-inc/overlay-preflight@v{__version__}"]
    assert set(ours[0]["with"]) <= set(ACTION["inputs"])
    assert workflow["permissions"] == {"contents": "read"}
    report = json.loads(run_cli("workflows", EXAMPLES / "github-action", "--format", "json").out)
    # Every other line passes the tool's own workflow checks; the tag blocks
    # until the user pins the release commit, as the file's comment says.
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("action-not-pinned", 33)]


@pytest.fixture(scope="module")
def installed_bin(source_tree, tmp_path_factory) -> str:
    """The install step alone, offline, from a snapshot of this checkout."""
    temp = tmp_path_factory.mktemp("runner-temp")
    run = ActionRun(source_tree, temp, temp, {}, offline_env())
    (install,) = run.run(ids=("install",))
    assert install.code == 0, install.stdout + install.stderr
    assert install.stdout.strip() == f"overlay-preflight {__version__}"
    return install.outputs["bin"]


def preflight(source_tree, installed_bin, tmp_path, overlay, **inputs) -> ActionRun:
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    run = ActionRun(source_tree, overlay, temp, inputs, offline_env())
    run.outputs["install"] = {"bin": installed_bin}
    run.steps = run.run(ids=("preflight", "upload", "verdict"))
    return run


def test_clean_overlay_passes_with_summary_outputs_and_sarif(source_tree, installed_bin, tmp_path):
    overlay = copy_overlay(EXAMPLES / "tinyland-infra", tmp_path / "overlay")
    run = preflight(
        source_tree, installed_bin, tmp_path, overlay, **{"expected-core-ref": CORE_SHA}
    )
    check, final = run.steps
    assert check.outputs["exit-code"] == "0" and check.outputs["blockers"] == "0"
    assert final.code == 0 and "overlay-preflight: passed" in final.stdout
    assert run.summary.read_text().startswith("### overlay-preflight enrollment: passed")
    ((uses, with_),) = run.uses
    assert uses.startswith("github/codeql-action/upload-sarif@")
    assert with_ == {"sarif_file": check.outputs["sarif"], "category": "overlay-preflight"}
    sarif = json.loads(Path(with_["sarif_file"]).read_text())
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"] == []


def test_blockers_annotate_summarize_and_fail(source_tree, installed_bin, tmp_path):
    overlay = copy_overlay(EXAMPLES / "tinyland-infra", tmp_path / "overlay")
    module = overlay / "MODULE.bazel"
    module.write_text(module.read_text().replace(CORE_SHA, "1" * 40))
    run = preflight(
        source_tree, installed_bin, tmp_path, overlay, **{"expected-core-ref": CORE_SHA}
    )
    check, final = run.steps
    assert (check.code, check.outputs["exit-code"], check.outputs["blockers"]) == (0, "1", "2")
    annotations = [parse(line) for line in check.stdout.splitlines() if line.startswith("::")]
    assert ("error", "MODULE.bazel", "core-pin-mismatch") in {
        (c, p["file"], p["title"]) for c, p, _ in annotations
    }
    assert "| `core-pin-mismatch` | 1 | 0 | 0 |" in run.summary.read_text()
    assert final.code == 1 and "::error title=overlay-preflight::failed" in final.stdout
    sarif = json.loads(Path(check.outputs["sarif"]).read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"core-pin-mismatch"}


def test_args_are_split_like_a_shell_and_never_expanded(source_tree, installed_bin, tmp_path):
    overlay = copy_overlay(EXAMPLES / "jesssullivan-infra", tmp_path / "overlay")
    args = "--allow-repo-registration-anchor --expect-warning 'repo-registration-anchor' "
    run = preflight(
        source_tree, installed_bin, tmp_path, overlay,
        **{"expected-core-ref": CORE_SHA, "args": args},
    )  # fmt: skip
    assert [s.code for s in run.steps] == [0, 0], run.steps
    assert run.steps[0].outputs["warnings"] != "0"  # the anchors, expected
    canary = tmp_path / "canary"
    hostile = f'--expect-warning "$(touch {canary})" ; touch {canary}'
    shutil.rmtree(tmp_path / "runner-temp")
    run = preflight(source_tree, installed_bin, tmp_path, overlay, args=hostile)
    assert not canary.exists()
    assert run.steps[0].outputs["exit-code"] == "2"  # stray words after the flag: a usage error
    assert run.steps[-1].code == 2 and "could not run (exit 2)" in run.steps[-1].stdout


@pytest.mark.parametrize(
    ("inputs", "message"),
    [({"strict": "yes"}, "strict must be true or false"), ({"args": "'"}, "unbalanced quotes")],
)
def test_bad_inputs_stop_before_running(source_tree, installed_bin, tmp_path, inputs, message):
    overlay = copy_overlay(EXAMPLES / "tinyland-infra", tmp_path / "overlay")
    run = preflight(source_tree, installed_bin, tmp_path, overlay, **inputs)
    (check,) = run.steps
    assert check.code == 2 and message in check.stdout
    assert run.summary.read_text() == ""
