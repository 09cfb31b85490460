"""`overlay-preflight capacity` over the example overlays and the honey/bumble/sting nodes."""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import pytest

from conftest import REPO
from support.cli import run_cli
from support.overlays import copy_overlay

NODES = "tests/fixtures/capacity/nodes/nodes.json"
OVERLAYS = ["examples/tinyland-infra", "examples/jesssullivan-infra", "examples/example-org-infra"]


def capacity(*extra, fmt="json", nodes=NODES):
    result = run_cli("capacity", "--nodes", nodes, *extra, *OVERLAYS, "--format", fmt, cwd=REPO)
    return result.code, (result.report if fmt == "json" else result.out)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_table_and_plot(tmp_path):
    pytest.importorskip("matplotlib")
    plot = tmp_path / "capacity.png"
    code, out = capacity("--plot", str(plot), fmt="text")
    assert code == 0
    rows = {
        tuple(line.split()[:2]): line.split()
        for line in out.splitlines()
        if line.startswith("  honey")
    }
    # Example-Org, Jesssullivan, tinyland-inc, demand, allocatable, ratio, max
    assert rows[("honey", "cpu")][2:] == ["12", "8", "18", "38", "32", "1.19", "2"]
    assert rows[("honey", "pods")][2:] == ["8", "5", "12", "25", "110", "0.23", "1"]
    width, height = png_size(plot)
    assert width >= 800 and height >= 300


def test_numbers_in_json_per_owner():
    code, report = capacity()
    cpu = report["summary"]["pools"]["honey"]["resources"]["cpu"]
    assert code == 0 and cpu["demand"] == 38 and cpu["allocatable"] == 32
    assert cpu["by_owner"]["Jesssullivan"] == {"demand": 8.0, "ratio": 0.25}
    assert report["summary"]["pools"]["sting"]["resources"]["cpu"]["demand"] == 0
    assert report["summary"]["policy"]["source"] == "default"


@pytest.mark.parametrize(
    ("cpu", "rule"), [("1.0", "capacity-over-policy"), ("1.3", "capacity-near-policy")]
)
def test_policy_blocks_over_and_warns_near(tmp_path, cpu, rule):
    policy = tmp_path / "policy.yaml"
    policy.write_text(f"max_oversubscription:\n  cpu: {cpu}\n")
    _, report = capacity("--policy", str(policy))
    found = [(f["rule"], f["path"], f["line"]) for f in report["findings"]]
    assert found == [(rule, NODES, 4)]  # the line of the honey item
    assert report["summary"]["policy"]["max_oversubscription"]["memory"] == 1.0


def test_bad_policy_names_the_line(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("max_oversubscription:\n  cpu: 2\n  gpu: 1\n")
    code, report = capacity("--policy", str(policy))
    assert code == 1
    assert [(f["rule"], f["line"]) for f in report["findings"]] == [("input-invalid", 3)]


def test_lane_that_fits_no_pool_blocks(tmp_path):
    doc = json.loads((REPO / NODES).read_text())
    honey = doc["items"][0]
    honey["spec"]["taints"][0]["value"] = "builds"  # the lanes tolerate dedicated=ci only
    nodes = tmp_path / "nodes.json"
    nodes.write_text(json.dumps(doc, indent=4))
    code, report = capacity(nodes=nodes)
    blocked = [f for f in report["findings"] if f["rule"] == "capacity-lane-unschedulable"]
    assert code == 1 and len(blocked) == 7  # every deployed lane of the three overlays
    assert all("no node matches its node selector" in f["message"] for f in blocked)
    tinyland = "examples/tinyland-infra/tofu/stacks/arc-runners/tinyland.tfvars"
    assert (blocked[-1]["path"], blocked[-1]["line"]) == (tinyland, 53)  # its node selector
    assert "shared_runner_node_selector" in (REPO / tinyland).read_text().splitlines()[52]


def test_missing_matplotlib_is_a_clear_usage_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import fails
    result = run_cli(
        "capacity", "--nodes", NODES, "--plot", "/nonexistent/x.png", *OVERLAYS, cwd=REPO
    )
    assert result.code == 2
    assert "--plot needs matplotlib" in result.err


def test_unset_max_runners_is_an_unbounded_warning(tmp_path):

    root = tmp_path / "example-org-infra"
    copy_overlay(REPO / "examples/example-org-infra", root)
    tfvars = root / "tofu/stacks/arc-runners/example-org.tfvars"
    tfvars.write_text(tfvars.read_text().replace("nix_max_runners           = 4\n", ""))
    result = run_cli("capacity", "--nodes", NODES, root, cwd=REPO, json=True)
    code, report = result.code, result.report
    found = [
        (f["rule"], f["path"].endswith("example-org.tfvars"), f["line"], f["message"])
        for f in report["findings"]
    ]
    # the lane's own line: its release name, as max_runners is not written
    assert found == [
        (
            "capacity-lane-unbounded",
            True,
            15,
            "example-org-nix: max_runners is unset or not a whole number",
        )
    ]
    assert code == 0
