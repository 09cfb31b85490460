"""Run a real Bazel from tests and read its test summary.

    rc, out = run_bazel(ws, ["test", "//..."], output_user_root=root)
    summary = parse_test_summary(out)
    summary.cached            # labels reported "(cached) PASSED"
    summary.remote_cache_hits # from "INFO: 9 processes: 4 remote cache hit, 5 internal."

Bazel keeps a server per (output_user_root, workspace): the first command
in a workspace pays the JVM start (~1-2 s on 2 cores), later ones do not. Use a
`BazelServers` to run commands and to `bazel shutdown` every server it
started when done; `--max_idle_secs` (default 300) is the backstop if a test
process dies before that.

Written for Debian's bazel-bootstrap 4.2.3 (WORKSPACE only, offline), and
kept general for the example overlays: any command, any flags.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from .paths import REPO

__all__ = [
    "BAZEL",
    "UI_FLAGS",
    "BazelResult",
    "BazelServers",
    "TargetResult",
    "TestSummary",
    "copy_checkout",
    "offline_overrides",
    "parse_test_summary",
    "run_bazel",
    "shutdown_bazel",
]

BAZEL = os.environ.get("OVERLAY_PREFLIGHT_BAZEL") or shutil.which("bazel") or "/usr/bin/bazel"

#: Quiet, plain, machine-readable output; valid for every command.
UI_FLAGS = ("--noshow_progress", "--color=no", "--curses=no")
#: Added for commands that build. Debian's /etc/bazel/bazelrc turns on
#: --sandbox_debug, which prints a page per sandboxed action and keeps every
#: sandbox on disk; cache keys do not depend on it.
BUILD_FLAGS = ("--nosandbox_debug",)
BUILD_COMMANDS = frozenset({"build", "test", "run", "coverage", "cquery", "aquery"})
#: Added for `test` and `coverage` only.
TEST_FLAGS = ("--test_output=errors",)

#: Debian's rules_java (package bazel-rules-java); @rules_java must map here
#: for Bazel 4.2.3 to run offline.
RULES_JAVA = "/usr/share/bazel/rules/java"

# Startup options. System rc stays on: Debian's /etc/bazel/bazelrc sets the
# install base Bazel needs. The user's ~/.bazelrc (disk caches, remote flags)
# would change what a test observes, so it is off unless asked for.
DEFAULT_STARTUP = ("--nohome_rc",)


class BazelResult(NamedTuple):
    """(returncode, output): stdout and stderr interleaved as Bazel wrote them."""

    returncode: int
    output: str

    def summary(self) -> TestSummary:
        return parse_test_summary(self.output)


def _command_index(args: Sequence[str]) -> int:
    for i, a in enumerate(args):
        if not a.startswith("-"):
            return i
    raise ValueError(f"no Bazel command in {list(args)!r}")


def bazel_argv(
    args: Sequence[str],
    output_user_root: str | os.PathLike[str],
    *,
    batch: bool = False,
    max_idle_secs: int | None = 300,
    startup_options: Sequence[str] = (),
    ui_flags: bool = True,
    bazel: str = BAZEL,
) -> list[str]:
    """The full command line: bazel <startup> <command> <default flags> <args...>."""
    startup = [f"--output_user_root={os.fspath(output_user_root)}", *DEFAULT_STARTUP]
    if batch:
        startup.append("--batch")
    elif max_idle_secs is not None:
        startup.append(f"--max_idle_secs={max_idle_secs}")
    startup += list(startup_options)
    i = _command_index(args)
    command, rest = args[i], list(args[i + 1 :])
    startup += list(args[:i])  # startup options given inline in args
    defaults: list[str] = []
    if ui_flags and command not in ("shutdown", "version"):
        defaults += UI_FLAGS
        if command in BUILD_COMMANDS:
            defaults += BUILD_FLAGS
        if command in ("test", "coverage"):
            defaults += TEST_FLAGS
    return [bazel, *startup, command, *defaults, *rest]


def run_bazel(
    workspace: str | os.PathLike[str],
    args: Sequence[str],
    output_user_root: str | os.PathLike[str],
    *,
    batch: bool = False,
    max_idle_secs: int | None = 300,
    startup_options: Sequence[str] = (),
    ui_flags: bool = True,
    env: Mapping[str, str] | None = None,
    timeout: float = 900,
    check: bool = False,
    bazel: str = BAZEL,
) -> BazelResult:
    """Run `bazel <args>` in `workspace`; return (returncode, stdout+stderr).

    `args` starts with the command (`["test", "//...", "--remote_cache=..."]`);
    startup options may precede it or go in `startup_options`. `check=True`
    raises `BazelError` on a non-zero exit (test failures exit 3).
    """
    argv = bazel_argv(
        args,
        output_user_root,
        batch=batch,
        max_idle_secs=max_idle_secs,
        startup_options=startup_options,
        ui_flags=ui_flags,
        bazel=bazel,
    )
    run_env = dict(os.environ if env is None else env)
    run_env.setdefault("HOME", os.path.expanduser("~"))
    proc = subprocess.run(
        argv,
        cwd=workspace,
        env=run_env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=timeout,
        check=False,
    )
    result = BazelResult(proc.returncode, proc.stdout.decode("utf-8", "replace"))
    if check and result.returncode != 0:
        raise BazelError(argv, result)
    return result


class BazelError(RuntimeError):
    def __init__(self, argv: Sequence[str], result: BazelResult) -> None:
        tail = "\n".join(result.output.splitlines()[-40:])
        super().__init__(f"{' '.join(argv)} exited {result.returncode}:\n{tail}")
        self.result = result


def shutdown_bazel(
    workspace: str | os.PathLike[str],
    output_user_root: str | os.PathLike[str],
    *,
    timeout: float = 60,
) -> BazelResult | None:
    """`bazel shutdown` for that server (no-op if the workspace or root is gone)."""
    if not Path(workspace).is_dir() or not Path(output_user_root).is_dir():
        return None
    return run_bazel(workspace, ["shutdown"], output_user_root, timeout=timeout)


class BazelServers:
    """Runs Bazel commands and remembers each (workspace, output_user_root) so
    `shutdown_all()` can stop every server it started. A context manager."""

    def __init__(self, **defaults: object) -> None:
        self.defaults = defaults
        self.used: dict[tuple[str, str], None] = {}

    def run(
        self,
        workspace: str | os.PathLike[str],
        args: Sequence[str],
        output_user_root: str | os.PathLike[str],
        **kwargs: object,
    ) -> BazelResult:
        opts = {**self.defaults, **kwargs}
        if not opts.get("batch"):
            key = (os.path.realpath(workspace), os.path.realpath(output_user_root))
            self.used[key] = None
        return run_bazel(workspace, args, output_user_root, **opts)  # type: ignore[arg-type]

    def shutdown_all(self) -> list[str]:
        """Shut every server down; return the problems (empty when all went well)."""
        problems = []
        for ws, root in list(self.used):
            try:
                res = shutdown_bazel(ws, root)
            except subprocess.TimeoutExpired:
                problems.append(f"bazel shutdown timed out: {ws} ({root})")
                continue
            if res is not None and res.returncode != 0:
                problems.append(f"bazel shutdown {ws} ({root}) -> {res.returncode}: {res.output}")
            del self.used[(ws, root)]
        return problems

    def __enter__(self) -> BazelServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown_all()


# ---------------------------------------------------------------------------
# Summary parsing
# ---------------------------------------------------------------------------

_STATUSES = (
    "FAILED TO BUILD",
    "NO STATUS",
    "PASSED",
    "FAILED",
    "FLAKY",
    "TIMEOUT",
    "INCOMPLETE",
    "SKIPPED",
    "REMOTE FAILURE",
    "BUILD FAILURE",
)
_TARGET_LINE = re.compile(
    r"^(?P<label>(?:@[\w.~+-]*)?//[^\s]*)\s+(?P<cached>\(cached\)\s+)?"
    r"(?P<status>" + "|".join(re.escape(s) for s in _STATUSES) + r")\b"
    r"(?:.*?\bin (?P<time>[\d.]+)s)?",
    re.M,
)
_EXECUTED = re.compile(r"^Executed (\d+) out of (\d+) tests?", re.M)
_PROCESSES = re.compile(r"^INFO: (\d+) process(?:es)?(?:: (.*?))?\.?$", re.M)
_PROCESS_PART = re.compile(r"^(\d+) (.+)$")


@dataclasses.dataclass(frozen=True)
class TargetResult:
    label: str
    status: str  # PASSED, FAILED, NO STATUS, FAILED TO BUILD, FLAKY, TIMEOUT, ...
    cached: bool
    seconds: float | None = None


@dataclasses.dataclass
class TestSummary:
    """What one `bazel test` printed. Counts are None when the line is missing."""

    __test__ = False  # not a pytest test class

    targets: dict[str, TargetResult]
    executed: int | None = None  # "Executed X out of Y tests"
    total: int | None = None
    processes: int | None = None  # "INFO: N processes: ..."
    process_kinds: dict[str, int] = dataclasses.field(default_factory=dict)

    def labels(self, status: str | None = None, cached: bool | None = None) -> set[str]:
        return {
            t.label
            for t in self.targets.values()
            if (status is None or t.status == status) and (cached is None or t.cached == cached)
        }

    @property
    def passed(self) -> set[str]:
        return self.labels("PASSED")

    @property
    def failed(self) -> set[str]:
        return {t.label for t in self.targets.values() if t.status != "PASSED"}

    @property
    def cached(self) -> set[str]:
        """Targets whose result came from a cache (local or remote)."""
        return self.labels(cached=True)

    @property
    def ran(self) -> set[str]:
        """Targets reported without "(cached)", i.e. executed in this build."""
        return self.labels(cached=False)

    @property
    def remote_cache_hits(self) -> int:
        return self.process_kinds.get("remote cache hit", 0)

    @property
    def disk_cache_hits(self) -> int:
        return self.process_kinds.get("disk cache hit", 0)


def parse_test_summary(output: str) -> TestSummary:
    """Parse the end-of-build summary of `bazel test` (last one in `output`)."""
    targets: dict[str, TargetResult] = {}
    for m in _TARGET_LINE.finditer(output):
        t = float(m["time"]) if m["time"] else None
        targets[m["label"]] = TargetResult(m["label"], m["status"], bool(m["cached"]), t)
    summary = TestSummary(targets)
    executed = _EXECUTED.findall(output)
    if executed:
        summary.executed, summary.total = (int(x) for x in executed[-1])
    procs = _PROCESSES.findall(output)
    if procs:
        count, detail = procs[-1]
        summary.processes = int(count)
        for part in filter(None, (p.strip() for p in detail.split(","))):
            pm = _PROCESS_PART.match(part)
            if pm:
                kind = pm[2]
                summary.process_kinds[kind] = summary.process_kinds.get(kind, 0) + int(pm[1])
    return summary


# ---------------------------------------------------------------------------
# Checkouts and the offline stand-ins
# ---------------------------------------------------------------------------

_STANDINS = ("rules_cc", "remote_coverage_tools")


def copy_checkout(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> Path:
    """Copy the files git lists under `src` (tracked, or untracked and not
    ignored: what a fresh clone plus work in progress holds) to `dst`. Never
    bazel-* symlinks, .venv or node_modules; works for this checkout and for
    a directory inside it (an example)."""
    src, dst = Path(src), Path(dst)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
        cwd=src,
        check=True,
        capture_output=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = src / rel
        if source.is_file() or source.is_symlink():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dst / rel, follow_symlinks=False)
    return dst


def offline_overrides(directory: str | os.PathLike[str]) -> list[str]:
    """Bazel 4.2 offline, for a workspace that is not this checkout (the
    examples): write the stand-ins this checkout's WORKSPACE declares
    (third_party/bazel, BUILD.in -> BUILD.bazel) under `directory` and return
    the --override_repository flags for them and Debian's rules_java."""
    base = Path(directory)
    flags = [f"--override_repository=rules_java={RULES_JAVA}"]
    for name in _STANDINS:
        src, dest = REPO / "third_party/bazel" / name, base / name
        for path in src.rglob("*"):
            if path.is_file():
                target = dest / path.relative_to(src)
                if target.name == "BUILD.in":
                    target = target.with_name("BUILD.bazel")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
        (dest / "WORKSPACE").write_text(f'workspace(name = "{name}")\n')
        flags.append(f"--override_repository={name}={dest}")
    return flags


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 3 or sys.argv[1] != "offline-rc":
        sys.exit("usage: python3 tests/support/bazel.py offline-rc DIR  (prints .bazelrc lines)")
    for flag in offline_overrides(sys.argv[2]):
        print(f"build {flag}")
