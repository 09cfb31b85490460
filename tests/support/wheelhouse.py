"""Offline installs for the packaging tests: the wheelhouse ./setup fills, pip
told to use nothing else, and (where the kernel lets us) no network at all.

`./setup` downloads `requirements-wheelhouse.txt` into
`$OVERLAY_PREFLIGHT_HOME/wheelhouse-<hash>` (default home
`~/.cache/overlay-preflight`). `offline_env()` points pip at that directory
only: no index, no configuration file of this machine, no cache.
`offline_argv(cmd)` also runs the command in a fresh network namespace
(`unshare -n`: only a loopback that is down) when this user may create one, so
an install that would need the network fails instead of quietly downloading.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .paths import REPO


def wheelhouse() -> Path:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "requirements-wheelhouse.txt"):
        digest.update((REPO / name).read_bytes())
    default = Path.home() / ".cache/overlay-preflight"
    home = Path(os.environ.get("OVERLAY_PREFLIGHT_HOME") or default)
    path = home / f"wheelhouse-{digest.hexdigest()[:16]}"
    if not (path / ".complete").is_file():
        raise RuntimeError(f"{path} is missing or incomplete: run ./setup")
    return path


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(wheelhouse()),
        PIP_NO_CACHE_DIR="1",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        **extra,
    )
    return env


@functools.cache
def can_unshare_network() -> bool:
    unshare = shutil.which("unshare")
    if not unshare:
        return False
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


def offline_argv(argv: list[str]) -> list[str]:
    return ["unshare", "-n", *argv] if can_unshare_network() else argv


def fresh_venv(path: Path) -> Path:
    """A new venv from the interpreter running the tests; returns its bin/."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True, timeout=120)
    return path / "bin"
