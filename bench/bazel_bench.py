"""Bazel section of the benchmark: fully cached `bazel test` over N generated
overlay targets against Bazel's own floor (N trivial cached sh_tests in the
same workspace), and the remote-cache hit rate after `clean --expunge`."""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402

from support.bazel import BazelServers  # noqa: E402
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
