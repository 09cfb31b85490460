"""The package as users get it: a snapshot of this checkout as its own git
repository, the sdist and wheel `python -m build` makes from it, and a fresh
venv with the wheel (and its `[plot]` extra) installed offline."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from support.wheelhouse import fresh_venv, offline_argv, offline_env

GIT_ID = ["-c", "user.name=overlay-preflight tests", "-c", "user.email=tests@example.invalid"]


def git_snapshot(src: Path, dest: Path, files: list[str]) -> Path:
    """Copy `files` (symlinks as links) to `dest` and commit them there."""
    for name in files:
        source, target = src / name, dest / name
        if not source.is_symlink() and not source.exists():
            continue  # tracked but deleted in the work tree
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target, follow_symlinks=False)
    subprocess.run(["git", "init", "-q", str(dest)], check=True, timeout=60)
    subprocess.run(["git", "-C", str(dest), "add", "-A"], check=True, timeout=60)
    commit = ["git", "-C", str(dest), *GIT_ID, "commit", "-q", "-m", "snapshot"]
    subprocess.run(commit, check=True, timeout=60)
    return dest


@pytest.fixture(scope="session")
def source_tree(tmp_path_factory) -> Path:
    """This checkout (tracked and untracked-but-not-ignored files), committed
    as a fresh repository: what a user clones, pins or builds from."""
    listed = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z", "-co", "--exclude-standard"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    files = [f for f in listed.split("\0") if f]
    return git_snapshot(REPO, tmp_path_factory.mktemp("src") / "overlay-preflight", files)


@pytest.fixture(scope="session")
def dist(source_tree, tmp_path_factory) -> dict[str, Path]:
    """`python -m build --no-isolation`: the sdist, then the wheel built from it."""
    out = tmp_path_factory.mktemp("dist")
    cmd = [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), "."]
    proc = subprocess.run(
        offline_argv(cmd),
        cwd=source_tree,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return {"sdist": sdist, "wheel": wheel}


@pytest.fixture(scope="session")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the built wheel and `[plot]`, installed with no index
    and no network; returns its bin/ directory."""
    bin_dir = fresh_venv(tmp_path_factory.mktemp("venv") / "v")
    cmd = [str(bin_dir / "pip"), "install", "-q", f"{dist['wheel']}[plot]"]
    proc = subprocess.run(
        offline_argv(cmd), env=offline_env(), capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return bin_dir
