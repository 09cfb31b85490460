"""A baseline records each finding's fingerprint (rule, path, content; never
the line): after `baseline`, a second violation of a baselined rule in the
same file fails, the first stays suppressed, and moving the first elsewhere
in its file changes nothing."""

from __future__ import annotations

import json
import random
import string

from conftest import CORE_SHA

SHA = ("--expected-core-ref", CORE_SHA)
TODAY = ("--today", "2026-12-03")
PLAN = ".github/workflows/arc-plan.yml"
KUSTOMIZATION = "k8s/web/production/kustomization.yaml"


def _token(seed: int) -> str:
    rng = random.Random(seed)
    return (
        "gh" + "p_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    )


def _plant(root, *, second: bool) -> None:
    """One violation each of four rules from four concerns; with `second`,
    another of each in the same file, and the first ones moved down."""
    plan = root / PLAN
    original = root.parent / "arc-plan.original"
    if not original.exists():
        original.write_text(plan.read_text())
    extra = "          kubectl apply -f k8s/other.yaml\n" if second else ""
    text = original.read_text().replace(
        "        run: just arc-plan-check\n",
        "        run: |\n"
        + ("          echo moved the first one down\n" if second else "")
        + "          kubectl apply -f k8s/web.yaml\n"
        + extra
        + "          just arc-plan-check\n"
        "      - uses: tinyland-inc/ci-templates/.github/actions/nix-setup@v2\n"
        + ("      - uses: tinyland-inc/ci-templates/.github/actions/cache@v3\n" if second else ""),
    )
    plan.write_text(text)
    kustomization = root / KUSTOMIZATION
    kustomization.parent.mkdir(parents=True, exist_ok=True)
    (kustomization.parent / "deployment.yaml").write_text("kind: Deployment\n")
    resources = ["deployment.yaml", "service.yaml"] + (["ingress.yaml"] if second else [])
    kustomization.write_text(
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
        + "".join(f"  - {r}\n" for r in resources)
    )
    notes = root / "notes.txt"
    notes.write_text(
        ("# moved\n" if second else "")
        + f"old token {_token(1)}\n"
        + (f"new token {_token(2)}\n" if second else "")
    )


def _strict(run_cli, root) -> tuple[int, dict]:
    result = run_cli("enrollment", "--overlay-root", root, "--strict", *SHA, *TODAY,
                     "--format", "json")  # fmt: skip
    return result.code, json.loads(result.out)


def test_a_second_violation_in_a_baselined_file_fails_and_the_first_stays_suppressed(
    run_cli, overlay_copy
):
    root = overlay_copy()
    _plant(root, second=False)
    first_code, first = _strict(run_cli, root)
    rules = {"workflow-raw-kubectl", "action-not-pinned", "kustomize-path-missing",
             "secret-plaintext"}  # fmt: skip
    assert first_code == 1 and rules <= {f["rule"] for f in first["findings"]}
    assert run_cli("baseline", root, *SHA, *TODAY).code == 0
    assert _strict(run_cli, root)[0] == 0

    _plant(root, second=True)
    code, report = _strict(run_cli, root)
    assert code == 1
    active = {(f["rule"], f["path"], f["line"]) for f in report["findings"] if not f["suppressed"]}
    assert active == {
        ("workflow-raw-kubectl", PLAN, 44),
        ("action-not-pinned", PLAN, 47),
        ("kustomize-path-missing", KUSTOMIZATION, 6),
        ("secret-plaintext", "notes.txt", 3),
    }
    suppressed = {(f["rule"], f["path"], f["line"]) for f in report["findings"] if f["suppressed"]}
    assert {
        ("workflow-raw-kubectl", PLAN, 43),  # moved one line down: still the same finding
        ("action-not-pinned", PLAN, 46),
        ("kustomize-path-missing", KUSTOMIZATION, 5),
        ("secret-plaintext", "notes.txt", 2),
    } <= suppressed
    assert not any(f["rule"] == "suppression-unused" for f in report["findings"])


def test_the_same_violation_twice_in_a_file_is_two_findings(run_cli, overlay_copy):
    root = overlay_copy()
    _plant(root, second=False)
    assert run_cli("baseline", root, *SHA, *TODAY).code == 0
    plan = root / PLAN
    plan.write_text(
        plan.read_text().replace(
            "          kubectl apply -f k8s/web.yaml\n",
            "          kubectl apply -f k8s/web.yaml\n" * 2,
        )
    )
    code, report = _strict(run_cli, root)
    raw = [f for f in report["findings"] if f["rule"] == "workflow-raw-kubectl"]
    assert code == 1 and [bool(f["suppressed"]) for f in raw] == [True, False]
    assert raw[0]["fingerprint"] != raw[1]["fingerprint"]
