"""Bazel section of the benchmark: one example overlay's `bazel test //...`
from a cold start (new output base) against the same checks run once each
through the CLI, with Bazel's phases from its own profile; fully cached
`bazel test` over N generated overlay targets against Bazel's own floor (N
trivial cached sh_tests in the same workspace); and the remote-cache hit
rate after `clean --expunge`."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from support.bazel import BazelServers, copy_checkout, offline_overrides  # noqa: E402
from support.cache_servers import HttpCache  # noqa: E402

SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
WORKSPACE = f"""workspace(name = "bench")

local_repository(name = "overlay_preflight", path = "{REPO}")

local_repository(name = "rules_java", path = "/usr/share/bazel/rules/java")

load("@overlay_preflight//rules:offline.bzl", "overlay_preflight_offline_shims")

overlay_preflight_offline_shims()

load("@overlay_preflight//rules:repositories.bzl", "overlay_preflight_dependencies",
     "overlay_preflight_register_toolchains")

overlay_preflight_dependencies()

overlay_preflight_register_toolchains()
"""
OVERLAY_BUILD = f"""load("@overlay_preflight//rules:defs.bzl", "overlay_preflight_test")

overlay_preflight_test(
    name = "preflight",
    size = "small",
    allow_repo_registration_anchor = True,
    expected_core_ref = "{SHA}",
    expected_warnings = ["repo-registration-anchor"],
    justfile = "Justfile",
    module_bazel = "MODULE.bazel",
    organization = "config/organization.yaml",
    strict = True,
    tfvars = glob(["tofu/stacks/arc-runners/*.tfvars"]),
    workflows = glob([".github/workflows/*.yml"]),
)
"""


def make_workspace(root: Path, count: int) -> None:
    root.mkdir(parents=True)
    (root / "WORKSPACE").write_text(WORKSPACE)
    (root / ".bazelrc").write_text((REPO / ".bazelrc").read_text().split("try-import")[0])
    (root / "BUILD.bazel").write_text("")
    for path in generate.estate(root / "overlays", count):
        (path / "BUILD.bazel").write_text(OVERLAY_BUILD)
    floor = root / "floor"
    floor.mkdir()
    (floor / "t.sh").write_text('#!/bin/sh\ntest -n "$1"\n')
    (floor / "t.sh").chmod(0o755)
    (floor / "BUILD.bazel").write_text(
        "".join(
            f'sh_test(name = "t{n}", size = "small", srcs = ["t.sh"], args = ["{n}"])\n'
            for n in range(count)
        )
    )


def cached_seconds(servers, ws, out, pattern: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = servers.run(ws, ["test", pattern], out)
        samples.append(time.perf_counter() - start)
        assert result.returncode == 0, result.output[-2000:]
    return statistics.median(samples)


def run(tmp: Path, count: int = 100, runs: int = 5) -> list[tuple]:
    ws, out = tmp / "ws", tmp / "out"
    make_workspace(ws, count)
    with BazelServers() as servers:
        first = servers.run(ws, ["test", "//..."], out)
        assert first.returncode == 0, first.output[-3000:]
        overlays = cached_seconds(servers, ws, out, "//overlays/...", runs)
        floor = cached_seconds(servers, ws, out, "//floor/...", runs)
        rows = [
            (
                "bazel",
                f"fully cached bazel test: {count} overlay targets vs {count} trivial sh_tests",
                overlays,
                floor,
                1.5,
            )
        ]
        cache = HttpCache()
        cache.start()
        try:
            servers.run(ws, ["clean", "--expunge"], out)
            upload = servers.run(ws, ["test", "//overlays/...", f"--remote_cache={cache.url}"], out)
            assert upload.returncode == 0, upload.output[-2000:]
            servers.run(ws, ["clean", "--expunge"], out)
            again = servers.run(ws, ["test", "//overlays/...", f"--remote_cache={cache.url}"], out)
            summary = again.summary()
            executed = sum(v for k, v in summary.process_kinds.items() if k != "internal")
            rate = summary.remote_cache_hits / executed if executed else 0.0
            rows.append(
                (
                    "bazel",
                    f"remote (HTTP) cache hit rate after clean --expunge: "
                    f"{summary.remote_cache_hits}/{executed} processes, "
                    f"{len(summary.cached)}/{count} tests cached",
                    rate,
                    1.0,
                    None,
                )
            )
        finally:
            cache.stop()
    shutil.rmtree(out, ignore_errors=True)
    return rows


# The example's five test targets, as the CLI runs them (from its root).
EXAMPLE_CLI = [
    ["enrollment", "--overlay-root", ".", "--strict", "--expected-core-ref", SHA],
    ["core-pin", "--overlay-root", ".", "--expected-core-ref", SHA],
    [
        "schema",
        "--schema",
        str(REPO / "schemas/organization.schema.json"),
        "config/organization.yaml",
    ],
    ["taxonomy", "--strict", "tofu/stacks/arc-runners/tinyland.tfvars"],
    ["workflows", ".", "--strict"],
]
PHASE = re.compile(r"^Total (\w[\w -]*?) phase time\s+([\d.]+) (s|ms)", re.M)


def phases(analyzed: str) -> dict[str, float]:
    """Seconds per phase from `bazel analyze-profile`."""
    return {
        m.group(1): float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)
        for m in PHASE.finditer(analyzed)
    }


def cli_once(ws: Path, runs: int) -> float:
    """The five commands once each, in a row: median over `runs` rounds."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "tools")}
    samples = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        for argv in EXAMPLE_CLI:
            proc = subprocess.run(
                [sys.executable, "-m", "overlay_preflight", *argv],
                cwd=ws,
                env=env,
                capture_output=True,
                check=False,
            )
            assert proc.returncode == 0, (argv, proc.stdout[-2000:])
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:])


def example_workspace(tmp: Path) -> Path:
    """examples/tinyland-infra as its own workspace whose @overlay_preflight
    is this checkout, with Bazel 4.2's offline stand-ins in user.bazelrc (as
    tests/bazel/test_examples.py makes it)."""
    ws = copy_checkout(REPO / "examples/tinyland-infra", tmp / "tinyland-infra")
    for name in ("WORKSPACE", "MODULE.bazel"):
        path = ws / name
        path.write_text(path.read_text().replace('path = "../.."', f'path = "{REPO}"'))
    flags = offline_overrides(tmp / "standins")
    (ws / "user.bazelrc").write_text("".join(f"build {flag}\n" for flag in flags))
    return ws


def cold_example(tmp: Path, runs: int) -> list[tuple]:
    ws = example_workspace(tmp)
    profile = tmp / "profile.json"
    with BazelServers() as servers:
        start = time.perf_counter()
        result = servers.run(ws, ["test", "//...", f"--profile={profile}"], tmp / "out")
        cold = time.perf_counter() - start
        assert result.returncode == 0, result.output[-3000:]
        tests = result.summary().targets.values()
        analyzed = servers.run(ws, ["analyze-profile", str(profile)], tmp / "out").output
    cli = cli_once(ws, runs)
    took = phases(analyzed)
    start_up = took.get("launch", 0.0) + took.get("init", 0.0)
    # target patterns, (interleaved) loading and analysis, preparation
    analysis = sum(v for k, v in took.items() if k not in ("launch", "init", "execution", "finish"))
    n = len(tests)
    return [
        (
            "bazel",
            f"cold bazel test //... of examples/tinyland-infra ({n} targets, new output base) "
            f"vs the same {len(EXAMPLE_CLI)} checks once each through the CLI",
            cold,
            cli,
            None,
        ),
        ("bazel", "cold run, share of it: Bazel server launch and init", start_up, cold, None),
        (
            "bazel",
            "cold run, share of it: loading and analysis (repositories, toolchain)",
            analysis,
            cold,
            None,
        ),
        (
            "bazel",
            f"cold run, share of it: execution (runfiles, launchers, {n} tests on 2 cores)",
            took.get("execution", 0.0),
            cold,
            None,
        ),
        (
            "bazel",
            f"the {n} test actions' own times as Bazel reports them (sum) vs the CLI runs",
            sum(t.seconds or 0.0 for t in tests),
            cli,
            None,
        ),
    ]
