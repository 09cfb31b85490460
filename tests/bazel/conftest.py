"""One Bazel server for the whole session, on a copy of this checkout.

The copy keeps the real checkout untouched (tests edit inputs) and the
output root is a fresh temp dir, so nothing cached from earlier runs counts.
"""

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Bazel:
    workspace: Path
    output_user_root: Path

    def __call__(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        cmd = ["bazel", f"--output_user_root={self.output_user_root}", "--max_idle_secs=300", *args]
        proc = subprocess.run(cmd, cwd=self.workspace, text=True, capture_output=True, timeout=900)
        proc.output = proc.stdout + proc.stderr
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.output}")
        return proc


def _checkout_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [f for f in out.split("\0") if f and (REPO / f).is_file()]


def copy_checkout(workspace: Path) -> None:
    for rel in _checkout_files():
        dest = workspace / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / rel, dest)


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


def pytest_collection_modifyitems(items):
    if os.environ.get("OVERLAY_PREFLIGHT_SKIP_BAZEL"):
        skip = pytest.mark.skip(reason="OVERLAY_PREFLIGHT_SKIP_BAZEL is set")
        for item in items:
            if "bazel" in item.keywords:
                item.add_marker(skip)
