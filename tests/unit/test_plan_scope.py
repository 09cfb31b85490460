"""The scope model: address globs and the scope file's schema."""

from __future__ import annotations

import pytest
from jsonschema import validators

from overlay_preflight.loaders import schema
from overlay_preflight.model.plan_scope import ACTIONS, SCHEMA, glob_regex


@pytest.mark.parametrize(
    ("pattern", "address", "matches"),
    [
        ('module.arc.helm_release.runner["*"]', 'module.arc.helm_release.runner["nix"]', True),
        ('module.arc.helm_release.runner["*"]', "module.arc.helm_release.runner[0]", False),
        ("kubernetes_secret.ghcr_pull[?]", "kubernetes_secret.ghcr_pull[0]", True),
        ("kubernetes_secret.ghcr_pull[?]", "kubernetes_secret.ghcr_pull[10]", False),
        ("module.gh_*.helm_release.arc_runner", "module.gh_nix.helm_release.arc_runner", True),
        ("module.nix_runner.*", "module.nix_runner.module.x.terraform_data.y", True),
        ("output.*", "module.x.output.y", False),
        ("a.b", "a.b.c", False),
        ("a+b.(c)", "a+b.(c)", True),
    ],
)
def test_globs_have_two_wildcards_and_everything_else_is_literal(pattern, address, matches):
    assert bool(glob_regex(pattern).fullmatch(address)) is matches


def test_the_schema_is_a_valid_schema_naming_every_action():
    doc = schema.builtin_schema(SCHEMA)
    validators.validator_for(doc).check_schema(doc)
    enum = doc["properties"]["allow"]["items"]["properties"]["actions"]["items"]["enum"]
    assert tuple(enum) == ACTIONS
