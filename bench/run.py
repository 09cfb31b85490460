"""Benchmarks, measured side by side in one run; prints a table of ratios.

  .venv/bin/python bench/run.py [--quick] [--sizes 10,100,1000] [--skip-bazel]
                                [--real-overlay DIR]

Sections: start-up against the import floor of what each command imports,
the operators' taxonomy command against a regex stand-in of their script
(bench/regex_taxonomy.py) on the real overlay's tfvars (--real-overlay: a
checkout of Great-Falls-Tool-Bus/great-falls-tool-bus-infra), the two HCL
parsers side by side (bench/hcl_compare.py), estate scale (time per overlay
and peak memory for N overlays), secret-scan throughput against the scanner
library's own CLI, the operator/substrate/PII/kustomize guards over a 10 MB
tree (bench/guards_bench.py), the adversarial review's worst inputs against
the 2 s / 200 MB goal and the secret scan's worst cases against an ordinary
file of the same size (`--adversarial` runs only those), and Bazel: one
example overlay cold against the same checks through the CLI, and fully
cached against Bazel's own floor. Commands compared in a row run
interleaved, so both see the same machine.
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
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
import generate
import guards_bench
import profile_gap
import regex_taxonomy

from overlay_preflight.loaders import Source
from overlay_preflight.loaders.tfvars import load_tfvars

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
EXAMPLE = REPO / "examples/tinyland-infra"
REAL_TFVARS = "tofu/stacks/arc-runners/great-falls-tool-bus.tfvars"
LOADED = """import json, sys
before = set(sys.modules)
from overlay_preflight import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
site = {m.split(".")[0] for m in set(sys.modules) - before
        if "site-packages" in (getattr(sys.modules[m], "__file__", None) or "")}
print("\\nLOADED " + json.dumps(sorted(site)))
"""


def run_quiet(cmd: list[str], cwd: Path = REPO) -> None:
    subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, check=False)


def timed(cmd: list[str], runs: int, cwd: Path = REPO) -> float:
    """Median wall time of `runs` runs (after one warm-up run)."""
    return paired([cmd], runs, cwd)[0]


def paired(cmds: list[list[str]], runs: int, cwd: Path = REPO) -> list[float]:
    """Median wall time of each command (see `sampled`)."""
    return sampled(cmds, runs, cwd)[0]


def sampled(cmds: list[list[str]], runs: int, cwd: Path = REPO) -> tuple[list[float], list[float]]:
    """Median wall time and median CPU time (user + sys, the process and the
    children it waited for) of each command, the commands interleaved run by
    run after one warm-up run of each, so that load on the machine hits all.
    CPU time is what a single-threaded command costs; on a busy machine it
    is far less disturbed than wall time."""
    for cmd in cmds:
        run_quiet(cmd, cwd)
    walls: list[list[float]] = [[] for _ in cmds]
    cpus: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for cmd, wall, cpu in zip(cmds, walls, cpus, strict=True):
            start = time.perf_counter()
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            _, _, usage = os.wait4(proc.pid, 0)
            wall.append(time.perf_counter() - start)
            cpu.append(usage.ru_utime + usage.ru_stime)
    return [statistics.median(w) for w in walls], [statistics.median(c) for c in cpus]


# Peak memory is the process image's own VmHWM, read at exit: ru_maxrss of a
# child keeps the high-water mark of the (larger) bench process it forked from.
HWM = """import atexit, sys
def _peak():
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    print(f"\\nPEAK_KB {kb}", file=sys.stderr)
atexit.register(_peak)
"""
MODULE = "import runpy; runpy.run_module('overlay_preflight', run_name='__main__')"


def peak_mb(code: str, args: list[str], cwd: Path = REPO) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + sys) and peak memory (MB) of one
    `python -c code args...`."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [PY, "-c", HWM + code, *args],
        cwd=cwd,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    err = proc.stderr.read()
    _, _, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    kb = int(err.rstrip().rpartition("PEAK_KB ")[2])
    return seconds, usage.ru_utime + usage.ru_stime, kb / 1024


def floor_of(argv: list[str]) -> list[str]:
    """`python -c "import <every library the command imported>"`."""
    out = subprocess.run(
        [PY, "-c", LOADED, *argv], cwd=REPO, env=ENV, capture_output=True, text=True
    ).stdout
    libraries = json.loads(out.rstrip().splitlines()[-1].removeprefix("LOADED "))
    return [PY, "-c", "import " + ", ".join(libraries) if libraries else "pass"]


def vs_floor(what: str, argv: list[str], runs: int, target: float | None, notes: list) -> list:
    floor = floor_of(argv)
    (ours, base), (ours_cpu, base_cpu) = sampled(
        [[PY, "-m", "overlay_preflight", *argv], floor], runs
    )
    if target is not None and ours_cpu / base_cpu > target:
        libraries = floor[2].removeprefix("import ").split(", ") if floor[2] != "pass" else []
        notes += profile_gap.explain(what, argv, floor[1:], ENV, libraries=libraries)
    label = f"{what} vs its import floor ({floor[2]})"
    return [
        ("start-up", f"{label}, wall", ours, base, target),
        ("start-up", f"{label}, CPU", ours_cpu, base_cpu, target),
    ]


def in_process(fn, runs: int) -> float:
    """The fastest of `runs` calls (as timeit reports): the least disturbed."""
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return min(samples)


def startup(runs: int, real: Path | None, notes: list) -> list[tuple]:
    enroll = ["enrollment", "--overlay-root", str(EXAMPLE), "--expected-core-ref", SHA]
    rows = vs_floor("enrollment on one example", enroll, runs, 1.3, notes)
    if real is not None:
        tfvars = str(real / REAL_TFVARS)
        lines = Path(tfvars).read_text().count("\n")
        script = Path(PY).parent / "validate-overlay-runner-taxonomy"
        stand_in = [PY, str(REPO / "bench/regex_taxonomy.py"), tfvars]
        (ours, theirs), (ours_cpu, theirs_cpu) = sampled([[str(script), tfvars], stand_in], runs)
        label = (
            f"validate-overlay-runner-taxonomy vs a regex stand-in of the operators' "
            f"script, on the real {lines}-line tfvars"
        )
        rows.append(("start-up", f"{label}, wall", ours, theirs, 1.0))
        rows.append(("start-up", f"{label}, CPU", ours_cpu, theirs_cpu, 1.0))
        theirs_script = real / "scripts/validate-overlay-runner-taxonomy.py"
        if theirs_script.is_file():  # the stand-in against the script it stands in for
            (script_s, stand_s), (script_cpu, stand_cpu) = sampled(
                [[PY, str(theirs_script), tfvars], stand_in], runs
            )
            label = "the operators' own script vs the regex stand-in (calibration)"
            rows.append(("start-up", f"{label}, wall", script_s, stand_s, None))
            rows.append(("start-up", f"{label}, CPU", script_cpu, stand_cpu, None))
        if ours_cpu / theirs_cpu > 1.0:
            notes += profile_gap.explain(
                "taxonomy vs the stand-in", ["taxonomy", tfvars], stand_in[1:], ENV
            )
        rows += vs_floor("taxonomy on the real tfvars", ["taxonomy", tfvars], runs, None, notes)
        src = Source(Path(tfvars), REAL_TFVARS)
        rows.append(
            (
                "start-up",
                f"in process, fastest of {runs * 20}: read + parse the {lines}-line tfvars with "
                "tree-sitter into values with lines vs the stand-in's read + regex pass",
                in_process(lambda: load_tfvars(src), runs * 20),
                in_process(lambda: regex_taxonomy.check(Path(tfvars), False), runs * 20),
                None,
            )
        )
    helps, rules, bare = paired(
        [
            [PY, "-m", "overlay_preflight", "--help"],
            [PY, "-m", "overlay_preflight", "rules"],
            [PY, "-c", "pass"],
        ],
        runs,
    )
    rows.append(("start-up", "--help vs bare python", helps, bare, None))
    rows.append(("start-up", "rules vs bare python", rules, bare, None))
    return rows


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
    rows: list[tuple] = []
    per: dict[str, dict[int, float]] = {"enrollment": {}, "topology": {}}
    cpu: dict[str, dict[int, float]] = {"enrollment": {}, "topology": {}}
    rss: dict[str, dict[int, float]] = {"enrollment": {}, "topology": {}}
    biggest = generate.estate(tmp / "estate", max(sizes))
    owner = REPO / "examples/tinyland-infra"
    for n in sizes:
        roots = [str(r) for r in biggest[:n]]
        runs = {
            "enrollment": (ENROLL_EACH.format(sha=SHA), roots),
            "topology": (
                MODULE,
                ["topology", str(owner), *roots, "--format", "json", "--output", "/dev/null"],
            ),
        }
        for command, (code, argv) in runs.items():
            seconds, cpu_s, mb = peak_mb(code, argv)
            per[command][n], cpu[command][n], rss[command][n] = seconds / n, cpu_s / n, mb
            rows.append(
                (
                    "estate",
                    f"{command} over N={n}: s/overlay wall (CPU {cpu_s / n:.4f}; peak {mb:.0f} MB)",
                    per[command][n],
                    None,
                    None,
                )
            )
    if len(sizes) >= 2:
        a, b = sorted(sizes)[-2:]
        for command in ("enrollment", "topology"):
            growth = f"{command} time/overlay growth N={a} -> N={b}"
            rows.append(("estate", f"{growth}, CPU", cpu[command][b], cpu[command][a], 1.2))
            rows.append(("estate", f"{growth}, wall", per[command][b], per[command][a], None))
            rows.append(
                (
                    "estate",
                    f"{command} peak RSS (MB) N={a} -> N={b}",
                    rss[command][b],
                    rss[command][a],
                    None,
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
        "--real-overlay",
        type=Path,
        help="a checkout of the real public overlay (Great-Falls-Tool-Bus/"
        "great-falls-tool-bus-infra) for the taxonomy and parser rows",
    )
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
    real = args.real_overlay.resolve() if args.real_overlay else None
    if real is not None and not (real / REAL_TFVARS).is_file():
        parser.error(f"--real-overlay: no {REAL_TFVARS} under {real}")
    notes: list[str] = []

    def parsers(tmp: Path) -> list[tuple]:
        import hcl_compare

        sample = real / REAL_TFVARS if real else EXAMPLE / "tofu/stacks/arc-runners/tinyland.tfvars"
        rows, found = hcl_compare.run(sampled, PY, real, sample, args.runs)
        notes.extend(found)
        return rows

    import adversarial

    sections = [
        lambda tmp: startup(args.runs, real, notes),
        parsers,
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

        sections.append(lambda tmp: bazel_bench.cold_example(tmp, args.runs))
        sections.append(lambda tmp: bazel_bench.run(tmp, args.bazel_targets))
    rows = []
    for section in sections:
        with tempfile.TemporaryDirectory() as tmp:
            rows += section(Path(tmp))
        print(render(rows[-1:]).splitlines()[-1], flush=True)  # progress
    print()
    print(render(rows))
    print()
    print("\n".join(f"- {note}" for note in notes))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
