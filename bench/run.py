"""Benchmarks, measured side by side in one run; prints a table of ratios.

  .venv/bin/python bench/run.py [--quick] [--sizes 10,100,1000] [--skip-bazel]

Sections: start-up against the import floor, estate scale (time per overlay
and peak memory for N overlays), secret-scan throughput against the scanner
library's own CLI, the operator/substrate/PII/kustomize guards over a 10 MB
tree, the adversarial review's worst inputs against the 2 s / 200 MB goal
and the secret scan's worst cases against an ordinary file of the same size
(`--adversarial` runs only those), and fully cached Bazel against Bazel's
own floor.
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
import guards_bench

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
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def startup(runs: int) -> list[tuple]:
    example = REPO / "examples/tinyland-infra"
    floor = timed([PY, "-c", FLOOR_IMPORTS], runs)
    # python-hcl2 builds (or loads from its cache) its parser on the first
    # parse, which the import floor does not include: a second floor does.
    floor_parse = timed([PY, "-c", FLOOR_IMPORTS + "; hcl2.loads('a = 1')"], runs)
    enroll = timed(
        [
            PY,
            "-m",
            "overlay_preflight",
            "enrollment",
            "--overlay-root",
            str(example),
            "--expected-core-ref",
            SHA,
        ],
        runs,
    )
    bare = timed([PY, "-c", "pass"], runs)
    helps = timed([PY, "-m", "overlay_preflight", "--help"], runs)
    rules = timed([PY, "-m", "overlay_preflight", "rules"], runs)
    # The hcl2 trap: parser tables rebuilt when the cache file is unusable.
    cold = timed(
        [
            PY,
            "-c",
            "import hcl2.parser as p, lark; p.PARSER_FILE = '/nonexistent/x'; "
            "p.parser.cache_clear(); import hcl2; hcl2.loads('a = 1')",
        ],
        max(3, runs // 2),
    )
    warm = timed([PY, "-c", "import hcl2; hcl2.loads('a = 1')"], runs)
    return [
        ("start-up", "enrollment on one example vs import floor", enroll, floor, 1.3),
        (
            "start-up",
            "enrollment on one example vs import floor + first hcl2 parse",
            enroll,
            floor_parse,
            None,
        ),
        ("start-up", "--help vs bare python", helps, bare, None),
        ("start-up", "rules vs bare python", rules, bare, None),
        ("start-up", "hcl2 first parse, warmed cache vs no cache", warm, cold, None),
    ]


ENROLL_EACH = """import sys
from overlay_preflight import cli
for root in sys.argv[1:]:
    code = cli.main(["enrollment", "--overlay-root", root, "--expected-core-ref", "{sha}",
                     "--allow-repo-registration-anchor", "--strict",
                     "--expect-warning", "repo-registration-anchor",
                     "--format", "json", "--output", "/dev/null"])
    assert code == 0, (root, code)
"""


def estate_scale(sizes: list[int], tmp: Path) -> list[tuple]:
    """enrollment (one process, every overlay in turn) and topology (one
    invocation over all of them, with the controller owner) at each N."""
    rows, per = [], {"enrollment": {}, "topology": {}}
    biggest = generate.estate(tmp / "estate", max(sizes))
    owner = REPO / "examples/tinyland-infra"
    for n in sizes:
        roots = [str(r) for r in biggest[:n]]
        runs = {
            "enrollment": [PY, "-c", ENROLL_EACH.format(sha=SHA), *roots],
            "topology": [
                PY,
                "-m",
                "overlay_preflight",
                "topology",
                str(owner),
                *roots,
                "--format",
                "json",
                "--output",
                "/dev/null",
            ],
        }
        for command, argv in runs.items():
            seconds, mb = peak_mb(argv)
            per[command][n] = seconds / n
            rows.append(
                (
                    "estate",
                    f"{command} over N={n}: s/overlay (peak {mb:.0f} MB)",
                    per[command][n],
                    None,
                    None,
                )
            )
    if len(sizes) >= 2:
        a, b = sorted(sizes)[-2:]
        for command in ("enrollment", "topology"):
            rows.append(
                (
                    "estate",
                    f"{command} time/overlay growth N={a} -> N={b}",
                    per[command][b],
                    per[command][a],
                    1.2,
                )
            )
    return rows


def text_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def secret_throughput(tmp: Path, count: int) -> list[tuple]:
    """MB/s of `overlay-preflight secrets` against detect-secrets' own CLI,
    over the same synthetic tree (no git: both walk every file)."""
    tree = tmp / "secrets-estate"
    generate.estate(tree, count)
    size_mb = text_bytes(tree) / 1e6
    ours = timed(
        [
            PY,
            "-m",
            "overlay_preflight",
            "secrets",
            str(tree),
            "--format",
            "json",
            "--output",
            "/dev/null",
        ],
        3,
    )
    cli = Path(PY).parent / "detect-secrets"
    theirs = timed([str(cli), "scan", "--all-files", str(tree)], 3, cwd=tree)
    return [
        (
            "secrets",
            f"scan throughput MB/s over {size_mb:.1f} MB ({count} overlays): "
            "overlay-preflight vs detect-secrets CLI",
            size_mb / ours,
            size_mb / theirs,
            None,
        )
    ]


def hcl2_cache_in_tool_venv() -> list[tuple]:
    """The Bazel toolchain's venv must carry hcl2's parser tables from set-up:
    a sandbox cannot write them, so every test process would rebuild them."""
    lock = (REPO / "requirements.lock").read_bytes()
    home = Path(os.environ.get("OVERLAY_PREFLIGHT_HOME", Path.home() / ".cache/overlay-preflight"))
    venv = home / f"venv-{__import__('hashlib').sha256(lock).hexdigest()[:16]}"
    caches = list(venv.glob("lib/python*/site-packages/hcl2/.lark_cache.bin"))
    py = venv / "bin/python3"
    if not caches or not py.exists():
        return [("start-up", f"tool venv {venv.name}: hcl2 parser cache MISSING", 0.0, None, None)]
    first = timed([str(py), "-c", "import hcl2; hcl2.loads('a = 1')"], 5)
    return [
        (
            "start-up",
            f"tool venv {venv.name}: first hcl2 parse with the set-up cache (s)",
            first,
            None,
            None,
        )
    ]


def render(rows: list[tuple]) -> str:
    out = ["| section | measure | value | baseline | ratio | target |", "|---|---|---|---|---|---|"]
    for section, what, value, base, target in rows:
        ratio = f"{value / base:.2f}x" if base else "-"
        verdict = (
            "-"
            if target is None or not base
            else (f"<= {target}x {'met' if value / base <= target else 'MISSED'}")
        )
        base_s = f"{base:.4f}" if base else "-"
        out.append(f"| {section} | {what} | {value:.4f} | {base_s} | {ratio} | {verdict} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--quick", action="store_true", help="fewer runs, sizes 10,100")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON")
    parser.add_argument("--bazel-targets", type=int, default=100)
    parser.add_argument("--skip-bazel", action="store_true")
    parser.add_argument(
        "--adversarial",
        action="store_true",
        help="only the hostile-input rows (bench/adversarial.py)",
    )
    args = parser.parse_args()
    if args.quick:
        args.runs, args.sizes = 5, "10,100"
    sizes = [int(s) for s in args.sizes.split(",")]
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    import adversarial

    sections = [
        lambda tmp: startup(args.runs),
        lambda tmp: hcl2_cache_in_tool_venv(),
        lambda tmp: estate_scale(sizes, tmp),
        lambda tmp: secret_throughput(tmp, max(sizes[:2])),
        lambda tmp: guards_bench.run(tmp),
        lambda tmp: adversarial.secret_scan_cases(),
        adversarial.worst,
    ]
    if args.adversarial:
        sections = sections[-2:]
    elif not args.skip_bazel:
        import bazel_bench

        sections.append(lambda tmp: bazel_bench.run(tmp, args.bazel_targets))
    rows = []
    for section in sections:
        with tempfile.TemporaryDirectory() as tmp:
            rows += section(Path(tmp))
        print(render(rows[-1:]).splitlines()[-1], flush=True)  # progress
    print()
    print(render(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
