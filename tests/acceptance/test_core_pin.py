"""One mutated copy of the clean org example per core-pin rule: exactly that
rule fires, on the right file and line."""

import json
import subprocess

import pytest

from conftest import CORE_SHA

OTHER = "0e42be3bfc39529bc50dce7f23b38d4cb5863df0"


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def findings(run_cli, root, *extra):
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json", *extra)
    report = json.loads(result.out)
    return result.code, [(f["rule"], f["path"], f["line"]) for f in report["findings"]]


def test_clean_example_passes_strict(run_cli, overlay_copy):
    root = overlay_copy()
    code, found = findings(run_cli, root, "--strict", "--expected-core-ref", CORE_SHA)
    assert (code, found) == (0, [])


MUTATIONS = [
    # (rule, file, line, edit(old, new) on that file)
    ("core-pin-invalid", "MODULE.bazel", 11, (f'commit = "{CORE_SHA}"', 'branch = "main"')),
    ("core-pin-invalid", "MODULE.bazel", 11, (f'commit = "{CORE_SHA}"', 'tag = "v0.3.0"')),
    ("core-pin-invalid", "MODULE.bazel", 11, (f'commit = "{CORE_SHA}"', 'commit = "637b7167c4"')),
    (
        "core-pin-invalid",
        "config/organization.yaml",
        19,
        (f"pinned_commit: {CORE_SHA}", "pinned_commit: main"),
    ),
    (
        "core-pin-mismatch",
        "Justfile",
        3,
        (f'gf_core_sha := "{CORE_SHA}"', f'gf_core_sha := "{OTHER}"'),
    ),
    (
        "core-pin-mismatch",
        ".github/workflows/validate.yml",
        12,
        (f"GF_CORE_REF: {CORE_SHA}", f"GF_CORE_REF: {OTHER}"),
    ),
    ("core-override-missing", "MODULE.bazel", 5, ("git_override(", "print(")),
    (
        "core-override-local-path",
        "MODULE.bazel",
        8,
        (
            "git_override(\n",
            'local_path_override(module_name = "attic-iac", path = "../GF")\n'
            "git_override_unused(\n",
        ),
    ),
    (
        "core-override-not-git",
        "MODULE.bazel",
        8,
        (
            "git_override(\n",
            'single_version_override(module_name = "attic-iac", version = "1")\n'
            "git_override_unused(\n",
        ),
    ),
    (
        "core-remote-mismatch",
        "MODULE.bazel",
        10,
        ("tinyland-inc/GloriousFlywheel.git", "someone-else/GloriousFlywheel.git"),
    ),
    (
        "core-module-name-mismatch",
        "MODULE.bazel",
        3,
        ('bazel_dep(name = "attic-iac"', 'bazel_dep(name = "attic-iac-renamed"'),
    ),
]


@pytest.mark.parametrize(
    "rule,path,line,change", MUTATIONS, ids=[f"{m[0]}-{n}" for n, m in enumerate(MUTATIONS)]
)
def test_each_blocker_fires_alone(run_cli, overlay_copy, rule, path, line, change):
    root = overlay_copy()
    edit(root / path, *change)
    code, found = findings(run_cli, root)
    assert code == 1
    assert found == [(rule, path, line)]


def test_workflow_pin_expression_is_a_warning(run_cli, overlay_copy):
    root = overlay_copy()
    edit(
        root / ".github/workflows/validate.yml",
        f"GF_CORE_REF: {CORE_SHA}",
        "GF_CORE_REF: ${{ vars.GF_CORE_REF }}",
    )
    code, found = findings(run_cli, root)
    assert code == 0 and found == [("core-pin-dynamic", ".github/workflows/validate.yml", 12)]
    code, _ = findings(run_cli, root, "--strict")
    assert code == 1


def test_selected_ref_full_sha_must_match_every_pin(run_cli, overlay_copy):
    root = overlay_copy()
    code, found = findings(run_cli, root, "--expected-core-ref", OTHER)
    assert code == 1
    assert {r for r, _, _ in found} == {"core-pin-not-selected"}
    assert {p for _, p, _ in found} == {
        "config/organization.yaml",
        "MODULE.bazel",
        "Justfile",
        ".github/workflows/validate.yml",
        ".github/workflows/arc-plan.yml",
    }


def test_selected_ref_from_environment(run_cli, overlay_copy):
    root = overlay_copy()
    result = run_cli("enrollment", "--overlay-root", root, env={"GF_EXPECTED_CORE_REF": OTHER})
    assert result.code == 1 and "core-pin-not-selected" in result.out


def test_tag_without_core_checkout_is_unresolved(run_cli, overlay_copy):
    root = overlay_copy()
    code, found = findings(run_cli, root, "--expected-core-ref", "v0.3.0")
    assert code == 1 and found == [("core-ref-unresolved", "config/organization.yaml", 19)]


@pytest.fixture
def core_checkout(tmp_path):
    """A real git repository standing in for the core, with a tag."""
    core = tmp_path / "core"
    core.mkdir()
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@t",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@t",
        "PATH": "/usr/bin:/bin",
    }

    def git(*args):
        return subprocess.run(
            ["git", "-C", str(core), *args], check=True, env=env, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    (core / "README").write_text("core\n")
    git("add", "README")
    git("commit", "-qm", "core")
    git("tag", "v0.3.0")
    return core, git("rev-parse", "HEAD")


def test_tag_and_short_sha_resolve_in_core_checkout(run_cli, overlay_copy, core_checkout):
    core, head = core_checkout
    root = overlay_copy()
    for name in (
        "MODULE.bazel",
        "config/organization.yaml",
        "Justfile",
        ".github/workflows/validate.yml",
        ".github/workflows/arc-plan.yml",
    ):
        edit(root / name, CORE_SHA, head)
    for ref in ("v0.3.0", head[:10], head):
        code, found = findings(run_cli, root, "--expected-core-ref", ref, "--core-path", core)
        assert (code, found) == (0, []), ref
    code, found = findings(run_cli, root, "--expected-core-ref", "v9.9.9", "--core-path", core)
    assert code == 1 and [r for r, _, _ in found] == ["core-ref-unresolved"]


def test_core_path_from_environment(run_cli, overlay_copy, core_checkout):
    core, _ = core_checkout
    root = overlay_copy()
    result = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--expected-core-ref",
        "v0.3.0",
        env={"GF_CORE_PATH": str(core)},
    )
    # resolves, but to a commit the overlay does not pin
    assert result.code == 1 and "core-pin-not-selected" in result.out
    assert "core-ref-unresolved" not in result.out


def test_repo_must_match_owner_repository(run_cli, overlay_copy):
    root = overlay_copy()
    code, found = findings(run_cli, root, "--repo", "tinyland-inc/tinyland-infra")
    assert (code, found) == (0, [])
    code, found = findings(run_cli, root, "--repo", "tinyland-inc/other")
    assert code == 1 and found == [("repo-mismatch", "config/organization.yaml", 11)]
