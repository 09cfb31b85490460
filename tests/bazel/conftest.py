"""One Bazel server for the whole session, on a copy of this checkout.

The copy keeps the real checkout untouched (tests edit inputs) and the
output root is a fresh temp dir, so nothing cached from earlier runs counts.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from support.cache_fixtures import *  # noqa: F403 - cache servers, bazel_servers, output roots

from .bazel_harness import Bazel, copy_checkout


@pytest.fixture(scope="session")
def bazel_root():
    if shutil.which("bazel") is None:
        pytest.skip("bazel is not installed (run ./setup)")
    # Short path: Bazel's server socket lives under the output root.
    root = Path(tempfile.mkdtemp(prefix="opbz-"))
    yield root
    subprocess.run(["chmod", "-R", "u+w", str(root)], check=False)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def bazel(bazel_root):
    copy_checkout(bazel_root / "ws")
    runner = Bazel(workspace=bazel_root / "ws", output_user_root=bazel_root / "out")
    try:
        yield runner
    finally:
        runner("shutdown")


@pytest.fixture(scope="session")
def testlogs(bazel) -> Path:
    return Path(bazel("info", "bazel-testlogs", check=True).stdout.strip())
