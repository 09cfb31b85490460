"""The operator-surface, substrate, public-surface and kustomize guards over
a 10 MB tree of ordinary overlay files (docs, manifests, scripts, OpenTofu,
workflows, a Justfile), every guard switched on by the overlay's policy.

  .venv/bin/python bench/guards_bench.py      # just these rows
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_BYTES = 10_000_000

POLICY = """policy:
  visibility: public
  repository_dispatch: forbid
  workflow_recipes: [check, validate, render]
  substrate:
    repository: tinyland-inc/blahaj
    allowlist: config/allowlist.json
  pii:
    allow_emails: [postmaster@example-tools.org]
"""
DOC = """## Section {i}

The web stack renders with `just render` and is checked with `kubectl diff -k k8s/web`.
Write to postmaster@example-tools.org or ops@example.org; never run `kubectl apply` by hand.
Version 1.2.{i} shipped on 2026-08-{d:02d} from run 2867391{i:04d}.

```sh
just validate
kubectl diff -k k8s/stack{s}/prod
```

"""
MANIFEST = """---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  labels: {{app: app-{i}, tier: web}}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app@sha256:{h}
          env:
            - {{name: LOG_LEVEL, value: info}}
"""
SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
for stack in web mail list; do
  kubectl kustomize "k8s/${{stack}}/prod" > "/tmp/${{stack}}-{i}.yaml"
  echo "rendered ${{stack}} ({i})"
done
"""
WORKFLOW = """name: wf{i}
on: [push, workflow_dispatch]
permissions:
  contents: read
jobs:
  check:
    runs-on: tinyland-nix
    steps:
      - run: |
          set -euo pipefail
          nix develop . -c just check
          nix develop . -c just validate
          tofu fmt -check tofu
"""


def build(root: Path) -> tuple[int, int]:
    """The tree; returns (files, bytes)."""

    def put(rel: str, text: str) -> int:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return len(text.encode())

    size = put(".overlay-preflight.yaml", POLICY)
    size += put("config/allowlist.json", '{"allowed": []}\n')
    recipes = "".join(
        f"# recipe {i}\nr{i}:\n    kubectl kustomize k8s/stack{i % 20}/prod > /dev/null\n\n"
        for i in range(200)
    )
    size += put("Justfile", "check:\n    echo ok\n\nvalidate:\n    echo ok\n\n" + recipes)
    files = 3
    for i in range(20):
        size += put(f".github/workflows/wf{i}.yml", WORKFLOW.format(i=i))
        size += put(
            f"k8s/stack{i}/prod/kustomization.yaml",
            "resources:\n" + "".join(f"  - m{j}.yaml\n" for j in range(10)),
        )
        files += 2
    i = 0
    while size < TARGET_BYTES:
        kind = i % 4
        if kind == 0:
            text = "".join(DOC.format(i=i, d=1 + k % 28, s=k % 20) for k in range(20))
            size += put(f"docs/d{i}.md", f"# Doc {i}\n\n" + text)
        elif kind == 1:
            text = "".join(MANIFEST.format(i=i * 10 + k, h=f"{i * 10 + k:064x}") for k in range(30))
            size += put(f"k8s/stack{i % 20}/prod/m{(i // 4) % 10}-{i}.yaml", text)
        elif kind == 2:
            size += put(f"scripts/s{i}.sh", SCRIPT.format(i=i) * 40)
        else:
            text = "".join(
                f'resource "null_resource" "r{k}" {{\n  triggers = {{ v = "{k}" }}\n}}\n\n'
                for k in range(120)
            )
            size += put(f"tofu/stacks/s{i}/main.tf", text)
        files += 1
        i += 1
    for s in range(20):  # the kustomizations' resources exist
        for j in range(10):
            size += put(f"k8s/stack{s}/prod/m{j}.yaml", MANIFEST.format(i=j, h="0" * 64))
            files += 1
    return files, size


def in_process(root: Path, runs: int = 5) -> dict[str, float]:
    """Medians of the wall and CPU seconds to load the guards' inputs and to
    run their checks (CPU time does not count waiting for a busy machine)."""
    sys.path.insert(0, str(REPO / "tools"))
    from overlay_preflight import checks
    from overlay_preflight.commands.common import needs
    from overlay_preflight.discovery import discover
    from overlay_preflight.model.context import Context
    from overlay_preflight.model.overlay import load_overlay

    guards = (*checks.SURFACE, *checks.SUBSTRATE, *checks.PII, *checks.KUSTOMIZE)
    samples: dict[str, list[float]] = {"wall": [], "cpu": [], "checks_cpu": []}
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        overlay = load_overlay(discover(root), needs(guards))
        loaded = time.process_time()
        found = [f for check in guards for f in check.check(Context(overlay))]
        samples["checks_cpu"].append(time.process_time() - loaded)
        samples["cpu"].append(time.process_time() - cpu)
        samples["wall"].append(time.perf_counter() - wall)
    assert not [f for f in found if f.severity == "blocker"], found[:3]
    return {k: statistics.median(v) for k, v in samples.items()}


def cli(root: Path) -> float:
    """Wall seconds of the four sub-commands, one process each."""
    total = 0.0
    for command in ("surface", "substrate", "pii", "kustomize"):
        argv = [sys.executable, "-m", "overlay_preflight", command, str(root), "--format", "json"]
        start = time.perf_counter()
        subprocess.run(
            argv,
            capture_output=True,
            check=False,
            env={"PYTHONPATH": str(REPO / "tools"), "PATH": "/usr/bin:/bin"},
        )
        total += time.perf_counter() - start
    return total


def run(tmp: Path) -> list[tuple]:
    root = tmp / "guards-tree"
    files, size = build(root)
    measured = in_process(root)
    wall = cli(root)
    what = f"{size / 1e6:.1f} MB, {files} files"
    load = os.getloadavg()[0]
    return [
        (
            "guards",
            f"surface+substrate+pii+kustomize over {what}: load + checks, CPU s vs 1 s",
            measured["cpu"],
            1.0,
            1.0,
        ),
        (
            "guards",
            f"of which the checks alone, CPU s ({what})",
            measured["checks_cpu"],
            None,
            None,
        ),
        (
            "guards",
            f"load + checks, wall s (load average {load:.1f})",
            measured["wall"],
            None,
            None,
        ),
        (
            "guards",
            f"the four sub-commands as four processes, wall s total ({what})",
            wall,
            None,
            None,
        ),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import render

    with tempfile.TemporaryDirectory() as tmp:
        print(render(run(Path(tmp))))
