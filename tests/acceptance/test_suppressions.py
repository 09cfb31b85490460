"""Reviewed suppressions: reasons, expiry, unused entries, rules that refuse."""

import json
import xml.etree.ElementTree as ET

from conftest import CORE_SHA

WF = ".github/workflows/validate.yml"


def dynamic_pin(overlay_copy):
    root = overlay_copy()
    wf = root / WF
    wf.write_text(
        wf.read_text().replace(f"GF_CORE_REF: {CORE_SHA}", "GF_CORE_REF: ${{ vars.REF }}")
    )
    return root


def suppress(root, body):
    (root / ".overlay-preflight.yaml").write_text("suppressions:\n" + body)


def test_suppressed_finding_passes_strict_and_stays_visible(run_cli, overlay_copy, tmp_path):
    root = dynamic_pin(overlay_copy)
    suppress(
        root,
        f"  - rule: core-pin-dynamic\n    path: {WF}\n"
        "    reason: reviewed, the ref comes from an org variable\n"
        "    expires: 2099-01-01\n",
    )
    result = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--strict",
        "--write",
        f"junit={tmp_path}/r.xml",
        "--write",
        f"sarif={tmp_path}/r.sarif",
        "--write",
        f"json={tmp_path}/r.json",
    )
    assert result.code == 0 and result.last_line == "0 blockers / 0 warnings"
    assert "suppressed (1):" in result.out
    assert "reason: reviewed, the ref comes from an org variable" in result.out
    skipped = ET.parse(tmp_path / "r.xml").getroot().iter("skipped")
    assert [s.get("message") for s in skipped] == [
        "suppressed: reviewed, the ref comes from an org variable"
    ]
    (res,) = json.loads((tmp_path / "r.sarif").read_text())["runs"][0]["results"]
    assert res["suppressions"][0]["kind"] == "external"
    (f,) = json.loads((tmp_path / "r.json").read_text())["findings"]
    assert f["suppressed"].startswith("reviewed")


def test_reason_is_mandatory(run_cli, overlay_copy):
    root = dynamic_pin(overlay_copy)
    suppress(root, f"  - rule: core-pin-dynamic\n    path: {WF}\n")
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 1
    assert (
        ".overlay-preflight.yaml:2: blocker [suppression-invalid] suppressing "
        "core-pin-dynamic needs a reason"
    ) in result.out


def test_some_rules_cannot_be_suppressed(run_cli, overlay_copy):
    root = overlay_copy()
    just = root / "Justfile"
    just.write_text(just.read_text().replace(CORE_SHA, "0" * 40))
    suppress(root, "  - rule: core-pin-mismatch\n    path: Justfile\n    reason: later\n")
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 1
    assert "core-pin-mismatch cannot be suppressed: fix the finding" in result.out
    assert "Justfile:3: blocker [core-pin-mismatch]" in result.out


def test_expired_suppression_no_longer_applies(run_cli, overlay_copy):
    root = dynamic_pin(overlay_copy)
    suppress(
        root,
        f"  - rule: core-pin-dynamic\n    path: {WF}\n    reason: r\n    expires: 2026-01-31\n",
    )
    result = run_cli("enrollment", "--overlay-root", root, "--today", "2026-02-01")
    assert "[suppression-expired] suppression of core-pin-dynamic" in result.out
    assert f"{WF}:12: warning [core-pin-dynamic]" in result.out
    assert result.last_line == "0 blockers / 2 warnings"
    still = run_cli("enrollment", "--overlay-root", root, "--today", "2026-01-31")
    assert still.last_line == "0 blockers / 0 warnings"


def test_unused_suppression_is_a_warning(run_cli, overlay_copy):
    root = overlay_copy()
    suppress(root, f"  - rule: core-pin-dynamic\n    path: {WF}\n    reason: stale\n")
    result = run_cli("enrollment", "--overlay-root", root, "--strict")
    assert result.code == 1
    assert (
        ".overlay-preflight.yaml:2: warning [suppression-unused] suppression of "
        f"core-pin-dynamic for {WF} matches no finding"
    ) in result.out


def test_suppression_matches_path_exactly(run_cli, overlay_copy):
    root = dynamic_pin(overlay_copy)
    suppress(
        root,
        "  - rule: core-pin-dynamic\n    path: .github/workflows/other.yml\n"
        "    reason: wrong file\n",
    )
    result = run_cli("enrollment", "--overlay-root", root)
    assert f"{WF}:12: warning [core-pin-dynamic]" in result.out
    assert "[suppression-unused]" in result.out
