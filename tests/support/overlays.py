"""Copy an overlay for a test: never into Bazel's convenience symlinks.

`bazel test` inside an example leaves `bazel-*` symlinks into the output
base, whose external/ tree links back to this repository; following them
copies the execroot recursively. Copy symlinks as links, and skip bazel-*.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_overlay(src: Path, dst: Path) -> Path:
    return Path(shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("bazel-*")))
