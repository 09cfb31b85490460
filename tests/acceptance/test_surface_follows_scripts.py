"""The operator-surface guard follows what a workflow step runs: a raw
`kubectl apply` moved from the workflow into a repo-local script (or a local
composite action) is still caught, in the script's own file and line, and
the finding says which step runs it."""

from __future__ import annotations

import json

from conftest import CORE_SHA, EXAMPLES

PLAN = ".github/workflows/arc-plan.yml"


def _run_step(root, run: str) -> None:
    original = (EXAMPLES / "tinyland-infra" / PLAN).read_text()
    (root / PLAN).write_text(
        original.replace("        run: just arc-plan-check\n", f"        run: {run}\n")
    )


def _findings(run_cli, root) -> list[tuple[str, str, int, str]]:
    result = run_cli("enrollment", "--overlay-root", root, "--expected-core-ref", CORE_SHA,
                     "--format", "json")  # fmt: skip
    return [
        (f["rule"], f["path"], f["line"], f["message"])
        for f in json.loads(result.out)["findings"]
        if f["rule"].startswith("workflow-") and not f["suppressed"]
    ]


def test_a_raw_kubectl_apply_moved_into_a_script_is_caught(run_cli, overlay_copy):
    root = overlay_copy()
    _run_step(root, "just arc-plan-check")
    assert _findings(run_cli, root) == []
    (root / "scripts").mkdir()
    (root / "scripts/apply.sh").write_text(
        "#!/usr/bin/env bash\nset -euo pipefail\n\nkubectl apply -f k8s/web\n"
    )
    _run_step(root, "scripts/apply.sh && just arc-plan-check")
    assert _findings(run_cli, root) == [
        (
            "workflow-raw-kubectl",
            "scripts/apply.sh",
            4,
            f"raw `kubectl apply` (run by {PLAN} job plan step 4)",
        )
    ]
    (root / "tools/deploy").mkdir(parents=True)
    (root / "tools/deploy/action.yaml").write_text(
        "name: deploy\nruns:\n  using: composite\n  steps:\n"
        "    - shell: bash\n      run: bash ./scripts/apply.sh\n"
        "    - shell: bash\n      run: tofu -chdir=tofu/stacks/web apply\n"
    )
    _run_step(root, "just arc-plan-check\n      - uses: ./tools/deploy")
    assert _findings(run_cli, root) == [
        ("workflow-raw-kubectl", "scripts/apply.sh", 4,
         f"raw `kubectl apply` (run by {PLAN} job plan step 5)"),
        ("workflow-raw-tofu", "tools/deploy/action.yaml", 8,
         f"raw `tofu apply` (run by {PLAN} job plan step 5)"),
    ]  # fmt: skip


def test_scripts_are_followed_only_inside_the_overlay_and_only_when_shell(run_cli, overlay_copy):
    root = overlay_copy()
    (root / "scripts").mkdir()
    (root / "scripts/apply.py").write_text("import os\nos.system('kubectl apply -f k8s')\n")
    (root / "scripts/apply.sh").write_text(
        "kubectl apply -f k8s  # overlay-preflight: ignore[workflow-raw-kubectl] bootstrap only\n"
    )
    (root.parent / "outside.sh").write_text("kubectl apply -f k8s\n")
    _run_step(root, "./scripts/apply.py && ../outside.sh && sh scripts/apply.sh")
    assert _findings(run_cli, root) == []
    result = run_cli("surface", root, "--format", "json")
    (suppressed,) = [f for f in json.loads(result.out)["findings"] if f["suppressed"]]
    assert (suppressed["path"], suppressed["suppressed"]) == ("scripts/apply.sh", "bootstrap only")
