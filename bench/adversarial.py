"""Bench rows for hostile input (the adversarial review's worst attempts).

- `worst`: each heavy or slow attempt of tests/support/hostile.py, run as a
  fresh process (start-up included, as an operator runs it): wall seconds
  against the 2 s goal and peak RSS against the 200 MB goal.
- `secret_scan`: the scan's worst cases (a line built to make regexes
  backtrack, thousands of PEM BEGIN lines) as the ratio of their scan time to
  that of an ordinary text file of the same size, in-process (median of 5).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "tools"))

from support import hostile  # noqa: E402

SLOW = {"1.10", "1.11", "1.15", "1.16", "1.167", "1.168", "1.170", "1.173", "1.174"}
GOAL_SECONDS, GOAL_MB = 2.0, 200.0


# Peak memory is the process's own VmHWM: ru_maxrss of a child would count
# the pages it shared with this (large) process before exec.
MEASURE = """
import sys
from overlay_preflight import cli
code = cli.main(sys.argv[1:])
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(int(hwm.split()[1]) / 1024, file=sys.stderr)
sys.exit(code)
"""


def _measure(argv: list[str], cwd: Path) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *argv],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    return seconds, float(proc.stderr.strip().splitlines()[-1]), proc.returncode


def worst(tmp: Path) -> list[tuple]:
    rows = []
    for n, case in enumerate(c for c in hostile.cases() if c.heavy or c.id in SLOW):
        d = tmp / f"w{n}"
        d.mkdir()
        seconds, mb, code = _measure(case.build(d), d)
        what = f"{case.id} {case.what} (exit {code})"
        rows.append(("adversarial", f"{what}: wall s vs 2 s goal", seconds, GOAL_SECONDS, 1.0))
        rows.append(("adversarial", f"{case.id}: peak MB vs 200 MB goal", mb, GOAL_MB, 1.0))
    return rows


def _ordinary(size: int) -> str:
    line = "  - name: build the overlay (see docs/runbook.md, step 3)\n    run: just check\n"
    return (line * (size // len(line) + 1))[:size]


def _scan_seconds(text: str) -> float:
    from overlay_preflight import secret_scan

    secret_scan.scan_texts({"warm.md": "x\n"})
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        secret_scan.scan_texts({"f.md": text})
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def secret_scan_cases() -> list[tuple]:
    cases = {
        "2.4 KB line: keyword + 2400 blanks (IBM detectors' cubic regex)": "api_key"
        + " " * 2400
        + "x\n",
        "60 KB line of '/' (npm detector's quadratic regex)": "/" * 60_000 + "\n",
        "60 KB line of 'sk-' (OpenAI detector's quadratic regex)": "sk-" * 20_000 + "\n",
        "8,000 PEM BEGIN lines, no END (224 KB)": "-----BEGIN PRIVATE KEY-----\n" * 8000,
        "30,000 PEM BEGIN lines, no END (840 KB)": "-----BEGIN PRIVATE KEY-----\n" * 30_000,
    }
    rows = []
    for what, text in cases.items():
        hostile_s = _scan_seconds(text)
        ordinary_s = _scan_seconds(_ordinary(len(text)))
        rows.append(
            (
                "secrets",
                f"scan of {what} vs an ordinary file of its size (s)",
                hostile_s,
                ordinary_s,
                10.0,
            )
        )
    return rows
