"""Inline ignores (`# overlay-preflight: ignore[RULE] reason`) in YAML, HCL,
Starlark, Justfile and shell: the finding on the comment's line (or the line
below a comment alone on its line) is suppressed and stays visible in every
format; a bad or stale ignore is a finding of its own."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conftest import CORE_SHA

SHA = ("--expected-core-ref", CORE_SHA)
PLAN = ".github/workflows/arc-plan.yml"
TFVARS = "tofu/stacks/arc-runners/tinyland.tfvars"
MARK = "# overlay-preflight: ignore"


def _replace(path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def _plant(root) -> None:
    _replace(
        root / PLAN,
        "        run: just arc-plan-check\n",
        "        run: |\n"
        f"          {MARK}[workflow-raw-kubectl] the bootstrap namespace (TIN-1)\n"
        "          kubectl apply -f k8s/ns.yaml\n"
        "          kubectl apply -f k8s/other.yaml\n"
        "          just arc-plan-check\n"
        f"      - uses: tinyland-inc/ci-templates/.github/actions/nix-setup@v2  {MARK}"
        "[action-not-pinned] the org's template, pinned by tag\n",
    )
    _replace(
        root / TFVARS,
        'nix_runner_name           = "tinyland-inc-nix"\n',
        f"{MARK}[runner-name-not-owner-prefixed] kept for the dashboards\n"
        'nix_runner_name           = "nix-runner" # "#" in a string is no comment\n',
    )
    _replace(
        root / "MODULE.bazel",
        '    remote = "https://github.com/tinyland-inc/GloriousFlywheel.git",\n',
        '    remote = "https://git.example.org/mirror/GloriousFlywheel.git",  '
        f"{MARK}[core-remote-mismatch] the estate's mirror\n",
    )
    (root / "Justfile").write_text(
        (root / "Justfile").read_text() + "\n# Nightly scale-down\nnight:\n"
        f"    {MARK}[justfile-imperative-pin] scaled back up by the morning apply\n"
        "    kubectl scale deploy/web --replicas=0\n"
    )


def _run(run_cli, root, fmt: str = "json"):
    return run_cli("enrollment", "--overlay-root", root, *SHA, "--format", fmt)


def test_ignores_suppress_where_they_stand_in_every_format(run_cli, overlay_copy):
    root = overlay_copy()
    _plant(root)
    result = _run(run_cli, root)
    findings = json.loads(result.out)["findings"]
    got = {(f["rule"], f["path"], f["line"]): f["suppressed"] for f in findings}
    assert got[("workflow-raw-kubectl", PLAN, 43)] == "the bootstrap namespace (TIN-1)"
    assert got[("workflow-raw-kubectl", PLAN, 44)] is None  # the next command is not covered
    assert got[("action-not-pinned", PLAN, 46)] == "the org's template, pinned by tag"
    assert got[("runner-name-not-owner-prefixed", TFVARS, 17)] == "kept for the dashboards"
    assert got[("core-remote-mismatch", "MODULE.bazel", 10)] == "the estate's mirror"
    imperative = [k for k in got if k[0] == "justfile-imperative-pin"]
    assert [got[k] for k in imperative] == ["scaled back up by the morning apply"]
    assert not [k for k in got if k[0].startswith("inline-ignore")]
    assert result.code == 1  # the uncovered kubectl apply

    sarif = json.loads(_run(run_cli, root, "sarif").out)["runs"][0]["results"]
    kinds = {r["ruleId"]: r["suppressions"][0]["kind"] for r in sarif if "suppressions" in r}
    assert kinds["core-remote-mismatch"] == "inSource"
    text = _run(run_cli, root, "text").out
    assert "reason (inline ignore): the estate's mirror" in text
    junit = ET.fromstring(_run(run_cli, root, "junit").out)
    case = junit.find(".//testcase[@classname='core-remote-mismatch']")
    assert case is not None and case.find("skipped") is not None


def test_bad_and_stale_ignores_are_findings(run_cli, overlay_copy):
    root = overlay_copy()
    _replace(
        root / PLAN,
        "        run: just arc-plan-check\n",
        "        run: |\n"
        f"          kubectl apply -f k8s/ns.yaml  {MARK}[workflow-raw-kubectl]\n"
        f"          just arc-plan-check  {MARK}[workflow-raw-tofu] nothing to ignore here\n"
        f"          {MARK}[no-such-rule, core-pin-mismatch] because\n"
        f"          {MARK}[secret-plaintext] a test token\n"
        "          echo done  # overlay-preflight: ignore workflow-raw-kubectl, it is fine\n"
        "          echo done  # overlay-preflight: a note, not an ignore\n",
    )
    findings = json.loads(_run(run_cli, root).out)["findings"]
    got = sorted((f["rule"], f["line"], f["message"]) for f in findings if f["path"] == PLAN)
    assert got == [
        ("inline-ignore-invalid", 42, "ignore[workflow-raw-kubectl] needs a reason after the rule"),
        ("inline-ignore-invalid", 44, "core-pin-mismatch cannot be suppressed: fix the finding"),
        ("inline-ignore-invalid", 44, "unknown rule 'no-such-rule'"),
        (
            "inline-ignore-invalid",
            45,
            "secret-plaintext is suppressed only by fingerprint in .overlay-preflight.yaml",
        ),
        ("inline-ignore-invalid", 46, "expected `ignore[RULE] reason`"),
        (
            "inline-ignore-unused",
            43,
            "ignore[workflow-raw-tofu] covers line 43, where it finds nothing",
        ),
        ("workflow-raw-kubectl", 42, "raw `kubectl apply`"),
    ]


def test_an_ignore_for_a_rule_the_command_did_not_run_is_not_stale(run_cli, overlay_copy):
    root = overlay_copy()
    _plant(root)
    result = run_cli("core-pin", "--overlay-root", root, *SHA, "--format", "json")
    rules = {f["rule"] for f in json.loads(result.out)["findings"]}
    assert "inline-ignore-unused" not in rules and "core-remote-mismatch" in rules
