"""Shared fixtures: the example overlays and an in-process CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import cli as _cli
from support.overlays import copy_overlay, fixture_overlay
from support.paths import CORE_SHA, EXAMPLES, REPO  # noqa: F401  (re-exported to tests)


@pytest.fixture
def run_cli():
    """Run `overlay-preflight ARGS...` in-process; returns code, out, err."""
    return _cli.run_cli


@pytest.fixture
def overlay_copy(tmp_path):
    """Copy an example overlay to a temp dir (no git), return its root."""

    def make(name: str = "tinyland-infra") -> Path:
        dest = tmp_path / name
        copy_overlay(EXAMPLES / name, dest)
        return dest

    return make


@pytest.fixture
def fixture_copy(tmp_path):
    """A rule fixture as an overlay in a temp dir: fixture_copy("workflows",
    "negative/RULE") (tests/support/overlays.fixture_overlay)."""

    def make(group: str, case: str) -> Path:
        return fixture_overlay(group, case, tmp_path / group / case)

    return make
