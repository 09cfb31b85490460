"""`if:` conditions in three values: an event gates a job only when the
condition is false whenever github.event_name is that event."""

from __future__ import annotations

import pytest

from overlay_preflight.checks.workflow_expressions import (
    UNKNOWN,
    evaluate,
    ignores_needs,
    may_run,
    secret_names,
)


@pytest.mark.parametrize(
    ("condition", "on_pull_request", "on_push"),
    [
        (None, True, True),
        ("github.event_name == 'push' || github.event_name == 'workflow_dispatch'", False, True),
        ("${{ github.event_name != 'pull_request' }}", False, True),
        ("always()", True, True),
        ("success() && github.event_name == 'push'", False, True),
        ('contains(fromJSON(\'["push", "schedule"]\'), github.event_name)', False, True),
        ("github.event.inputs.action == 'apply'", True, True),
        ("!(github.event_name == 'pull_request')", False, True),
        ("github.event_name == 'push' && github.ref == 'refs/heads/main'", False, True),
        ("startsWith(github.event_name, 'pull')", True, False),
        ("github.event_name == 'PULL_REQUEST'", True, False),
        ("github.event_name == 'push' || github.actor == 'me'", True, True),
        (False, False, False),
        ("garbage ((", True, True),
    ],
)
def test_may_run(condition, on_pull_request, on_push):
    assert may_run(condition, "pull_request") is on_pull_request
    assert may_run(condition, "push") is on_push


def test_evaluate_knows_only_what_it_is_told():
    assert evaluate("github.event_name", {"github.event_name": "push"}) == "push"
    assert evaluate("github['event_name']", {"github.event_name": "push"}) == "push"
    assert evaluate("inputs.x == 'y'", {}) is UNKNOWN
    assert evaluate("1 == 1 && 'a' != 'b'", {}) is True


def test_status_functions_and_secret_names():
    assert ignores_needs("always()") and ignores_needs("failure() || x")
    assert not ignores_needs("success() && github.event_name == 'push'")
    text = "a ${{ secrets.X }} b ${{ secrets['Y'] || secrets.GITHUB_TOKEN }} c ${{ github.token }}"
    assert list(secret_names(text)) == ["X", "Y", "GITHUB_TOKEN"]
