"""Benchmarks, measured side by side in one run; prints a table of ratios.

  .venv/bin/python bench/run.py [--quick] [--sizes 10,100,1000] [--skip-bazel]

Sections: start-up against the import floor, estate scale (time per overlay
and peak memory for N overlays), secret-scan throughput against the scanner
library's own CLI, and fully cached Bazel against Bazel's own floor.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
FLOOR_IMPORTS = "import yaml, jsonschema, hcl2, detect_secrets.core.scan"


def timed(cmd: list[str], runs: int, cwd: Path = REPO) -> float:
    """Median wall time of `runs` runs (after one warm-up run)."""
    subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def peak_mb(cmd: list[str], cwd: Path = REPO) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run, from GNU time-like rusage."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def startup(runs: int) -> list[tuple]:
    example = REPO / "examples/tinyland-infra"
    floor = timed([PY, "-c", FLOOR_IMPORTS], runs)
    enroll = timed([PY, "-m", "overlay_preflight", "enrollment", "--overlay-root", str(example),
                    "--expected-core-ref", SHA], runs)
    bare = timed([PY, "-c", "pass"], runs)
    helps = timed([PY, "-m", "overlay_preflight", "--help"], runs)
    rules = timed([PY, "-m", "overlay_preflight", "rules"], runs)
    # The hcl2 trap: parser tables rebuilt when the cache file is unusable.
    cold = timed([PY, "-c", "import hcl2.parser as p, lark; p.PARSER_FILE = '/nonexistent/x'; "
                  "p.parser.cache_clear(); import hcl2; hcl2.loads('a = 1')"], max(3, runs // 2))
    warm = timed([PY, "-c", "import hcl2; hcl2.loads('a = 1')"], runs)
    return [
        ("start-up", "enrollment on one example vs import floor", enroll, floor, 1.3),
        ("start-up", "--help vs bare python", helps, bare, None),
        ("start-up", "rules vs bare python", rules, bare, None),
        ("start-up", "hcl2 first parse, warmed cache vs no cache", warm, cold, None),
    ]


def estate_scale(sizes: list[int], tmp: Path) -> list[tuple]:
    rows = []
    per = {}
    biggest = generate.estate(tmp / "estate", max(sizes))
    for n in sizes:
        roots = biggest[:n]
        script = ("import sys; from overlay_preflight import cli\n"
                  "for r in sys.argv[1:]:\n"
                  f"    cli.main(['enrollment', '--overlay-root', r, '--expected-core-ref', "
                  f"'{SHA}', '--format', 'json', '--output', '/dev/null'])\n")
        seconds, mb = peak_mb([PY, "-c", script, *map(str, roots)])
        per[n] = seconds / n
        rows.append(("estate", f"enrollment over N={n}: s/overlay, peak MB {mb:.0f}",
                     per[n], None, None))
    if len(sizes) >= 2:
        a, b = sorted(sizes)[-2:]
        rows.append(("estate", f"enrollment time/overlay growth {a} -> {b}",
                     per[b], per[a], 1.2))
    return rows


def render(rows: list[tuple]) -> str:
    out = ["| section | measure | value | baseline | ratio | target |",
           "|---|---|---|---|---|---|"]
    for section, what, value, base, target in rows:
        ratio = f"{value / base:.2f}x" if base else "-"
        verdict = "-" if target is None or not base else (
            f"<= {target}x {'met' if value / base <= target else 'MISSED'}")
        base_s = f"{base:.4f}" if base else "-"
        out.append(f"| {section} | {what} | {value:.4f} | {base_s} | {ratio} | {verdict} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--quick", action="store_true", help="fewer runs, sizes 10,100")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--bazel-targets", type=int, default=100)
    parser.add_argument("--skip-bazel", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.sizes = 5, "10,100"
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"machine: {platform.platform()}, {os.cpu_count()} cpus, Python "
          f"{platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        rows = startup(args.runs) + estate_scale(sizes, Path(tmp))
        if not args.skip_bazel:
            import bazel_bench

            rows += bazel_bench.run(Path(tmp), args.bazel_targets)
    print(render(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
