"""`#` comments found by each format's tokenizer: a `#` inside a string (or
a YAML scalar, an HCL or Starlark string, a quoted shell word) is none."""

from __future__ import annotations

import pytest

from overlay_preflight.loaders.comments import comments, kind_of
from overlay_preflight.model.ignores import collect

CASES = {
    "a.yml": (
        "# top\n"
        "on: push  # trailing\n"
        'k: "#quoted"\n'
        "u: a#b\n"
        "jobs:\n"
        "  b:\n"
        "    steps:\n"
        "      - run: |\n"
        '          echo "# not a comment"\n'
        "          # shell comment in the block\n"
        "      # first\n"
        "      # second\n"
        "      - run: echo # yaml comment\n"
    ),
    "x.tfvars": '# hcl\na = "#not" # t\n// slashes are comments, not ours\nb = "x"\n',
    "MODULE.bazel": '# s\nx = "#not"  # t\ny = """\n# in a string\n"""\n',
    "Justfile": '# j\nx := "a # b"  # c\ny := \'#\'\nr:\n    echo "#" # d\n',
    "scripts/run": "#!/usr/bin/env bash\necho é # e\ncat <<'EOF'\n# data\nEOF\n",
}
EXPECTED = {
    "a.yml": [
        (1, 0, True),
        (2, 10, False),
        (10, 10, True),
        (11, 6, True),
        (12, 6, True),
        (13, 18, False),
    ],
    "x.tfvars": [(1, 0, True), (2, 11, False)],
    "MODULE.bazel": [(1, 0, True), (2, 12, False)],
    "Justfile": [(1, 0, True), (2, 14, False), (5, 13, False)],
    "scripts/run": [(1, 0, True), (2, 7, False)],
}


@pytest.mark.parametrize("rel", sorted(CASES))
def test_comments_by_the_formats_tokenizer(rel):
    got = [(c.line, c.column, c.own_line) for c in comments(rel, CASES[rel])]
    assert got == EXPECTED[rel]
    for c in comments(rel, CASES[rel]):
        assert CASES[rel].split("\n")[c.line - 1][c.column :] == c.text


def test_kinds_and_unparseable_files():
    assert kind_of("README.md") is None and comments("README.md", "# title\n") == []
    assert kind_of("bin/deploy", "#!/bin/sh\n") == "shell"
    assert comments("bad.yml", 'a: "open\n# x\n') == []
    assert comments("bad.tfvars", "a = = 1\n# x\n") == []


def test_ignores_cover_their_line_or_the_next_code_line():
    text = (
        "a: 1  # overlay-preflight: ignore[r1] why\n"
        "# overlay-preflight: ignore[r2] why\n"
        "# overlay-preflight: ignore[r3, r4] why not\n"
        "b: 2\n"
        "c: 3  # overlay-preflight: ignore[r5]\n"
    )
    got = [(i.line, i.target, i.rules, i.reason, i.problem) for i in collect("f.yaml", text)]
    assert got == [
        (1, 1, ("r1",), "why", ""),
        (2, 4, ("r2",), "why", ""),
        (3, 4, ("r3", "r4"), "why not", ""),
        (5, 5, ("r5",), "", "ignore[r5] needs a reason after the rule"),
    ]
