"""The core checkout's credential under each core access policy, its ref, and
the HEAD assertion judged by what the step runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from overlay_preflight.checks import workflow_core_checkout
from overlay_preflight.discovery import discover
from overlay_preflight.model.context import Context
from overlay_preflight.model.overlay import load_overlay

SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
HEAD = f"""on: push
permissions: {{contents: read}}
env:
  GF_CORE_REF: {SHA}
jobs:
  a:
    runs-on: tinyland-nix
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with:
          repository: tinyland-inc/GloriousFlywheel
          ref: ${{{{ env.GF_CORE_REF }}}}
          path: GloriousFlywheel
"""
ASSERT = '      - run: test "$(git -C GloriousFlywheel rev-parse HEAD)" = "$GF_CORE_REF"\n'
OR_EXIT = '      - run: "[ \\"$(git -C GloriousFlywheel rev-parse HEAD)\\" = {} ] || exit 1"\n'
DEPLOY_KEY = "          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n"
READ_TOKEN = "          token: ${{ secrets.GF_CORE_READ_TOKEN }}\n"
OTHER_KEY = "          ssh-key: ${{ secrets.OTHER_KEY }}\n"
PAT = "          token: ${{ secrets.SOME_PAT }}\n"


def findings(tmp_path: Path, text: str, access: str | None = None):
    wf = tmp_path / ".github/workflows/ci.yml"
    wf.parent.mkdir(parents=True, exist_ok=True)
    wf.write_text(text)
    config = tmp_path / ".overlay-preflight.yaml"
    config.write_text(f"policy:\n  core_access: {access}\n" if access else "")
    ctx = Context(load_overlay(discover(tmp_path), workflow_core_checkout.NEEDS))
    return [(f.rule, f.line) for f in workflow_core_checkout.check(ctx)]


CREDENTIAL, FALLBACK = "core-read-credential", "core-read-token-fallback"


@pytest.mark.parametrize(
    ("access", "credential", "expected"),
    [
        (None, "", []),
        (None, DEPLOY_KEY, []),
        (None, READ_TOKEN, [(FALLBACK, 14)]),
        (None, PAT, [(CREDENTIAL, 14)]),
        (None, OTHER_KEY, [(CREDENTIAL, 14)]),
        (None, DEPLOY_KEY + READ_TOKEN, [(CREDENTIAL, 15)]),
        ("public", "", []),
        ("public", DEPLOY_KEY, [(CREDENTIAL, 14)]),
        ("public", READ_TOKEN, [(CREDENTIAL, 14)]),
        ("public", PAT, [(CREDENTIAL, 14)]),
        ("private", DEPLOY_KEY, []),
        ("private", "", [(CREDENTIAL, 9)]),
        ("private", READ_TOKEN, [(CREDENTIAL, 14)]),
        ("private", OTHER_KEY, [(CREDENTIAL, 14)]),
        ("private", "          ssh-key: ${{secrets.GF_CORE_DEPLOY_KEY}}\n", []),
    ],
)
def test_core_access_policy(tmp_path, access, credential, expected):
    assert findings(tmp_path, HEAD + credential + ASSERT, access) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("ref: ${{ env.GF_CORE_REF }}", "ref: main", [("core-checkout-ref", 12)]),
        ("ref: ${{ env.GF_CORE_REF }}", f"ref: {SHA}", []),
        (
            "ref: ${{ env.GF_CORE_REF }}",
            "ref: ${{ env.GF_OTHER_REF }}",
            [("core-checkout-ref", 12)],
        ),
        ("          ref: ${{ env.GF_CORE_REF }}\n", "", [("core-checkout-ref", 9)]),
        (f"  GF_CORE_REF: {SHA}\n", "", [("core-checkout-ref", 11)]),
    ],
)
def test_core_checkout_ref(tmp_path, old, new, expected):
    assert findings(tmp_path, (HEAD + ASSERT).replace(old, new)) == expected


SCRIPT = """      - name: {name}
        run: |
          set -euo pipefail
          actual="$(git -C {path} rev-parse --verify HEAD)"
          if [ "${{actual}}" != "${{{ref}}}" ]; then
            echo "::error::mismatch"
            exit {code}
          fi
"""


@pytest.mark.parametrize(
    ("step", "expected"),
    [
        (SCRIPT.format(name="Any name", path="GloriousFlywheel", ref="GF_CORE_REF", code=1), []),
        (SCRIPT.format(name="Verify", path="GloriousFlywheel", ref="GF_CORE_REF", code=0), [9]),
        (SCRIPT.format(name="Verify", path="overlay", ref="GF_CORE_REF", code=1), [9]),
        (SCRIPT.format(name="Verify", path="GloriousFlywheel", ref="OTHER", code=1), [9]),
        ("      - run: git -C GloriousFlywheel rev-parse HEAD\n", [9]),
        ("      - run: just check\n" + ASSERT, [9]),
        ("", [9]),
        (ASSERT.replace("run:", "shell: python\n        run:"), [9]),
        (ASSERT.replace("test ", "set +e; test "), [9]),
        (
            OR_EXIT.format('\\"$X\\"'),
            [9],
        ),
        (
            OR_EXIT.format('\\"$GF_CORE_REF\\"'),
            [],
        ),
        (
            OR_EXIT.format(SHA),
            [],
        ),
        ("      - uses: actions/checkout@v4\n        with: {path: docs}\n" + ASSERT, []),
    ],
)
def test_head_assertion_is_judged_by_what_it_runs(tmp_path, step, expected):
    found = findings(tmp_path, HEAD + DEPLOY_KEY + step)
    assert found == [("core-head-unverified", line) for line in expected]


def test_head_assertion_needs_the_same_condition_and_must_fail_hard(tmp_path):
    checkout = HEAD.replace(
        "      - uses: actions", "      - if: env.X == '1'\n        uses: actions"
    )
    same = ASSERT.replace("      - run:", "      - if: env.X == '1'\n        run:")
    assert findings(tmp_path, checkout + same) == []
    assert findings(tmp_path, checkout + ASSERT) == [("core-head-unverified", 15)]
    soft = same.replace("        run:", "        continue-on-error: true\n        run:")
    assert findings(tmp_path, checkout + soft) == [("core-head-unverified", 16)]


def test_a_checkout_of_another_repository_is_not_judged(tmp_path):
    text = HEAD.replace("tinyland-inc/GloriousFlywheel", "tinyland-inc/other") + PAT
    assert findings(tmp_path, text, "public") == []


@pytest.mark.parametrize(
    ("access", "secret", "expected"),
    [
        ("public", "GF_CORE_DEPLOY_KEY", [(CREDENTIAL, 4)]),
        ("public", "GF_CORE_READ_TOKEN", [(CREDENTIAL, 4)]),
        ("private", "GF_CORE_READ_TOKEN", [(CREDENTIAL, 10), (CREDENTIAL, 4)]),
        ("private", "GF_CORE_DEPLOY_KEY", [(CREDENTIAL, 10)]),  # the checkout lacks the key
        (None, "GF_CORE_READ_TOKEN", []),
        ("public", "SOMETHING_ELSE", []),
    ],
)
def test_a_retired_core_credential_anywhere_in_the_workflow(tmp_path, access, secret, expected):
    text = HEAD.replace("env:\n", f"env:\n  HAS_IT: ${{{{ secrets.{secret} != '' }}}}\n", 1)
    assert findings(tmp_path, text + ASSERT, access) == expected
