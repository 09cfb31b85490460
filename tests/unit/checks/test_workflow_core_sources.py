"""Core code only from the pinned checkout: what a script runs, read by the
shell parser, decides (a mention in an echo or a comment is no clone)."""

from __future__ import annotations

from pathlib import Path

import pytest

from overlay_preflight.checks import workflow_core_sources
from overlay_preflight.discovery import discover
from overlay_preflight.model.context import Context
from overlay_preflight.model.overlay import load_overlay

SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
RAW = "https://raw.githubusercontent.com/tinyland-inc/GloriousFlywheel"
HEAD = f"""on: push
permissions: {{contents: read}}
env:
  GF_CORE_REF: {SHA}
jobs:
  a:
    runs-on: tinyland-nix
    steps:
      - env:
          HELPER_REF: {SHA}
        run: |
"""


def findings(tmp_path: Path, script: str) -> list[tuple[str, int]]:
    wf = tmp_path / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(HEAD + "".join(f"          {line}\n" for line in script.splitlines()))
    ctx = Context(load_overlay(discover(tmp_path), workflow_core_sources.NEEDS))
    return [(f.rule, f.line) for f in workflow_core_sources.check(ctx)]


CLONE = "core-shell-clone"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("git clone https://github.com/tinyland-inc/GloriousFlywheel", [(CLONE, 12)]),
        ("set -e\ngit -C x fetch git@github.com:tinyland-inc/GloriousFlywheel.git", [(CLONE, 13)]),
        ("gh repo clone tinyland-inc/GloriousFlywheel core", [(CLONE, 12)]),
        ('u=https://x-access-token:t@github.com/tinyland-inc/GloriousFlywheel\ngit clone "$u"',
         [(CLONE, 13)]),
        ("git submodule add https://github.com/tinyland-inc/GloriousFlywheel core", [(CLONE, 12)]),
        ("echo 'git clone https://github.com/tinyland-inc/GloriousFlywheel'", []),
        ("# git clone https://github.com/tinyland-inc/GloriousFlywheel", []),
        ("git clone https://github.com/tinyland-inc/ci-templates", []),
        (f"curl -fsSL {RAW}/main/scripts/x.sh -o x.sh", [(CLONE, 12)]),
        (f'url="{RAW}/${{HELPER_REF}}/scripts/x.sh"\ncurl -fsSL "$url" -o x.sh', []),
        (f'url="{RAW}/${{NOPE}}/scripts/x.sh"\nwget "$url"', [(CLONE, 13)]),
        ("curl -LO https://github.com/tinyland-inc/GloriousFlywheel/archive/v1.zip", [(CLONE, 12)]),
        (f"curl -L https://api.github.com/repos/tinyland-inc/GloriousFlywheel/tarball/{SHA}", []),
    ],
)  # fmt: skip
def test_clones_and_downloads_of_the_core(tmp_path, script, expected):
    assert findings(tmp_path, script) == expected


DEVSHELL = "core-devshell-unpinned"


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('nix develop "github:tinyland-inc/GloriousFlywheel/${GF_CORE_REF}#ci"', []),
        (f"nix develop github:tinyland-inc/GloriousFlywheel/{SHA}#ci", []),
        ("nix develop github:tinyland-inc/GloriousFlywheel/${{ env.GF_CORE_REF }}#ci", []),
        ("nix develop github:tinyland-inc/GloriousFlywheel#ci", [(DEVSHELL, 12)]),
        ("nix develop github:tinyland-inc/GloriousFlywheel/v0.3.0#ci", [(DEVSHELL, 12)]),
        ("nix develop 'github:tinyland-inc/GloriousFlywheel/${OTHER}#ci'", [(DEVSHELL, 12)]),
        ("nix develop github:tinyland-inc/other/main#ci", []),
        ("nix develop path:.#ci", []),
        ('export GF_CORE_CI_PATH="path:../somewhere#ci"', [(DEVSHELL, 12)]),
        ("nix develop path:GloriousFlywheel-fork#ci", [(DEVSHELL, 12)]),
    ],
)
def test_devshell_references(tmp_path, script, expected):
    assert findings(tmp_path, script) == expected


def test_a_remote_core_action_is_refused_even_pinned(tmp_path):
    wf = tmp_path / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(
        "on: push\njobs:\n  a:\n    uses: tinyland-inc/GloriousFlywheel/.github/workflows/x.yml"
        f"@{SHA}\n  b:\n    runs-on: x\n    steps:\n      - uses: ./GloriousFlywheel/.github/a\n"
    )
    ctx = Context(load_overlay(discover(tmp_path), workflow_core_sources.NEEDS))
    assert [(f.rule, f.line) for f in workflow_core_sources.check(ctx)] == [("core-remote-uses", 4)]
