"""The shell reading of workflow scripts: a HEAD assertion is judged by what
it does (fails the step unless HEAD is the ref), not by how it is written."""

from __future__ import annotations

import pytest

from overlay_preflight.checks.workflow_shell import Pin, asserts_head, errexit, is_shell, parse

PIN = Pin("GloriousFlywheel", frozenset({"GF_CORE_REF"}), frozenset({"a" * 40}))
CANON = """set -euo pipefail
actual="$(git -C GloriousFlywheel rev-parse --verify HEAD)"
if [ "${actual}" != "${GF_CORE_REF}" ]; then
  echo "::error::GloriousFlywheel checkout mismatch: expected ${GF_CORE_REF}, got ${actual}"
  exit 1
fi
"""
HEAD = "$(git -C GloriousFlywheel rev-parse HEAD)"


@pytest.mark.parametrize(
    ("script", "asserts"),
    [
        (CANON, True),
        (CANON.replace("HEAD)", "HEAD || true)"), True),  # an empty HEAD still mismatches
        (CANON.replace("exit 1", "exit 0"), False),
        (CANON.replace("  exit 1\n", ""), False),
        (CANON.replace("-C GloriousFlywheel", "-C overlay"), False),
        (CANON.replace('!= "${GF_CORE_REF}"', '!= "${OTHER_REF}"'), False),
        (CANON.replace('"${GF_CORE_REF}"', "a" * 40), True),
        (CANON.replace('"${GF_CORE_REF}"', '"${{ env.GF_CORE_REF }}"'), True),
        (f'a={HEAD}\nif [ "$a" = "$GF_CORE_REF" ]; then echo ok; else exit 3; fi', True),
        (f'a={HEAD}\nif [ "$a" = "$GF_CORE_REF" ]; then echo ok; fi', False),
        (f'test "{HEAD}" = "$GF_CORE_REF"', True),
        (f'[ "{HEAD}" == "$GF_CORE_REF" ]', True),
        (f'[ "{HEAD}" != "$GF_CORE_REF" ]', False),
        (f'set +e\n[ "{HEAD}" == "$GF_CORE_REF" ]', False),
        (f'[ "{HEAD}" = "$GF_CORE_REF" ] || exit 1', True),
        (f'[[ "{HEAD}" != "$GF_CORE_REF" ]] && exit 1', True),
        (f'[[ "{HEAD}" == "$GF_CORE_REF" ]] && exit 1', False),
        (f'! [ "{HEAD}" = "$GF_CORE_REF" ]', False),
        (
            'cd GloriousFlywheel\nh=$(git rev-parse HEAD)\n[ "$h" != "$GF_CORE_REF" ] && exit 1',
            True,
        ),
        (f'echo "{HEAD}" "$GF_CORE_REF"', False),
        ("echo 'git -C GloriousFlywheel rev-parse HEAD = $GF_CORE_REF' && exit 1", False),
    ],
)
def test_head_assertion(script, asserts):
    assert asserts_head(script, PIN) is asserts


def test_working_directory_and_errexit():
    script = 'test "$(git -C ../GloriousFlywheel rev-parse HEAD)" = "$GF_CORE_REF"'
    assert asserts_head(script, PIN, workdir="overlay")
    assert not asserts_head(script, PIN)
    assert not asserts_head(script.replace("../", ""), PIN, errexit_on=False)
    assert errexit(None) and errexit("bash") and errexit("bash -e {0}")
    assert not errexit("bash {0}")
    assert is_shell("sh") and is_shell(None) and not is_shell("python") and not is_shell("pwsh")


def test_commands_and_assignments_are_read_by_the_parser():
    script = parse(
        'export GF_CORE_CI_PATH="path:${GF_CORE_PATH}#ci"\n'
        "x=$(git clone https://github.com/o/r)  # a comment: git clone nothing\n"
        'echo "git clone https://github.com/o/r"\n'
        'nix develop "${{ env.X }}" -c just a\n'
    )
    words = [c.words for c in script.commands()]
    assert ("git", "clone", "https://github.com/o/r") in words
    assert sum(w[:2] == ("git", "clone") for w in words) == 1
    assert ("nix", "develop", "__GHX0__", "-c", "just", "a") in words
    assert script.expressions == {"__GHX0__": "env.X"}
    values = {name: script.word(v) for name, v, _ in script.assignments()}
    assert values["GF_CORE_CI_PATH"] == "path:${GF_CORE_PATH}#ci"
    value = next(v for n, v, _ in script.assignments() if n == "GF_CORE_CI_PATH")
    assert script.word(value, {"GF_CORE_PATH": "../GloriousFlywheel"}.get) == (
        "path:../GloriousFlywheel#ci"
    )
