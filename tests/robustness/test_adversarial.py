"""The adversarial review's attempt table, re-run: every hostile input of
`support.hostile` (generated here, ids as in the review) against the real
CLI, each run in its own forked process under RLIMIT_CPU 20 s and RLIMIT_AS
500 MB, with a 60 s wall-clock deadline and the network refused.

Every run: never exit 3 (internal error), never hangs or exceeds a limit,
never prints a planted secret (stdout, stderr, --output, --write), never
reaches the network, never lets anything from the input run (a marker file
stays absent), never prints a line that starts a GitHub workflow command or
carries a raw control character, and writes well-formed JUnit and SARIF.
Cases may add their own expectation (an exit code, a rule).

Cost: one worker per category imports the tool once and forks a child per
case, instead of a fresh interpreter per run (~200 runs, about half a minute
of CPU). The multi-megabyte rows (`Case.heavy`: 50 MB files, a 4 MB YAML, a
60k-step workflow...) are timed in the bench (`bench/run.py
--adversarial`) against the 2 s / 200 MB goal; here they run once, under the
same limits, so a quadratic loop cannot come back unnoticed. No timed tests.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import hostile
from support.forked import Run, run_batch

CASES = [c for c in hostile.cases() if not c.heavy]
HEAVY = [c for c in hostile.cases() if c.heavy]
CATEGORIES = sorted({c.category for c in CASES})
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _outputs(case: hostile.Case, d: Path) -> dict[str, str]:
    out = {}
    for name in ("stdout", "stderr", *case.outputs):
        path = d / name
        if path.is_file():
            out[name] = path.read_text(encoding="utf-8", errors="replace")
    return out


def _format(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--format" and i + 1 < len(argv):
            return argv[i + 1]
    return "text"


def _problems(case: hostile.Case, d: Path, outcome, argv: list[str]) -> list[str]:
    problems = []
    if outcome.hung:
        problems.append("hung (killed at the wall-clock deadline)")
    elif outcome.code is None:
        problems.append(f"killed by signal {outcome.signal} (a resource limit)")
    elif outcome.code in (3, 99):
        problems.append(f"exit {outcome.code}")
    if outcome.network:
        problems.append(f"network attempts {outcome.network}")
    texts = _outputs(case, d)
    for name, text in texts.items():
        for secret in case.secrets:
            if secret in text:
                problems.append(f"{name} leaks {secret[:8]}...")
        starts = [line for line in text.splitlines() if line.lstrip().startswith("::")]
        if starts:
            problems.append(f"{name} has a line starting '::': {starts[0][:60]!r}")
    fmt = _format(argv)
    stdout = texts.get("stdout", "")
    for name, kind in [("stdout", fmt), *((n, n.split(".")[-1]) for n in case.outputs)]:
        text = texts.get(name, "")
        if not text or outcome.code == 2:
            continue
        if kind in ("text", "out") and fmt == "text" and _CONTROL.search(text):
            problems.append(f"{name}: a raw control character in the text report")
        if kind in ("junit",) or (name in ("stdout", "out") and fmt == "junit"):
            try:
                ET.fromstring(text.encode("utf-8"))
            except ET.ParseError as err:
                problems.append(f"{name}: JUnit is not well-formed XML ({err})")
        if kind in ("sarif", "json") or (name in ("stdout", "out") and fmt in ("sarif", "json")):
            try:
                doc = json.loads(
                    text, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c))
                )
            except ValueError as err:
                problems.append(f"{name}: not strict JSON ({err})")
                continue
            if str(d) in text:
                problems.append(f"{name}: an absolute host path in the report")
            if "runs" in doc:
                for result in doc["runs"][0]["results"]:
                    region = result["locations"][0]["physicalLocation"]["region"]
                    if region["startLine"] < 1:
                        problems.append(f"{name}: SARIF startLine < 1")
    if case.marker and (d / case.marker).exists():
        problems.append(f"{case.marker} was created: something from the input ran")
    if case.expect is not None and outcome.code not in (None, 3, 99):
        verdict = case.expect(outcome.code, stdout)
        if verdict:
            problems.append(verdict)
    return problems


@pytest.mark.parametrize("category", CATEGORIES)
def test_review_attempts(category, tmp_path):
    _attempt([c for c in CASES if c.category == category], tmp_path)


def test_the_multi_megabyte_attempts_finish_within_the_same_limits(tmp_path):
    """Not a timing test: the bench times these against 2 s. Here each must
    end (a finding or a pass) within 20 CPU seconds, which a quadratic loop
    over 40,000 recipes or 60,000 steps does not."""
    assert len(HEAVY) >= 5
    _attempt(HEAVY, tmp_path)


def _attempt(cases: list[hostile.Case], tmp_path: Path) -> None:
    runs, argvs = [], {}
    for n, case in enumerate(cases):
        d = tmp_path / f"c{n}"
        d.mkdir()
        argv = case.build(d)
        argvs[case.id] = (d, argv)
        runs.append(
            Run(
                case.id,
                argv,
                str(d),
                "-" if case.stdout_closed else str(d / "stdout"),
                str(d / "stderr"),
                case.env,
            )
        )
    outcomes = run_batch(runs, cpu_seconds=20, memory_mb=500, wall_seconds=60, scratch=tmp_path)
    failures = {}
    for case in cases:
        d, argv = argvs[case.id]
        problems = _problems(case, d, outcomes[case.id], argv)
        if problems:
            failures[f"{case.id} ({case.what})"] = problems
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)
    assert len({c.id for c in cases}) == len(cases), "case ids must be unique"


def test_reports_are_deterministic_across_hash_seeds(tmp_path):
    """4.x: the planted-secrets overlay, every format, byte-identical under
    two hash seeds and from two working directories."""
    root = hostile.planted_overlay(tmp_path / "p")
    texts = []
    for seed, cwd in (("0", tmp_path), ("12345", root)):
        runs = [
            Run(
                f"{fmt}",
                ["enrollment", "--overlay-root", str(root), "--format", fmt],
                str(cwd),
                str(tmp_path / f"{seed}.{fmt}"),
                str(tmp_path / f"{seed}.{fmt}.err"),
            )
            for fmt in ("text", "json", "sarif", "junit")
        ]
        run_batch(runs, scratch=tmp_path, env={"PYTHONHASHSEED": seed})
        texts.append(
            [
                (tmp_path / f"{seed}.{fmt}").read_bytes()
                for fmt in ("text", "json", "sarif", "junit")
            ]
        )
    assert texts[0] == texts[1]
    assert all(texts[0])
