"""`overlay-preflight bump-core`: every carrier of the core pin (or of one
declared role pin) moves to the new commit and nothing else changes; after
it, the core-pin checks pass with the new commit selected."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORE_SHA
from overlay_preflight.catalog import RULES

NEW = "8d2f1e0c9b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e"
ROLE_SHA = "11ace397282ff89aeb1dfeb4a32fcbed3200c2ff"
EXAMPLES = ("tinyland-infra", "example-org-infra", "jesssullivan-infra")
MIRROR = Path("/work/.mirror/Great-Falls-Tool-Bus+great-falls-tool-bus-infra/repo")


def _texts(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(errors="surrogateescape")
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def _changed_lines(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, str, str]]:
    """(path, old line, new line) of every line that changed; files keep their line count."""
    out = []
    assert before.keys() == after.keys()
    for rel in before:
        old, new = before[rel].split("\n"), after[rel].split("\n")
        assert len(old) == len(new), rel
        out += [(rel, a, b) for a, b in zip(old, new, strict=True) if a != b]
    return out


def _core_pin_findings(run_cli, root: Path, sha: str) -> list[dict]:
    result = run_cli("core-pin", "--overlay-root", root, "--expected-core-ref", sha,
                     "--format", "json")  # fmt: skip
    findings = json.loads(result.out)["findings"]
    return [f for f in findings if RULES[f["rule"]].concern == "core-pin"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_carrier_moves_and_nothing_else(run_cli, overlay_copy, name):
    root = overlay_copy(name)
    before = _texts(root)
    check = run_cli("bump-core", NEW, root, "--check")
    assert check.code == 1 and "5 of 5 carrier(s)" in check.out
    assert _texts(root) == before  # --check changes nothing
    bump = run_cli("bump-core", NEW, root)
    assert bump.code == 0, bump.err
    changed = _changed_lines(before, _texts(root))
    assert sorted(rel for rel, _, _ in changed) == sorted(
        [".github/workflows/arc-plan.yml", ".github/workflows/validate.yml", "Justfile",
         "MODULE.bazel", "config/organization.yaml"]
    )  # fmt: skip
    assert all(old.replace(CORE_SHA, NEW) == new for _, old, new in changed)
    removed = [x for x in bump.out.splitlines() if x.startswith("-") and not x.startswith("---")]
    assert len(removed) == len(changed) == 5 and "+++ b/Justfile" in bump.out
    assert run_cli("bump-core", NEW, root, "--check").code == 0
    assert _core_pin_findings(run_cli, root, NEW) == []
    assert _core_pin_findings(run_cli, root, CORE_SHA)  # the old selection no longer passes


def test_comments_strings_and_role_pins_stay_put(run_cli, overlay_copy):
    root = overlay_copy()
    (root / ".overlay-preflight.yaml").write_text(
        (root / ".overlay-preflight.yaml").read_text()
        + f"  role_pins:\n    arc: {{sha: {ROLE_SHA}, justfile: [arc_core_sha]}}  # arc stack\n"
    )
    just = root / "Justfile"
    just.write_text(
        just.read_text().replace(
            "gf_core_sha :=",
            f'# was {CORE_SHA} before the refresh\narc_core_sha := "{ROLE_SHA}"  # {ROLE_SHA}\n'
            f'gf_core_ci := env_var_or_default("GF_CORE_CI_PATH", '
            f'"github:tinyland-inc/GloriousFlywheel/{CORE_SHA}#ci")  # {CORE_SHA}\n'
            "gf_core_sha :=",
        )
    )
    wf = root / ".github/workflows/validate.yml"
    wf.write_text(
        wf.read_text().replace(
            "      - name: Strict enrollment preflight\n",
            "      - run: |\n"
            f"          echo 'pinned at {CORE_SHA}'  # {CORE_SHA} stays in this comment\n"
            f"          nix develop github:tinyland-inc/GloriousFlywheel/{CORE_SHA}#ci -c true\n"
            "      - name: Strict enrollment preflight\n",
            1,
        )
    )
    before = _texts(root)
    assert run_cli("core-pin", "--overlay-root", root, "--expected-core-ref", CORE_SHA).code == 0
    assert run_cli("bump-core", NEW, root).code == 0
    after = _texts(root)
    changed = {(rel, new) for rel, _, new in _changed_lines(before, after)}
    assert (
        "Justfile",
        f'gf_core_ci := env_var_or_default("GF_CORE_CI_PATH", '
        f'"github:tinyland-inc/GloriousFlywheel/{NEW}#ci")  # {CORE_SHA}',
    ) in changed
    assert f"# was {CORE_SHA} before the refresh" in after["Justfile"]
    assert f'arc_core_sha := "{ROLE_SHA}"  # {ROLE_SHA}' in after["Justfile"]
    validate = after[".github/workflows/validate.yml"]
    assert f"echo 'pinned at {CORE_SHA}'  # {CORE_SHA} stays" in validate
    assert f"GloriousFlywheel/{NEW}#ci -c true" in validate
    assert ROLE_SHA in after[".overlay-preflight.yaml"] and len(changed) == 7
    assert _core_pin_findings(run_cli, root, NEW) == []

    role = run_cli("bump-core", CORE_SHA, root, "--role", "arc")
    assert role.code == 0, role.err
    moved = _changed_lines(after, _texts(root))
    assert [rel for rel, _, _ in moved] == [".overlay-preflight.yaml", "Justfile"]
    assert f"{{sha: {CORE_SHA}, justfile: [arc_core_sha]}}  # arc stack" in moved[0][2]
    assert moved[1][2] == f'arc_core_sha := "{CORE_SHA}"  # {ROLE_SHA}'
    assert run_cli("bump-core", NEW, root, "--check").code == 0  # the implementation pin stayed


def test_a_numeric_commit_is_quoted_in_yaml(run_cli, overlay_copy):
    root = overlay_copy("example-org-infra")
    digits = "1234567890" * 4
    assert run_cli("bump-core", digits, root).code == 0
    assert f'pinned_commit: "{digits}"' in (root / "config/organization.yaml").read_text()
    assert _core_pin_findings(run_cli, root, digits) == []


def test_bad_commits_and_roles_are_usage_errors_and_change_nothing(run_cli, overlay_copy):
    root = overlay_copy()
    before = _texts(root)
    for sha in ("637b716", "v1.2.3", NEW + "0", "g" * 40):
        result = run_cli("bump-core", sha, root)
        assert result.code == 2 and "full 40-hex" in result.err
    assert run_cli("bump-core", NEW, root, "--role", "arc").code == 2
    assert _texts(root) == before


def test_a_pin_that_is_an_expression_is_named_and_fails(run_cli, overlay_copy):
    root = overlay_copy()
    wf = root / ".github/workflows/validate.yml"
    wf.write_text(wf.read_text().replace(CORE_SHA, "${{ vars.GF_CORE_REF }}"))
    result = run_cli("bump-core", NEW, root)
    assert result.code == 1
    assert ".github/workflows/validate.yml:12: GF_CORE_REF: an expression" in result.err
    assert "4 carrier(s) of the implementation pin moved" in result.out


@pytest.mark.skipif(not MIRROR.is_dir(), reason="the real overlay's mirror is not here")
def test_the_real_overlay_moves_its_implementation_pin_and_not_its_arc_pin(run_cli, tmp_path):
    root = tmp_path / "overlay"
    root.mkdir()
    archive = subprocess.run(
        ["git", "--git-dir", str(MIRROR), "archive", "e7d089c"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    old = "2281b576bce0e8dd776a047b84e7464f5b508a62"
    before = _texts(root)
    assert run_cli("bump-core", NEW, root).code == 0
    changed = _changed_lines(before, _texts(root))
    assert len(changed) == 12 and all(a.replace(old, NEW) == b for _, a, b in changed)
    assert ROLE_SHA in (root / "Justfile").read_text()
    (root / ".overlay-preflight.yaml").write_text(
        f"policy:\n  role_pins:\n    arc:\n      sha: {ROLE_SHA}\n"
        "      justfile: [arc_core_sha, arc_core_ci_default]\n"
    )
    assert _core_pin_findings(run_cli, root, NEW) == []
    assert run_cli("bump-core", CORE_SHA, root, "--role", "arc").code == 0
    text = (root / "Justfile").read_text()
    assert ROLE_SHA not in text and text.count(CORE_SHA) == 2
    assert _core_pin_findings(run_cli, root, NEW) == []
    shutil.rmtree(root)


def test_the_diff_masks_a_credential_on_a_carrier_line(run_cli, overlay_copy):
    root = overlay_copy("example-org-infra")
    org = root / "config/organization.yaml"
    token = "ghp_" + "Zq8" * 12
    org.write_text(org.read_text().replace(CORE_SHA, f"{CORE_SHA}  # was {token}", 1))
    result = run_cli("bump-core", NEW, root)
    assert result.code == 0, result.err
    assert f"+  pinned_commit: {NEW}  # was ***" in result.out
    assert token not in result.out + result.err
    assert token in org.read_text()  # the file itself keeps what its owner wrote


def test_the_diff_cannot_drive_a_terminal_or_a_workflow_log(run_cli, overlay_copy):
    root = overlay_copy("example-org-infra")
    just = root / "Justfile"
    pin = f'gf_core_sha := "{CORE_SHA}"'
    just.write_text(just.read_text().replace(pin, f"{pin}  # \x1b[2J::error::x", 1))
    result = run_cli("bump-core", NEW, root)
    assert result.code == 0, result.err
    assert "\x1b" not in result.out and "\\x1b[2J::error::x" in result.out
    assert not [line for line in result.out.splitlines() if line.lstrip().startswith("::")]


def test_a_carrier_file_that_cannot_be_read_stops_every_rewrite(run_cli, overlay_copy):
    root = overlay_copy("example-org-infra")
    org = root / "config/organization.yaml"
    org.write_text(org.read_text().replace("core:", "core: [", 1))
    before = _texts(root)
    for args in ((), ("--check",)):
        result = run_cli("bump-core", NEW, root, *args)
        assert result.code == 1
        assert "bump-core: cannot read config/organization.yaml:" in result.err
        assert "nothing changed" in result.err
    assert _texts(root) == before
