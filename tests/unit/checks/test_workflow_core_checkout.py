from __future__ import annotations

from pathlib import Path

import pytest

from overlay_preflight.checks import workflow_core_checkout
from overlay_preflight.discovery import discover
from overlay_preflight.model.context import Context
from overlay_preflight.model.overlay import load_overlay

HEAD = """on: push
permissions: {contents: read}
jobs:
  a:
    runs-on: tinyland-nix
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          repository: tinyland-inc/GloriousFlywheel
          ref: ${{ env.GF_CORE_REF }}
"""


def findings(tmp_path: Path, with_lines: str):
    wf = tmp_path / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(HEAD + with_lines)
    ctx = Context(load_overlay(discover(tmp_path), workflow_core_checkout.NEEDS))
    return [(f.rule, f.line) for f in workflow_core_checkout.check(ctx)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "          ssh-key: ${{secrets.GF_CORE_DEPLOY_KEY}}\n"
            "          persist-credentials: false\n",
            [],
        ),
        (
            "          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n"
            "          token: ${{ secrets.GF_CORE_READ_TOKEN }}\n"
            "          persist-credentials: false\n",
            [("core-read-credential", 12)],
        ),
        ("          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n", [("core-read-credential", 8)]),
        (
            "          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n"
            "          persist-credentials: true\n",
            [("core-read-credential", 12)],
        ),
        ("          persist-credentials: false\n", [("core-read-credential", 8)]),
        (
            "          ssh-key: ${{ secrets.OTHER_KEY }}\n          persist-credentials: false\n",
            [("core-read-credential", 11)],
        ),
    ],
)
def test_core_read_credential(tmp_path, lines, expected):
    assert findings(tmp_path, lines) == expected


def test_a_checkout_of_another_repository_is_not_judged(tmp_path):
    text = "          persist-credentials: false\n"
    wf_head = HEAD.replace("tinyland-inc/GloriousFlywheel", "tinyland-inc/other")
    wf = tmp_path / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True)
    wf.write_text(wf_head + text)
    assert (
        list(
            workflow_core_checkout.check(
                Context(load_overlay(discover(tmp_path), workflow_core_checkout.NEEDS))
            )
        )
        == []
    )
