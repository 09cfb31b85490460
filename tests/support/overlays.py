"""Copy an overlay for a test: never into Bazel's convenience symlinks.

`fixture_overlay` builds a rule fixture's overlay: the fixture's own files
over the base organization.yaml of its group (tests/fixtures/<group>/
organization.yaml), unless the fixture brings its own.

`bazel test` inside an example leaves `bazel-*` symlinks into the output
base, whose external/ tree links back to this repository; following them
copies the execroot recursively. Copy symlinks as links, and skip bazel-*.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_overlay(src: Path, dst: Path) -> Path:
    return Path(shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("bazel-*")))


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def fixture_overlay(group: str, case: str, dst: Path) -> Path:
    """tests/fixtures/GROUP/CASE (e.g. workflows, negative/RULE) as an
    overlay at `dst`."""
    root = copy_overlay(FIXTURES / group / case, dst)
    base = FIXTURES / group / "organization.yaml"
    own = root / "config/organization.yaml"
    if base.is_file() and not own.exists():
        own.parent.mkdir(exist_ok=True)
        shutil.copyfile(base, own)
    return root
