"""This repository's own developer hooks (`.pre-commit-config.yaml`): a config
pre-commit accepts, whose hooks all run a tool ./setup installed, so running
them downloads nothing."""

from __future__ import annotations

import subprocess
import sys

import yaml

from conftest import REPO

CONFIG = REPO / ".pre-commit-config.yaml"


def test_pre_commit_accepts_the_config():
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_hook_is_local_and_runs_an_installed_tool():
    config = yaml.safe_load(CONFIG.read_text())
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    assert {"ruff", "ruff-format", "mypy", "buildifier"} <= {h["id"] for h in hooks}
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        assert hook["entry"].startswith((".venv/bin/", "npm run -s ")), hook["id"]
