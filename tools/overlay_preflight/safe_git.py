"""git, read-only, in a checkout that is not trusted.

An overlay under review is someone else's checkout: its `.git/config` can
name commands that git runs on its own (`core.fsmonitor` during `ls-files`,
hooks, a pager). Every git call here overrides those on the command line,
which wins over any config file, reads no system or global config, takes no
`GIT_*` variable from the environment (`GIT_DIR`, `GIT_CONFIG_*`,
`GIT_EXTERNAL_DIFF`...), never prompts and never trusts a directory it would
not trust by default (no `safe.directory` is added).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

# Command-line config: the highest precedence git has.
NEUTRAL = (
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.pager=cat",
    "-c",
    "core.untrackedCache=false",
    "-c",
    "core.sshCommand=false",
    "-c",
    "protocol.allow=never",
    "-c",
    "diff.external=",
    "--no-pager",
)


def environment() -> dict[str, str]:
    """The environment git runs in: no GIT_* from ours, no config files but
    the repository's own (whose command-running keys NEUTRAL overrides)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_OPTIONAL_LOCKS": "0",
            "LC_ALL": "C",
        }
    )
    env.setdefault("PATH", "/usr/bin:/bin:/usr/local/bin")
    return env


def run(
    cwd: Path | str, *args: str, timeout: float = 60, text: bool = False
) -> subprocess.CompletedProcess[Any]:
    """`git -C cwd <NEUTRAL> args...`; raises OSError / SubprocessError like
    subprocess.run."""
    return subprocess.run(
        ["git", "-C", str(cwd), *NEUTRAL, *args],
        capture_output=True,
        timeout=timeout,
        check=False,
        text=text,
        env=environment(),
        stdin=subprocess.DEVNULL,
    )
