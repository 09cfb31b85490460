"""`validate-overlay-runner-taxonomy` as a drop-in for the operators' own
`scripts/validate-overlay-runner-taxonomy.py`: the same exit verdict, with and
without --allow-repo-registration-anchor, on every scenario of their self-test
(`scripts/test-overlay-runner-taxonomy.sh`, written here as our own fixtures
under tests/fixtures/taxonomy/compat/) and on further scenarios at the edge of
each of their rules.

How the expected exits were derived: each fixture was run through the
operators' script (public overlay Great-Falls-Tool-Bus/great-falls-tool-bus-infra
at e7d089c) in both flag modes, and its exit codes are written down here;
their self-test itself asserts only the flagged runs of scenarios 1-6 and both
runs of scenario 7. Exit 1 means a blocker, 0 none (warnings such as the
declared repository anchor do not fail a run without --strict).

Where their script is demonstrably wrong we keep our stricter verdict and say
so in `STRICTER`: an extra_runner_sets entry without runner_type gets the
core's default (nix) and so needs the cache wiring of a nix lane; their script
checks only entries that spell runner_type out.

No organization.yaml sits above these fixtures, so an Attic key is compared
with nothing but the estate's retired keys (the operators' script compares it
with one key written into the script; the fixtures use that key, the estate's
current shared key).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import pytest

from overlay_preflight import cli

COMPAT = Path(__file__).resolve().parent.parent / "fixtures/taxonomy/compat"

# scenario: (exit without the flag, exit with it, our blocker rules).
# Their self-test, in its order (7 is two files).
SELF_TEST = {
    # 1: a nix anchor with no cache: no Bazel cache, no Attic.
    "underwired-nix": (1, 1, {"cache-endpoint-missing", "repo-registration-anchor-unallowed"}),
    # 2: the fully wired executor-backed nix anchor.
    "wired-executor-nix": (1, 0, {"repo-registration-anchor-unallowed"}),
    # 3: cache-only nix (no executor).
    "cache-only-nix": (1, 0, {"repo-registration-anchor-unallowed"}),
    # 4: dind with cache and executor needs no Attic.
    "executor-dind": (1, 0, {"repo-registration-anchor-unallowed"}),
    # 5: an executor without a cache, on a nix anchor that is otherwise wired.
    "executor-no-cache": (
        1,
        1,
        {"executor-without-cache", "cache-endpoint-missing", "repo-registration-anchor-unallowed"},
    ),
    # 6: a cache-exempt key (estate data) without any cache wiring.
    "exempt-docker": (1, 0, {"repo-registration-anchor-unallowed"}),
    # 7: registration at the org's scope passes; at a repository's scope only
    # with the flag (top-level endpoints are optional: the core's defaults apply).
    "org-scope": (0, 0, set()),
    "repo-scope": (1, 0, {"repo-registration-anchor-unallowed"}),
}
# At the edge of their other rules (their verdicts measured the same way).
EDGES = {
    "empty": (0, 0, set()),
    "operator-suffix": (1, 1, {"runner-label-not-capability"}),
    "identity-label": (1, 1, {"runner-label-repo-shaped"}),
    "other-host": (1, 1, {"registration-url-invalid"}),
    "extra-without-url": (1, 1, {"registration-url-invalid"}),
    "attic-without-key": (1, 1, {"attic-public-key-missing"}),
    "retired-key": (1, 1, {"attic-key-retired"}),
}
# Ours is stricter on purpose: (their exits, our exits, our blocker rules).
STRICTER = {
    # Their script skips an entry without runner_type; the core defaults it to nix.
    "untyped-underwired": (
        (1, 0),
        (1, 1),
        {"cache-endpoint-missing", "repo-registration-anchor-unallowed"},
    ),
}

FLAG = "--allow-repo-registration-anchor"


def compat(*args: str) -> tuple[int, list[dict]]:
    """Run the installed entry point's function in-process; (exit, findings)."""
    out, old = io.StringIO(), os.getcwd()
    os.chdir(COMPAT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli.taxonomy_main([*args, "--format", "json"])
    finally:
        os.chdir(old)
    return code, json.loads(out.getvalue())["findings"]


def blockers(found: list[dict]) -> set[str]:
    return {f["rule"] for f in found if f["severity"] == "blocker"}


def test_every_fixture_has_a_verdict():
    named = {*SELF_TEST, *EDGES, *STRICTER}
    assert {p.stem for p in COMPAT.glob("*.tfvars")} == named


@pytest.mark.parametrize("name", [*SELF_TEST, *EDGES])
def test_same_verdict_as_the_operators_script(name):
    plain, flagged, rules = {**SELF_TEST, **EDGES}[name]
    code, found = compat(f"{name}.tfvars")
    assert code == plain, found
    assert blockers(found) == rules
    code, found = compat(FLAG, f"{name}.tfvars")
    assert code == flagged, found
    assert blockers(found) == rules - {"repo-registration-anchor-unallowed"}


@pytest.mark.parametrize("name", list(STRICTER))
def test_stricter_than_the_operators_script(name):
    theirs, ours, rules = STRICTER[name]
    assert theirs != ours
    code, found = compat(f"{name}.tfvars")
    assert code == ours[0] and blockers(found) == rules
    code, found = compat(FLAG, f"{name}.tfvars")
    assert code == ours[1] and blockers(found) == rules - {"repo-registration-anchor-unallowed"}


def test_the_flag_keeps_the_anchor_visible_as_a_warning():
    code, found = compat(FLAG, "repo-scope.tfvars")
    assert code == 0
    assert [(f["rule"], f["severity"], f["line"]) for f in found] == [
        ("repo-registration-anchor", "warning", 2)
    ]


def test_findings_name_the_line_of_the_defect():
    _, found = compat(FLAG, "underwired-nix.tfvars")
    assert sorted((f["rule"], f["line"]) for f in found) == [
        ("cache-endpoint-missing", 3),
        ("cache-endpoint-missing", 3),
        ("repo-registration-anchor", 4),
    ]
    messages = " ".join(f["message"] for f in found)
    assert "has no attic_server" in messages and "has no bazel_cache_endpoint" in messages
    _, found = compat("executor-no-cache.tfvars")
    assert ("executor-without-cache", 9) in {(f["rule"], f["line"]) for f in found}
