"""The built wheel and sdist: what they carry, and the wheel's console scripts
(and `capacity --plot` with the extra) working from a fresh venv, outside
this checkout."""

from __future__ import annotations

import json
import subprocess
import tarfile
import zipfile
from email.parser import Parser

import pytest

from conftest import CORE_SHA, EXAMPLES, REPO
from overlay_preflight import __version__

pytestmark = pytest.mark.slow

NODES = REPO / "tests/fixtures/capacity/nodes/nodes.json"
OVERLAYS = [EXAMPLES / n for n in ("tinyland-infra", "jesssullivan-infra", "example-org-infra")]
DATA = [
    "overlay_preflight/data/taxonomy.yaml",
    "overlay_preflight/data/secret_patterns.yaml",
    "overlay_preflight/data/capacity.yaml",
    "overlay_preflight/schemas/organization.schema.json",
    "overlay_preflight/schemas/report.schema.json",
    "overlay_preflight/schemas/vendor/github-workflows.json",
    "overlay_preflight/schemas/vendor/LICENSE",
]


def run(bin_dir, *argv, cwd):
    proc = subprocess.run(
        [str(bin_dir / argv[0]), *map(str, argv[1:])],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return proc.returncode, proc.stdout, proc.stderr


def metadata(wheel) -> dict:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(f"overlay_preflight-{__version__}.dist-info/METADATA").decode()
    return Parser().parsestr(text)


def test_wheel_carries_the_licence_data_schemas_and_both_scripts(dist):
    with zipfile.ZipFile(dist["wheel"]) as zf:
        names = set(zf.namelist())
        info = f"overlay_preflight-{__version__}.dist-info"
        assert zf.read(f"{info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
        entry_points = zf.read(f"{info}/entry_points.txt").decode()
    assert set(DATA) <= names
    assert "overlay-preflight = overlay_preflight.cli:main" in entry_points
    assert "validate-overlay-runner-taxonomy = overlay_preflight.cli:taxonomy_main" in entry_points
    meta = metadata(dist["wheel"])
    assert meta["Version"] == __version__
    assert meta["License-Expression"] == "Apache-2.0"
    assert meta.get_all("Provides-Extra") == ["plot"]
    assert 'matplotlib>=3.7; extra == "plot"' in meta.get_all("Requires-Dist")


def test_sdist_is_complete_without_symlinks(dist):
    top = f"overlay_preflight-{__version__}"
    with tarfile.open(dist["sdist"]) as tf:
        members = {m.name: m for m in tf.getmembers()}
    for name in ("LICENSE", "README.md", "pyproject.toml", *(f"tools/{d}" for d in DATA)):
        assert f"{top}/{name}" in members, name
    assert not [m.name for m in members.values() if m.issym() or m.islnk()]


def test_console_scripts_run_from_a_fresh_venv(installed, tmp_path):
    code, out, _ = run(installed, "overlay-preflight", "--version", cwd=tmp_path)
    assert (code, out.strip()) == (0, f"overlay-preflight {__version__}")
    code, out, _ = run(
        installed, "python", "-c", "import overlay_preflight as m; print(m.__file__)", cwd=tmp_path
    )
    assert str(installed.parent) in out  # the venv's copy, not this checkout's

    tinyland = EXAMPLES / "tinyland-infra"
    code, out, err = run(
        installed, "overlay-preflight", "enrollment", "--overlay-root", tinyland,
        "--strict", "--expected-core-ref", CORE_SHA, cwd=tmp_path,
    )  # fmt: skip
    assert (code, out.splitlines()[-1]) == (0, "0 blockers / 0 warnings"), out + err

    jess = EXAMPLES / "jesssullivan-infra/tofu/stacks/arc-runners/jesssullivan.tfvars"
    code, out, err = run(installed, "validate-overlay-runner-taxonomy", jess, cwd=tmp_path)
    assert code == 1 and "[repo-registration-anchor-unallowed]" in out, out + err
    code, out, err = run(
        installed, "validate-overlay-runner-taxonomy", "--allow-repo-registration-anchor",
        "--strict", "--expect-warning", "repo-registration-anchor", jess, cwd=tmp_path,
    )  # fmt: skip
    assert code == 0 and out.splitlines()[-1].endswith(" expected)"), out + err


def test_capacity_plot_with_the_extra(installed, tmp_path):
    plot = tmp_path / "capacity.png"
    code, out, err = run(
        installed, "overlay-preflight", "capacity", "--nodes", NODES, "--plot", plot,
        "--format", "json", *OVERLAYS, cwd=tmp_path,
    )  # fmt: skip
    assert code in (0, 1), err
    assert json.loads(out)["summary"], out
    data = plot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
