"""Running the real Bazel on a copy of this checkout (used by conftest.py)."""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

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
