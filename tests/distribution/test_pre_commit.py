"""`.pre-commit-hooks.yaml` through a real `pre-commit try-repo`, offline.

The hook repository is a snapshot of this checkout; pre-commit builds its
`language: python` environment from it with pip told to use only the
wheelhouse (no index, and no network where a network namespace can be made).
Every hook passes on a clean overlay and fails naming its rule on a broken
one; the workflow hook needs nothing but workflows (a package repository).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CORE_SHA, EXAMPLES, REPO
from support.overlays import copy_overlay
from support.wheelhouse import offline_argv, offline_env

from .conftest import git_snapshot

pytestmark = pytest.mark.slow

HOOKS = {  # hook id -> its name in pre-commit's output
    "overlay-preflight": "overlay-preflight enrollment",
    "validate-overlay-runner-taxonomy": "validate-overlay-runner-taxonomy",
    "overlay-preflight-workflows": "overlay-preflight workflows",
}
TFVARS = "tofu/stacks/arc-runners/tinyland.tfvars"
BREAKS = [  # (file, old, new): one defect for each hook
    ("MODULE.bazel", CORE_SHA, "1" * 40),  # core-pin-mismatch (enrollment)
    (TFVARS, '_scale_set_name = "tinyland-inc-nix"', '_scale_set_name = "tinyland-nix"'),
    (
        ".github/workflows/validate.yml",
        "self-hosted, tinyland-nix]",
        "self-hosted, tinyland-ci-box]",
    ),
]
PACKAGE_WORKFLOW = """\
on: push
permissions:
  contents: read
jobs:
  build:
    runs-on: tinyland-nix
    steps:
      - run: echo build
"""


def try_repo(hook_repo: Path, repo: Path, *hook: str) -> tuple[int, dict[str, str]]:
    """Run try-repo with all hooks (or one); return the exit code and each
    hook's section of the output, keyed by hook id."""
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), *hook]
    proc = subprocess.run(
        offline_argv([*cmd, "--all-files", "--color", "never"]),
        cwd=repo,
        env=offline_env(GF_EXPECTED_CORE_REF=""),
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = proc.stdout + proc.stderr
    sections, current = {}, None
    for line in out.splitlines():
        starts = [h for h, name in HOOKS.items() if line.startswith(name + ".")]
        if starts:
            current = starts[0]
        if current:
            sections[current] = sections.get(current, "") + line + "\n"
    assert sections, out
    return proc.returncode, sections


def overlay_repo(tmp_path: Path, breaks=()) -> Path:
    root = copy_overlay(EXAMPLES / "tinyland-infra", tmp_path / "overlay")
    for path, old, new in breaks:
        text = (root / path).read_text()
        assert old in text, (path, old)
        (root / path).write_text(text.replace(old, new))
    files = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
    return git_snapshot(root, tmp_path / "repo", files)


def package_repo(tmp_path: Path, workflow: str) -> Path:
    (tmp_path / "pkg/.github/workflows").mkdir(parents=True)
    (tmp_path / "pkg/.github/workflows/ci.yml").write_text(workflow)
    (tmp_path / "pkg/README.md").write_text("a package, not an overlay\n")
    files = [".github/workflows/ci.yml", "README.md"]
    return git_snapshot(tmp_path / "pkg", tmp_path / "repo", files)


def test_hooks_file_declares_the_three_hooks():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["name"] for h in hooks} == HOOKS
    assert {h["language"] for h in hooks} == {"python"}


def test_every_hook_passes_on_a_clean_overlay(source_tree, tmp_path):
    code, sections = try_repo(source_tree, overlay_repo(tmp_path))
    assert code == 0, sections
    assert set(sections) == set(HOOKS)
    assert all("Passed" in s.splitlines()[0] for s in sections.values()), sections


def test_every_hook_fails_with_its_rule_on_a_broken_overlay(source_tree, tmp_path):
    code, sections = try_repo(source_tree, overlay_repo(tmp_path, BREAKS))
    assert code == 1, sections
    assert all("Failed" in s.splitlines()[0] for s in sections.values()), sections
    assert "blocker [core-pin-mismatch]" in sections["overlay-preflight"]
    taxonomy = sections["validate-overlay-runner-taxonomy"]
    assert f"{TFVARS}:" in taxonomy and "blocker [scale-set-name-is-label]" in taxonomy
    workflows = sections["overlay-preflight-workflows"]
    assert "validate.yml" in workflows and "blocker [runner-label-not-shared]" in workflows


@pytest.mark.parametrize("label", ["tinyland-nix", "jesssullivan-nix"])
def test_workflow_hook_on_a_package_repository(source_tree, tmp_path, label):
    repo = package_repo(tmp_path, PACKAGE_WORKFLOW.replace("tinyland-nix", label))
    code, sections = try_repo(source_tree, repo, "overlay-preflight-workflows")
    out = sections["overlay-preflight-workflows"]
    if label == "tinyland-nix":
        assert code == 0 and "Passed" in out, out
    else:
        assert code == 1 and "ci.yml:6: blocker [runner-label-not-shared]" in out, out
        assert "organization" not in out  # a package repository needs no overlay files
