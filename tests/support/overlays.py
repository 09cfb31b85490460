"""Copy an overlay for a test: never into Bazel's convenience symlinks.

`fixture_overlay` builds a rule fixture's overlay: the fixture's own files
over its group's shared files (tests/fixtures/<group>/base/, e.g. the
organization.yaml every workflow fixture uses); a fixture's own file wins.

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
    """tests/fixtures/GROUP/CASE (e.g. workflows, negative/RULE) over
    tests/fixtures/GROUP/base/, as an overlay at `dst`."""
    root = copy_overlay(FIXTURES / group / case, dst)
    base = FIXTURES / group / "base"
    for path in sorted(base.rglob("*")) if base.is_dir() else ():
        own = root / path.relative_to(base)
        if path.is_file() and not own.exists():
            own.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, own)
    return root
