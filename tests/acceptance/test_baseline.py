"""`overlay-preflight baseline`: an existing overlay adopts strict mode in one
step; the config file keeps its comments and order; what no suppression may
silence is listed and fails the run."""

from __future__ import annotations

import random
import re
import string

from conftest import CORE_SHA

SHA = ("--expected-core-ref", CORE_SHA)
TODAY = ("--today", "2026-12-03")
VALIDATE = ".github/workflows/validate.yml"
CONFIG = """# tinyland-infra's policy (reviewed by the owners)
policy:
  core_access: private   # the core went private again

suppressions:
  # reviewed in 2025, long gone
  - rule: runner-github-hosted
    path: .github/workflows/gone.yml
    reason: docs ran on GitHub-hosted runners
  - rule: workflow-permissions
    path: .github/workflows/validate.yml
    reason: reviewed once
    expires: 2026-01-01
"""


def _unpin(root):
    """A warning (a tag where a SHA is asked) and a blocker that may be suppressed."""
    wf = root / VALIDATE
    text = wf.read_text().replace("permissions:\n  contents: read\n", "")
    wf.write_text(text + "      - uses: tinyland-inc/ci-templates/.github/actions/nix-setup@v2\n")


def test_baseline_then_strict_passes_and_the_file_keeps_its_comments(run_cli, overlay_copy):
    root = overlay_copy()
    _unpin(root)
    (root / ".overlay-preflight.yaml").write_text(CONFIG)
    assert run_cli("enrollment", "--overlay-root", root, "--strict", *SHA, *TODAY).code == 1
    result = run_cli("baseline", root, *SHA, *TODAY, "--expires", "2027-03-31")
    assert result.code == 0, result.out
    assert "1 suppression(s) added, 1 renewed, 1 stale removed" in result.out
    written = (root / ".overlay-preflight.yaml").read_text()
    fingerprint = re.search(r"fingerprint: ([0-9a-f]{32})\n", written)
    assert fingerprint is not None
    assert written == (
        """# tinyland-infra's policy (reviewed by the owners)
policy:
  core_access: private   # the core went private again

suppressions:
  # reviewed in 2025, long gone
  - rule: workflow-permissions
    path: .github/workflows/validate.yml
    reason: baseline 2026-12-03
    expires: 2027-03-31
  - rule: action-not-pinned
    path: .github/workflows/validate.yml
    reason: baseline 2026-12-03
    expires: 2027-03-31
    fingerprint: """
        + fingerprint.group(1)
        + "\n"
    )
    strict = run_cli("enrollment", "--overlay-root", root, "--strict", *SHA, *TODAY)
    assert strict.code == 0 and strict.last_line == "0 blockers / 0 warnings"
    again = run_cli("baseline", root, *SHA, *TODAY)
    assert again.code == 0 and "0 suppression(s) added, 0 renewed, 0 stale removed" in again.out


def test_what_cannot_be_suppressed_is_listed_and_fails(run_cli, overlay_copy):
    root = overlay_copy()
    _unpin(root)
    plan = root / ".github/workflows/arc-plan.yml"
    plan.write_text(
        plan.read_text().replace("          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n", "")
    )
    result = run_cli("baseline", root, *SHA, *TODAY)
    assert result.code == 1
    assert (
        "2 suppression(s) added" in result.out and "1 finding(s) cannot be suppressed" in result.out
    )
    assert "blocker [core-read-credential]" in result.out
    written = (root / ".overlay-preflight.yaml").read_text()
    assert written.startswith("# tinyland-infra's own policy")  # the example's own header kept
    assert "core-read-credential" not in written
    assert written.count("reason: baseline 2026-12-03") == 2 and "expires" not in written


def test_a_new_file_is_written_and_secrets_get_their_fingerprint(run_cli, overlay_copy):
    root = overlay_copy("jesssullivan-infra")
    rng = random.Random(11)
    token = (
        "gh" + "p_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    )
    (root / "notes.txt").write_text(f"# planted\n{token}\n")
    flags = ("--allow-repo-registration-anchor", "--expect-warning", "repo-registration-anchor")
    result = run_cli("baseline", root, *SHA, *TODAY, *flags)
    assert result.code == 0, result.out
    written = (root / ".overlay-preflight.yaml").read_text()
    assert written.startswith("# overlay-preflight: this overlay's policy")
    assert "rule: secret-plaintext" in written and "fingerprint: " in written
    assert token not in written and token not in result.out
    assert "repo-registration-anchor" not in written  # expected warnings need no suppression
    strict = run_cli("enrollment", "--overlay-root", root, "--strict", *SHA, *TODAY, *flags)
    assert strict.code == 0, strict.out


def test_bad_dates_and_a_broken_config_are_usage_errors(run_cli, overlay_copy):
    root = overlay_copy()
    assert run_cli("baseline", root, "--expires", "next year").code == 2
    assert run_cli("baseline", root, *TODAY, "--expires", "2020-01-01").code == 2
    broken = "policy: {core_access: private\n"
    (root / ".overlay-preflight.yaml").write_text(broken)
    result = run_cli("baseline", root, *SHA)
    assert result.code == 2 and ".overlay-preflight.yaml" in result.err
    assert (root / ".overlay-preflight.yaml").read_text() == broken


def test_a_config_that_is_a_link_out_of_the_overlay_is_never_written(
    run_cli, overlay_copy, tmp_path
):
    root = overlay_copy()
    outside = tmp_path / "outside.yaml"
    outside.write_text("policy: {}\n")
    config = root / ".overlay-preflight.yaml"
    config.unlink()
    config.symlink_to(outside)
    _unpin(root)
    result = run_cli("baseline", root, *SHA)
    assert result.code == 2 and "not a regular file" in result.err
    assert outside.read_text() == "policy: {}\n"
