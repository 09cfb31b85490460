"""Run many CLI invocations cheaply, each in its own process with its own
resource limits: one worker process imports the tool once, then forks a
child per run. A child gets RLIMIT_CPU and RLIMIT_AS, its own stdout/stderr
files, cwd and environment; the worker waits for it with a wall-clock
deadline and kills it if it outlives that (a hang). Every child runs with
the network refused: any connect/send/resolve is recorded and fails.

    outcomes = run_batch([Run(...), ...], cpu_seconds=20, memory_mb=500)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[2] / "tools"


@dataclass
class Run:
    key: str
    argv: list[str]
    cwd: str
    stdout: str  # file the child's stdout goes to ("-" : closed)
    stderr: str
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    key: str
    code: int | None  # None: killed (see signal)
    signal: int | None
    wall: float
    cpu: float
    peak_mb: float
    hung: bool
    network: list[str]


WORKER = r"""
import json, os, resource, signal, socket, sys, time
attempts_path = sys.argv[1]
def refuse(name):
    def method(*a, **k):
        with open(attempts_path, "a") as h:
            h.write(name + "\n")
        raise OSError("network is forbidden in this run")
    return method
for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refuse("socket." + name))
for name in ("create_connection", "getaddrinfo", "gethostbyname"):
    setattr(socket, name, refuse(name))
from overlay_preflight import cli
import overlay_preflight.commands  # noqa: F401
try:  # the heavy imports once, before any fork
    import yaml, jsonschema, detect_secrets.core.scan  # noqa: F401
    from overlay_preflight.loaders.hcl import tree
    tree(b"a = 1\n")
except Exception:
    pass
spec = json.loads(sys.stdin.read())
cpu, mem, wall = spec["cpu"], spec["memory_mb"] * 1024 * 1024, spec["wall"]
# Attempts made while importing count against every run.
imported = []
if os.path.exists(attempts_path):
    imported = [l.strip() for l in open(attempts_path) if l.strip()]
for run in spec["runs"]:
    open(attempts_path, "w").close()
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
            os.chdir(run["cwd"])
            os.environ.update(run["env"])
            null = os.open(os.devnull, os.O_RDONLY)
            os.dup2(null, 0)
            if run["stdout"] == "-":
                os.close(1)
            else:
                os.dup2(os.open(run["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 1)
            os.dup2(os.open(run["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
            closed = run["stdout"] == "-"
            sys.stdout = None if closed else open(1, "w", encoding="utf-8", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
            code = cli.main(run["argv"])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 2
        except BaseException:
            code = 99
        try:
            if sys.stdout is not None:
                sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        os._exit(code)
    hung = False
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() - start > wall:
            os.kill(pid, signal.SIGKILL)
            done, status, usage = os.wait4(pid, 0)
            hung = True
            break
        time.sleep(0.005)
    seconds = time.monotonic() - start
    network = imported + [l.strip() for l in open(attempts_path) if l.strip()]
    print(json.dumps({
        "key": run["key"],
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "wall": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "hung": hung,
        "network": network,
    }), flush=True)
"""


def run_batch(
    runs: list[Run],
    *,
    cpu_seconds: int = 20,
    memory_mb: int = 500,
    wall_seconds: float = 60,
    scratch: Path,
    env: dict[str, str] | None = None,
) -> dict[str, Outcome]:
    """Each run in a forked child of one worker; outcomes by key."""
    spec = {
        "cpu": cpu_seconds,
        "memory_mb": memory_mb,
        "wall": wall_seconds,
        "runs": [asdict(r) for r in runs],
    }
    proc = subprocess.run(
        [sys.executable, "-c", WORKER, str(scratch / "network-attempts")],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
        timeout=wall_seconds * (len(runs) + 1),
        env={**os.environ, "PYTHONPATH": str(TOOLS), **(env or {})},
    )
    out = {}
    for line in proc.stdout.splitlines():
        item = json.loads(line)
        out[item["key"]] = Outcome(**item)
    missing = [r.key for r in runs if r.key not in out]
    assert not missing, f"worker lost runs {missing}: {proc.stderr[-2000:]}"
    return out
