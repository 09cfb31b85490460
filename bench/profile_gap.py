"""Where a start-up row's time goes, for the rows that miss their target.

Two views, each the minimum over several fresh processes (the least
disturbed run): `-X importtime` self times of the modules our command
imports and its baseline does not, grouped; and the command's phases timed
in process (import the CLI, import the complete rule catalog, build the
parser with the command's module, load the files and run the checks, gate
and render).
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+\d+ \|( *)(\S+)")
PHASES = """import io, contextlib, sys, time
t0 = time.perf_counter()
from overlay_preflight import cli
t1 = time.perf_counter()
from overlay_preflight import catalog
t2 = time.perf_counter()
argv = sys.argv[1:]
parser = cli.build_parser(argv[0])
args = parser.parse_args(argv)
t3 = time.perf_counter()
outcome = args.impl.run(args)
t4 = time.perf_counter()
with contextlib.redirect_stdout(io.StringIO()):
    cli._finish(args, outcome)
t5 = time.perf_counter()
marks = (t0, t1, t2, t3, t4, t5)
print(*(round(1000 * b - 1000 * a, 2) for a, b in zip(marks, marks[1:])))
"""
PHASE_NAMES = (
    "import the CLI",
    "import the rule catalog (every check module)",
    "build the parser (imports the command)",
    "load the files and run the checks",
    "gate, render, print",
)


def self_times(argv: list[str], env: dict, runs: int) -> dict[str, int]:
    """Microseconds of import self time per module, the minimum over runs."""
    seen: dict[str, list[int]] = collections.defaultdict(list)
    for _ in range(runs):
        err = subprocess.run(
            [sys.executable, "-X", "importtime", *argv],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        ).stderr
        for match in IMPORT_LINE.finditer(err):
            seen[match.group(3)].append(int(match.group(1)))
    return {name: min(times) for name, times in seen.items()}


def group(name: str) -> str:
    top = name.split(".")[0]
    if top == "overlay_preflight":
        return "overlay_preflight (our modules)"
    if top in ("yaml", "_yaml"):
        return "yaml"
    if top.startswith("tree_sitter"):
        return "tree_sitter + tree_sitter_hcl"
    if top in ("jsonschema", "referencing", "rpds", "attr", "attrs", "jsonschema_specifications"):
        return "jsonschema (+ referencing, rpds, attrs)"
    return "standard library: " + top


def import_gap(ours: list[str], base: list[str], env: dict, runs: int) -> list[str]:
    mine, theirs = self_times(ours, env, runs), self_times(base, env, runs)
    extra: collections.Counter = collections.Counter()
    for name, micros in mine.items():
        if name not in theirs:
            extra[group(name)] += micros
    stdlib = sum(v for k, v in extra.items() if k.startswith("standard library"))
    top = [f"{k} {v / 1000:.1f} ms" for k, v in extra.most_common() if not k.startswith("standard")]
    names = [k.split(": ")[1] for k, _ in extra.most_common() if k.startswith("standard")][:6]
    total = sum(extra.values()) / 1000
    return [
        f"imports beyond the baseline, {total:.1f} ms of -X importtime self time: "
        + ", ".join(top)
        + f", standard library {stdlib / 1000:.1f} ms ({', '.join(names)}, ...)"
    ]


def phases(argv: list[str], env: dict, runs: int) -> list[str]:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", PHASES, *argv], cwd=REPO, env=env, capture_output=True, text=True
        ).stdout
        samples.append([float(x) for x in out.split()])
    best = min(samples, key=sum)
    return [
        "in-process phases of the fastest run: "
        + ", ".join(f"{name} {ms:.1f} ms" for name, ms in zip(PHASE_NAMES, best, strict=True))
    ]


# The run phase by check, with the command's libraries imported first (the
# floor), so that each check's time is its own work, not a first import.
BY_CHECK = """import importlib, json, sys, time
for name in sys.argv.pop(1).split(","):
    importlib.import_module(name)
from overlay_preflight import catalog, checks, cli
took = {}
def timed(name, check):
    def run(*args, **kwargs):
        start = time.perf_counter()
        found = list(check(*args, **kwargs))
        took[name] = took.get(name, 0.0) + time.perf_counter() - start
        return iter(found)
    return run
for module in checks.ALL:
    if hasattr(module, "check"):
        module.check = timed(module.__name__.rpartition(".")[2], module.check)
args = cli.build_parser(sys.argv[1]).parse_args(sys.argv[1:])
start = time.perf_counter()
args.impl.run(args)
took["(whole run)"] = time.perf_counter() - start
print(json.dumps(took))
"""


def by_check(argv: list[str], libraries: list[str], env: dict, runs: int) -> list[str]:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", BY_CHECK, ",".join(libraries) or "sys", *argv],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
        samples.append(json.loads(out))
    best = min(samples, key=lambda s: s["(whole run)"])
    whole = best.pop("(whole run)")
    top = sorted(best.items(), key=lambda kv: -kv[1])[:5]
    return [
        f"the run with its libraries already imported, fastest: {1000 * whole:.1f} ms, "
        "most of it in "
        + ", ".join(f"{name} {1000 * s:.1f} ms" for name, s in top)
        + f", the other checks {1000 * (sum(best.values()) - sum(s for _, s in top)):.1f} ms"
    ]


def explain(
    what: str,
    ours: list[str],
    base: list[str],
    env: dict,
    runs: int = 9,
    libraries: list[str] | None = None,
) -> list[str]:
    """Notes on `python -m overlay_preflight <ours>` against `python <base>`;
    `libraries`: the command's import floor, for the run by check."""
    lines = import_gap(["-m", "overlay_preflight", *ours], base, env, runs)
    lines += phases(ours, env, runs)
    if libraries is not None:
        lines += by_check(ours, libraries, env, runs)
    return [f"{what}: {line}" for line in lines]
