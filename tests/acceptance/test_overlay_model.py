"""An overlay modelled on a real public one (tests/fixtures/overlay-model) in
both core postures: public (no credential, github: devshell refs) and private
(the deploy key on every core checkout, path: devshell refs, an OIDC checkout
at a role pin). Each posture is clean under the core_access values it fits;
each defect planted alone gets exactly its rule, file and line; `baseline`
then `enrollment --strict` pass."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import CORE_SHA, EXAMPLES
from support.overlays import copy_overlay

MODEL = EXAMPLES.parent / "tests" / "fixtures" / "overlay-model"
ARC = "11ace397282ff89aeb1dfeb4a32fcbed3200c2ff"
OTHER = "b" * 40
SHA = CORE_SHA
STACK, DRIFT = ".github/workflows/stack.yml", ".github/workflows/drift.yml"
VALIDATE, PROOF = ".github/workflows/validate.yml", ".github/workflows/cache-proof.yml"
JUSTFILE = "Justfile"
KEY = "          ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}\n"
CORE_PATH = "          path: GloriousFlywheel\n"
GITHUB_CI = 'export GF_CORE_CI_PATH="github:tinyland-inc/GloriousFlywheel/${GF_CORE_REF}#ci"'
PATH_CI = 'export GF_CORE_CI_PATH="path:${GF_CORE_PATH}#ci"'
OIDC = f"""      - name: Checkout the OIDC profile source
        uses: actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10 # v6
        with:
          repository: tinyland-inc/GloriousFlywheel
          ref: ${{{{ env.GF_OIDC_PROFILE_REF }}}}
          path: GloriousFlywheel-oidc-profile
{KEY}          persist-credentials: false
      - name: Verify the OIDC profile checkout
        run: |
          set -euo pipefail
          actual="$(git -C GloriousFlywheel-oidc-profile rev-parse --verify HEAD)"
          if [ "${{actual}}" != "${{GF_OIDC_PROFILE_REF}}" ]; then
            exit 1
          fi
"""


def build(tmp_path, posture: str, access: str | None):
    """example-org-infra with the model's workflows and Justfile, in `posture`."""
    root = tmp_path / f"{posture}-{access}"
    copy_overlay(EXAMPLES / "example-org-infra", root)
    shutil.rmtree(root / ".github")
    for src in MODEL.rglob("*"):
        if src.is_file() and src.name != "README.md":
            dest = root / src.relative_to(MODEL)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(src.read_text())
    workflows = [STACK, DRIFT]
    if posture == "private":
        for rel in workflows:
            edit(root, rel, CORE_PATH, CORE_PATH + KEY, count=-1)
            edit(root, rel, GITHUB_CI, PATH_CI, count=-1)
        edit(root, PROOF, "jobs:\n", f"env:\n  GF_OIDC_PROFILE_REF: {ARC}\n\njobs:\n")
        edit(root, PROOF, "      - name: Attach", OIDC + "      - name: Attach")
    config = ["policy:", "  visibility: public"]
    config += [f"  core_access: {access}"] if access else []
    config += ["  role_pins:", "    arc:", f"      sha: {ARC}"]
    config += ["      justfile: [arc_core_sha, arc_core_ci_default]"]
    config += [f"      workflows: [{PROOF}]"] if posture == "private" else []
    (root / ".overlay-preflight.yaml").write_text("\n".join(config) + "\n")
    return root


def edit(root, rel, old, new, count=1):
    path = root / rel
    text = path.read_text()
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, count))


def line_of(root, rel, needle, nth=1):
    """The line of the `nth` line of `rel` that contains `needle`."""
    lines = (root / rel).read_text().splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    return hits[nth - 1]


def enrollment(run_cli, root, *extra, selected=True):
    """Exit code and {(rule, path, line, severity)} of `enrollment` on `root`."""
    code, found = _run(run_cli, root, *extra, selected=selected)
    return code, {(r, p, n, s) for r, p, n, s, _ in found}


def _run(run_cli, root, *extra, selected=True):
    pin = ("--expected-core-ref", CORE_SHA) if selected else ()
    result = run_cli("enrollment", "--overlay-root", root, *pin, "--format", "json", *extra)
    assert result.code in (0, 1), result.err
    found = json.loads(result.out)["findings"]
    return result.code, [
        (f["rule"], f["path"], f["line"], f["severity"], f["message"]) for f in found
    ]


def added(run_cli, root, change):
    """What `change()` adds to the findings (matched by rule, path and message, not line)."""
    _, before = _run(run_cli, root, selected=False)
    change()
    _, after = _run(run_cli, root, selected=False)
    old = {(r, p, m) for r, p, _, _, m in before}
    return {(r, p, n, s) for r, p, n, s, m in after if (r, p, m) not in old}


POSTURES = [("public", None), ("public", "public"), ("private", None), ("private", "private")]
BASE = {
    ("action-not-pinned", PROOF, "warning"),
    ("pull-request-self-hosted", VALIDATE, "warning"),
}


@pytest.mark.parametrize(("posture", "access"), POSTURES)
def test_each_posture_is_clean_under_the_policies_it_fits(run_cli, tmp_path, posture, access):
    code, found = enrollment(run_cli, build(tmp_path, posture, access))
    assert code == 0
    assert {(r, p, s) for r, p, _, s in found} == BASE


@pytest.mark.parametrize(("posture", "access"), [("public", "private"), ("private", "public")])
def test_a_posture_against_the_other_policy_is_one_blocker_per_core_checkout(
    run_cli, tmp_path, posture, access
):
    code, found = enrollment(run_cli, build(tmp_path, posture, access))
    blockers = sorted((r, p) for r, p, _, s in found if s == "blocker")
    core_checkouts = 3 + (1 if posture == "private" else 0)
    assert code == 1 and {r for r, _ in blockers} == {"core-read-credential"}
    assert len(blockers) == core_checkouts


CORE_CHECKOUT = ("actions/checkout@", 2)  # the line of the first core checkout in stack.yml
PAT = "          token: ${{ secrets.SOME_PAT }}\n"
READ_TOKEN = "          token: ${{ secrets.GF_CORE_READ_TOKEN }}\n"


def _credential(posture, access):
    """The credential defect that fits the policy: (old, new, rule, where)."""
    if access == "public":
        return CORE_PATH, CORE_PATH + KEY, "core-read-credential", ("ssh-key:",)
    if access == "private":
        return KEY, "", "core-read-credential", CORE_CHECKOUT
    if posture == "private":
        return KEY, READ_TOKEN, "core-read-token-fallback", ("token:",)
    return CORE_PATH, CORE_PATH + PAT, "core-read-credential", ("token:",)


VERIFY = """      - name: Verify core checkout
        run: |
          set -euo pipefail
          actual="$(git -C GloriousFlywheel rev-parse --verify HEAD)"
          if [ "${actual}" != "${GF_CORE_REF}" ]; then
            echo "::error::core checkout mismatch: expected ${GF_CORE_REF}, got ${actual}"
            exit 1
          fi
"""
NAME_VERIFY = "      - name: Verify core checkout\n"
OVERLAY = "          path: overlay\n"
NIX_JOB = "uses: ./GloriousFlywheel/.github/actions/nix-job"
JOB = "    runs-on: tinyland-nix\n    steps:"
CONTRACT = "      - name: Validate overlay contract\n"
TOKEN_ENV = "          GH_ACTION_TOKEN: ${{ github.token }}\n"
CLONE = "            git clone git@github.com:tinyland-inc/GloriousFlywheel.git\n"
# name: (file, old, new, rule, where the finding is: (text on the line[, nth]))
DEFECTS = {
    # 2. checkout hardening
    "persisted credentials": (
        STACK, "persist-credentials: false", "persist-credentials: true",
        "checkout-persist-credentials", ("persist-credentials: true",),
    ),
    "overlay checkout token": (
        STACK, OVERLAY, OVERLAY + "          token: ${{ secrets.SITE_TOKEN }}\n",
        "checkout-credential", ("SITE_TOKEN",),
    ),
    "shell clone of the core": (
        STACK, "            cd overlay\n", CLONE + "            cd overlay\n",
        "core-shell-clone", ("git clone",),
    ),
    "remote core action": (
        STACK, NIX_JOB, f"uses: tinyland-inc/GloriousFlywheel/.github/actions/nix-job@{CORE_SHA}",
        "core-remote-uses", ("uses: tinyland-inc/GloriousFlywheel",),
    ),
    "missing HEAD assertion": (STACK, VERIFY, "", "core-head-unverified", CORE_CHECKOUT),
    "HEAD assertion that passes anyway": (
        STACK, "            exit 1\n", "            exit 0\n",
        "core-head-unverified", CORE_CHECKOUT,
    ),
    "fail-soft HEAD assertion": (
        STACK, NAME_VERIFY, NAME_VERIFY + "        continue-on-error: true\n",
        "core-head-unverified", ("continue-on-error: true",),
    ),
    "HEAD assertion condition drift": (
        DRIFT, NAME_VERIFY + "        if: steps", NAME_VERIFY + "        if: always() || steps",
        "core-head-unverified", ("if: always() ||",),
    ),
    # 3. every pin carrier
    "job-level GF_CORE_REF": (
        STACK, JOB, JOB.replace("    steps:", f"    env:\n      GF_CORE_REF: {SHA}\n    steps:"),
        "core-ref-scope", ("      GF_CORE_REF:",),
    ),
    "Justfile gf_core_ci drift": (
        JUSTFILE, f"GloriousFlywheel/{CORE_SHA}#ci", f"GloriousFlywheel/{OTHER}#ci",
        "core-pin-mismatch", ("gf_core_ci :=",),
    ),
    "Justfile role pin drift": (
        JUSTFILE, f"GloriousFlywheel/{ARC}#ci", f"GloriousFlywheel/{OTHER}#ci",
        "core-role-pin-mismatch", ("arc_core_ci_default :=",),
    ),
    # 4. permissions
    "no top-level permissions": (
        DRIFT, "permissions:\n  contents: read\n", "", "workflow-permissions", ("jobs:",),
    ),
    "contents: write": (
        STACK, "  contents: read\n", "  contents: write\n",
        "workflow-permission-scope", ("contents: write",),
    ),
    "actions: write": (
        PROOF, "  id-token: write\n", "  id-token: write\n  actions: write\n",
        "workflow-permission-scope", ("actions: write",),
    ),
    # 5. action pins
    "artifact upload on a branch": (
        DRIFT, "upload-artifact@v7", "upload-artifact@main",
        "action-ref-mutable", ("upload-artifact@main",),
    ),
    "docker image by tag": (
        VALIDATE, CONTRACT, "      - uses: docker://alpine:3.20\n" + CONTRACT,
        "action-not-pinned", ("docker://alpine",),
    ),
    # 7. who can reach a credential
    "a secret in the pull-request job": (
        VALIDATE, TOKEN_ENV, TOKEN_ENV.replace("github.token", "secrets.SITE_TOKEN"),
        "pull-request-secret", ("secrets.SITE_TOKEN",),
    ),
}  # fmt: skip


def _planted(posture, access, name):
    if name == "credential":
        old, new, rule, where = _credential(posture, access)
        return STACK, old, new, rule, where
    if name == "floating devshell":
        old, new = (
            (PATH_CI, 'export GF_CORE_CI_PATH="path:../GloriousFlywheel-other#ci"')
            if posture == "private"
            else (GITHUB_CI, GITHUB_CI.replace("${GF_CORE_REF}", "main"))
        )
        return STACK, old, new, "core-devshell-unpinned", ("export GF_CORE_CI_PATH",)
    return DEFECTS[name]


@pytest.mark.parametrize(("posture", "access"), POSTURES)
@pytest.mark.parametrize("name", ["credential", "floating devshell", *DEFECTS])
def test_each_defect_alone_gets_exactly_its_rule(run_cli, tmp_path, posture, access, name):
    root = build(tmp_path, posture, access)
    rel, old, new, rule, needle = _planted(posture, access, name)
    found = added(run_cli, root, lambda: edit(root, rel, old, new))
    assert {(r, p, n) for r, p, n, _ in found} == {(rule, rel, line_of(root, rel, *needle))}


@pytest.mark.parametrize(("posture", "access"), POSTURES)
def test_an_ungated_credentialed_lane_is_reached_by_pull_requests(
    run_cli, tmp_path, posture, access
):
    root = build(tmp_path, posture, access)
    gate = "    if: github.event_name == 'push' || github.event_name == 'workflow_dispatch'\n"
    found = added(run_cli, root, lambda: edit(root, STACK, gate, ""))
    runs_on = line_of(root, STACK, "runs-on: tinyland-nix")
    expected = {("pull-request-self-hosted", STACK, runs_on, "warning")}
    if posture == "private":
        expected.add(("pull-request-secret", STACK, line_of(root, STACK, "ssh-key:"), "blocker"))
    # the server lane needs `validate`, now ungated, but its own `if:` keeps pull requests out
    assert found == expected


def test_pull_request_self_hosted_forbid_and_pin_severity_blocker(run_cli, tmp_path):
    root = build(tmp_path, "public", None)
    config = root / ".overlay-preflight.yaml"
    text = config.read_text()
    config.write_text(text.replace("policy:\n", "policy:\n  pull_request_self_hosted: forbid\n"))
    _, found = enrollment(run_cli, root)
    assert ("pull-request-self-hosted", VALIDATE, 17, "blocker") in found
    config.write_text(text.replace("policy:\n", "policy:\n  action_pin_severity: blocker\n"))
    code, found = enrollment(run_cli, root)
    assert code == 1 and ("action-not-pinned", PROOF, 28, "blocker") in found


def test_undeclared_role_pins_are_warnings_that_say_how_to_declare(run_cli, tmp_path):
    root = build(tmp_path, "private", "private")
    (root / ".overlay-preflight.yaml").write_text("policy:\n  core_access: private\n")
    code, found = enrollment(run_cli, root)
    undeclared = sorted((p, n) for r, p, n, s in found if r == "core-role-pin-undeclared")
    assert code == 0
    assert undeclared == [
        (PROOF, line_of(root, PROOF, "GF_OIDC_PROFILE_REF:")),
        ("Justfile", line_of(root, "Justfile", "arc_core_sha :=")),
        ("Justfile", line_of(root, "Justfile", "arc_core_ci_default :=")),
    ]
    result = run_cli("enrollment", "--overlay-root", root)
    assert "policy.role_pins.<role>: {sha: " + ARC in result.out


def test_a_workflow_core_ref_off_the_pin_is_drift_until_declared(run_cli, tmp_path):
    root = build(tmp_path, "public", None)
    edit(root, DRIFT, f"GF_CORE_REF: {CORE_SHA}", f"GF_CORE_REF: {ARC}")
    code, found = enrollment(run_cli, root)
    line = line_of(root, DRIFT, "GF_CORE_REF:")
    assert code == 1 and ("core-pin-mismatch", DRIFT, line, "blocker") in found
    config = root / ".overlay-preflight.yaml"
    config.write_text(config.read_text() + f"      workflows: [{DRIFT}]\n")
    code, found = enrollment(run_cli, root)
    assert code == 0 and not {r for r, *_ in found} & {"core-pin-mismatch", "core-pin-not-selected"}


@pytest.mark.parametrize(("posture", "access"), POSTURES)
def test_baseline_then_strict_passes(run_cli, tmp_path, posture, access):
    root = build(tmp_path, posture, access)
    config = root / ".overlay-preflight.yaml"
    config.write_text("# reviewed by the owners\n" + config.read_text())
    result = run_cli("baseline", root, "--expected-core-ref", CORE_SHA, "--expires", "2099-01-01")
    assert result.code == 0, result.out
    text = config.read_text()
    assert text.startswith("# reviewed by the owners\npolicy:\n  visibility: public\n")
    assert text.count("reason: baseline ") == 2 and text.count("expires: 2099-01-01") == 2
    strict = run_cli(
        "enrollment", "--overlay-root", root, "--expected-core-ref", CORE_SHA, "--strict"
    )
    assert strict.code == 0, strict.out
    assert strict.out.rstrip().endswith("0 blockers / 0 warnings")


def test_a_path_devshell_is_followed_through_its_variable(run_cli, tmp_path):
    root = build(tmp_path, "private", "private")
    old, new = "export GF_CORE_PATH=../GloriousFlywheel\n", "export GF_CORE_PATH=../elsewhere\n"
    found = added(run_cli, root, lambda: edit(root, STACK, old, new))
    assert found == {("core-devshell-unpinned", STACK, line_of(root, STACK, PATH_CI), "blocker")}
    found = added(
        run_cli, root, lambda: edit(root, STACK, new, "export GF_CORE_PATH=GloriousFlywheel\n")
    )
    assert found == set()
