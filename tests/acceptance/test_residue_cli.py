"""`overlay-preflight residue` over the example overlays and a captured state."""

from __future__ import annotations

import json

import pytest

from conftest import REPO
from overlay_preflight import cli
from support.cli import run_cli

LIVE = "tests/fixtures/residue/live"
OVERLAYS = ["examples/tinyland-infra", "examples/jesssullivan-infra", "examples/example-org-infra"]


def residue(
    live=f"{LIVE}/ars.json",
    helm=f"{LIVE}/helm.json",
    overlays=OVERLAYS,
    *extra,
):
    argv = [
        "residue",
        "--live",
        str(live),
        *(["--helm", str(helm)] if helm else []),
        *overlays,
        *extra,
    ]
    result = run_cli(*argv, cwd=REPO, json=True)
    return result.code, result.report, result.located


def edit(tmp_path, change):
    doc = json.loads((REPO / LIVE / "ars.json").read_text())
    change(doc["items"])
    path = tmp_path / "ars.json"
    path.write_text(json.dumps(doc, indent=4))
    return path


def item(items, name):
    return next(i for i in items if i["metadata"]["name"] == name)


def test_fixture_gives_one_residue_blocker_and_one_classified_warning():
    code, report, found = residue()
    assert code == 1
    assert found == [
        ("residue-compatibility-lane", f"{LIVE}/ars.json", 473),
        ("residue-undeclared-scale-set", f"{LIVE}/ars.json", 540),
    ]
    messages = [f["message"] for f in report["findings"]]
    assert "tubebrain-nix is the known compatibility lane" in messages[0]
    assert messages[1].startswith("arc-runners/gh-nix ")
    status = {r["name"]: r["status"] for r in report["summary"]["live"]}
    assert status["jesssullivan-scheduling-kit-nix"] == "declared"
    assert status["tubebrain-nix"] == "compatibility" and status["gh-nix"] == "residue"


def test_compatibility_lane_is_accepted_under_strict_when_expected(tmp_path):
    path = edit(tmp_path, lambda items: items.remove(item(items, "gh-nix")))
    code, _, _ = residue(path, None, OVERLAYS, "--strict")
    assert code == 1
    code, report, _ = residue(
        path,
        None,
        OVERLAYS,
        "--strict",
        "--expect-warning",
        "residue-compatibility-lane",
    )
    assert (code, report["blockers"], report["expected"]) == (0, 0, 1)


def test_declared_but_absent_is_a_warning_on_the_tfvars_line(tmp_path):
    path = edit(tmp_path, lambda items: items.remove(item(items, "example-org-docker")))
    _, _, found = residue(path)
    tfvars = "examples/example-org-infra/tofu/stacks/arc-runners/example-org.tfvars"
    assert ("residue-declared-absent", tfvars, 27) in found
    assert "docker_runner_name" in (REPO / tfvars).read_text().splitlines()[26]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("runnerScaleSetName", "jesssullivan-nix-old"),
        ("githubConfigUrl", "https://github.com/Jesssullivan/other-repo"),
    ],
)
def test_owner_mismatch_blocks(tmp_path, field, value):
    path = edit(
        tmp_path, lambda items: item(items, "jesssullivan-nix")["spec"].__setitem__(field, value)
    )
    code, report, _ = residue(path)
    mismatches = [f for f in report["findings"] if f["rule"] == "residue-owner-mismatch"]
    assert code == 1 and len(mismatches) == 1
    assert value in mismatches[0]["message"]
    assert mismatches[0]["line"] == 339


def test_not_helm_managed_and_failed_release_warn(tmp_path):
    path = edit(
        tmp_path,
        lambda items: item(items, "example-org-nix")["metadata"]["labels"].pop(
            "app.kubernetes.io/managed-by"
        ),
    )
    helm = json.loads((REPO / LIVE / "helm.json").read_text())
    next(r for r in helm if r["name"] == "tinyland-inc-dind")["status"] = "failed"
    helm_path = tmp_path / "helm.json"
    helm_path.write_text(json.dumps(helm))
    _, report, _ = residue(path, helm_path)
    rules = {f["rule"]: (f["message"], f["line"]) for f in report["findings"]}
    assert rules["residue-not-helm-managed"] == (
        "arc-runners/example-org-nix is not labelled app.kubernetes.io/managed-by: Helm",
        205,
    )
    assert rules["residue-helm-release-failed"] == (
        "arc-runners/tinyland-inc-dind: Helm release 'tinyland-inc-dind' is 'failed'",
        138,
    )


def test_malformed_live_json_names_the_line(tmp_path):
    path = tmp_path / "ars.json"
    path.write_text('{\n  "items": [\n    {"metadata": }\n  ]\n}\n')
    code, _, found = residue(path)
    assert code == 1 and found[0][0] == "input-invalid" and found[0][2] == 3


def test_wrong_shape_is_a_finding(tmp_path):
    path = tmp_path / "ars.json"
    path.write_text('{"items": [\n  {"spec": {}}\n]}\n')
    code, report, _ = residue(path)
    assert code == 1
    assert report["findings"][0]["message"].startswith("item has no metadata.name")
    assert report["findings"][0]["line"] == 2


def test_help_prints_the_capture_commands(capsys):
    with pytest.raises(SystemExit):
        cli.main(["residue", "--help"])
    out = capsys.readouterr().out
    assert "kubectl get autoscalingrunnersets.actions.github.com -A -o json" in out
    assert "helm list -A -o json" in out
