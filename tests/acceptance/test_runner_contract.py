"""The runner contract on an organization overlay in the shape of the estate's
public one (tests/fixtures/taxonomy/org-overlay: org-scoped registration, one
nix lane, a selected-repository runner group that admits the overlay itself by
ruling; the core's consumer registry beside it). The clean copy passes strict
enrollment; each defect, planted alone in a fresh copy, adds exactly its
blockers, each naming the file and line; each near miss adds nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support.overlays import copy_overlay

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures/taxonomy"
CORE = "2281b576bce0e8dd776a047b84e7464f5b508a62"
TF = "tofu/stacks/arc-runners/river-bend-works.tfvars"
ORG = "config/organization.yaml"
REG = "../registry.json"
CFG = ".overlay-preflight.yaml"
RETIRED = "main:l/gpjG5GLg1Gczmn5K97n5iSIRcsaWerICzdXqiBYT8="
KEY = "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="
# extra_runner_sets = {} sits on this line of the tfvars; a planted entry follows.
X = (FIXTURES / "org-overlay" / TF).read_text().splitlines().index("extra_runner_sets = {}") + 1

ENTRY = {
    "github_config_url": '"https://github.com/River-Bend-Works"',
    "runner_label": '"tinyland-nix-heavy"',
    "runner_type": '"nix"',
    "attic_server": '"http://attic.nix-cache.svc.cluster.local"',
    "bazel_cache_endpoint": '"grpc://bazel-cache.nix-cache.svc.cluster.local:9092"',
}


def entry(key: str = "river-bend-works-heavy", **changes: str | None) -> tuple:
    """An edit planting one extra_runner_sets entry: ENTRY with `changes`
    (None drops a setting). Its key is on line X + 1, its settings follow."""
    spec = {**ENTRY, **changes}
    body = "".join(f"    {k} = {v}\n" for k, v in spec.items() if v is not None)
    return (TF, "extra_runner_sets = {}", f"extra_runner_sets = {{\n  {key} = {{\n{body}  }}\n}}")


# name: (edits, {(rule, file, line)}): the blockers the defect adds.
DEFECTS = {
    # Registration
    "url on another host": (
        [(TF, '"https://github.com/River-Bend-Works"', '"https://gitlab.com/River-Bend-Works"')],
        {("registration-url-invalid", TF, 3)},
    ),
    "url with a path": (
        [
            (
                TF,
                '"https://github.com/River-Bend-Works"',
                '"https://github.com/River-Bend-Works/a/b"',
            )
        ],
        {("registration-url-invalid", TF, 3)},
    ),
    "url repo-scoped without the flag": (
        [(TF, '"https://github.com/River-Bend-Works"', '"https://github.com/River-Bend-Works/x"')],
        {("repo-registration-anchor-unallowed", TF, 3), ("registration-url-mismatch", TF, 3)},
    ),
    "entry without github_config_url": (
        [entry(github_config_url=None)],
        {("registration-url-invalid", TF, X + 1)},
    ),
    # Labels
    "label with suffix operator": (
        [entry(runner_label='"tinyland-nix-operator"')],
        {("runner-label-not-capability", TF, X + 3)},
    ),
    "label with the owner's name": (
        [entry(runner_label='"tinyland-nix-riverbend"')],
        {("runner-label-repo-shaped", TF, X + 3)},
    ),
    "label with an estate project": (
        [entry(runner_label='"tinyland-nix-acuity"')],
        {("runner-label-repo-shaped", TF, X + 3)},
    ),
    "entry without runner_label": (
        [entry(runner_label=None)],
        {("runner-label-not-capability", TF, X + 1)},
    ),
    # Attic
    "attic server without key": (
        [(TF, f'attic_public_key     = "{KEY}"', "# attic_public_key")],
        {("attic-public-key-missing", TF, 32)},
    ),
    "attic key drifts from organization.yaml": (
        [(TF, f'"{KEY}"', '"main:b3RoZXI="')],
        {("cache-endpoint-drift", TF, 34)},
    ),
    "retired attic key in both files": (
        [(TF, KEY, RETIRED), (ORG, KEY, RETIRED)],
        {("attic-key-retired", TF, 34), ("attic-key-retired", ORG, 35)},
    ),
    # RBE wiring
    "executor without cache (top level)": (
        [
            (
                TF,
                'bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"',
                'bazel_executor_endpoint = "grpc://gf-reapi-cell.gf-rbe.svc.cluster.local:8980"',
            )
        ],
        {("executor-without-cache", TF, 35)},
    ),
    "executor without cache (exempt entry)": (
        [
            entry(
                bazel_cache_endpoint=None,
                attic_server=None,
                bazel_executor_endpoint='"grpc://gf-reapi-cell.gf-rbe.svc.cluster.local:8980"',
            ),
            (CFG, "", "policy:\n  cache_exempt_lanes: [river-bend-works-heavy]\n"),
        ],
        {("executor-without-cache", TF, X + 5)},
    ),
    "nix entry without cache": (
        [entry(bazel_cache_endpoint=None)],
        {("cache-endpoint-missing", TF, X + 1)},
    ),
    "nix entry without attic": (
        [entry(attic_server=None)],
        {("cache-endpoint-missing", TF, X + 1)},
    ),
    "untyped entry without attic (nix by default)": (
        [entry(runner_type=None, attic_server=None)],
        {("cache-endpoint-missing", TF, X + 1)},
    ),
    "docker entry without cache": (
        [
            entry(
                runner_type='"docker"', runner_label='"tinyland-docker"', bazel_cache_endpoint=None
            )
        ],
        {("cache-endpoint-missing", TF, X + 1)},
    ),
    "entry of an unknown runner_type": (
        [entry(runner_type='"podman"')],
        {("extra-runner-sets-invalid", TF, X + 4)},
    ),
    # Runner group (organization accounts)
    "no runner_group block": (
        [(ORG, "  runner_group:\n", "  old_runner_group:\n")],
        {("runner-group-contract-invalid", ORG, 39)},
    ),
    "tfvars runner_group absent": (
        [(TF, 'runner_group        = "river-bend-works-infra"\n', "\n")],
        {("runner-group-default", TF, 8)},
    ),
    "tfvars runner_group default": (
        [(TF, 'runner_group        = "river-bend-works-infra"', 'runner_group = "Default"')],
        {("runner-group-default", TF, 7)},
    ),
    "group renamed on the tfvars side": (
        [(TF, 'runner_group        = "river-bend-works-infra"', 'runner_group = "river-bend-x"')],
        {("runner-group-mismatch", TF, 7)},
    ),
    "policy legacy-default": (
        [(TF, '"organization-restricted"', '"legacy-default"')],
        {("runner-group-policy", TF, 8)},
    ),
    "policy absent": (
        [(TF, 'runner_group_policy = "organization-restricted"\n', "\n")],
        {("runner-group-policy", TF, 7)},
    ),
    "visibility all": (
        [(ORG, "visibility: selected", "visibility: all")],
        {("runner-group-visibility", ORG, 55)},
    ),
    "restricted to workflows": (
        [(ORG, "restricted_to_workflows: false", "restricted_to_workflows: true")],
        {("runner-group-workflow-restricted", ORG, 58)},
    ),
    "public admission not a boolean": (
        [(ORG, "allows_public_repositories: true", 'allows_public_repositories: "yes"')],
        {("runner-group-contract-invalid", ORG, 57), ("organization-schema", ORG, 57)},
    ),
    "public admission undeclared": (
        [(ORG, "    allows_public_repositories: true\n", "\n")],
        {("runner-group-contract-invalid", ORG, 53)},
    ),
    "roster emptied": (
        [
            (ORG, "      - 1400000002\n", ""),
            (ORG, "      - 1400000001\n", ""),
            (ORG, "ids:\n", "ids: []\n"),
        ],
        {("runner-group-roster-invalid", ORG, 60)},
    ),
    "roster repeats an id": (
        [(ORG, "      - 1400000002\n", "      - 1400000002\n      - 1400000002\n")],
        {("runner-group-roster-invalid", ORG, 63)},
    ),
    "roster undeclared": (
        [(ORG, "    selected_repository_ids:\n", "    old_ids:\n")],
        {("runner-group-roster-invalid", ORG, 53)},
    ),
    "overlay admitted without ruling": (
        [(ORG, "    infra_repo_admission_ruling: OPS-12-2026-08-01\n", "\n")],
        {("runner-group-admits-overlay", ORG, 64)},
    ),
    # Consumer registry (--consumer-registry)
    "consumer anchor renamed": (
        [
            (
                TF,
                'nix_runner_scale_set_name    = "river-bend-works-nix"',
                'nix_runner_scale_set_name = "river-bend-works-nix-2"',
            )
        ],
        {("consumer-anchor-missing", REG, 3)},
    ),
    "consumer runner class differs": (
        [(REG, '"runner_class": "tinyland-nix"', '"runner_class": "tinyland-nix-heavy"')],
        {("consumer-class-mismatch", TF, 14)},
    ),
}

# Edits at the edge of a rule: each must add nothing.
NEAR_MISSES = {
    "a valid extra entry": [entry()],
    "an executor beside its cache": [
        entry(bazel_executor_endpoint='"grpc://gf-reapi-cell.gf-rbe.svc.cluster.local:8980"')
    ],
    "a valid docker entry without attic": [
        entry(runner_type='"docker"', runner_label='"tinyland-docker-arm64"', attic_server=None)
    ],
    "an exempt entry without cache": [
        entry(bazel_cache_endpoint=None, attic_server=None),
        (CFG, "", "policy:\n  cache_exempt_lanes: [river-bend-works-heavy]\n"),
    ],
    "a listed enterprise host": [
        (TF, '"https://github.com/River-Bend-Works"', '"https://ghe.example.com/River-Bend-Works"'),
        (ORG, "https://github.com/River-Bend-Works", "https://ghe.example.com/River-Bend-Works"),
        (CFG, "", "policy:\n  registration_hosts: [ghe.example.com]\n"),
    ],
    "no top-level attic server or url": [
        (TF, 'attic_server         = "http://attic.nix-cache.svc.cluster.local"', ""),
        (TF, 'github_config_url     = "https://github.com/River-Bend-Works"', ""),
    ],
    "the overlay off the roster, no ruling": [
        (ORG, "    infra_repo_admission_ruling: OPS-12-2026-08-01\n", "\n"),
        (ORG, "      - 1400000001\n", ""),
    ],
    "public admission off": [
        (ORG, "allows_public_repositories: true", "allows_public_repositories: false")
    ],
    "a label with capability suffixes": [entry(runner_label='"tinyland-nix-kvm-x86_64"')],
    "another owner's consumer with another class": [
        (REG, '"runner_class": "tinyland-docker"', '"runner_class": "tinyland-nix-gpu"')
    ],
}


def apply(root: Path, edits: list[tuple]) -> None:
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text() if path.exists() else ""
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1))


@pytest.fixture
def overlay(tmp_path):
    root = copy_overlay(FIXTURES / "org-overlay", tmp_path / "overlay")
    shutil.copy(FIXTURES / "org-overlay-registry.json", tmp_path / "registry.json")
    return root


def enrollment(run_cli, root: Path, *extra: str) -> tuple[int, list[dict]]:
    result = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--expected-core-ref",
        CORE,
        "--consumer-registry",
        root / REG,
        "--format",
        "json",
        *extra,
    )
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)["findings"]


def blockers(found: list[dict]) -> set[tuple]:
    return {(f["rule"], f["path"], f["line"]) for f in found if f["severity"] == "blocker"}


def test_the_clean_fixture_passes_strict_enrollment(run_cli, overlay):
    code, found = enrollment(run_cli, overlay, "--strict")
    assert (code, found) == (0, [])


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_planted_defect_is_a_blocker_naming_file_and_line(run_cli, overlay, name):
    edits, expected = DEFECTS[name]
    apply(overlay, edits)
    code, found = enrollment(run_cli, overlay)
    assert code == 1
    assert blockers(found) == expected
    assert all(line for _, _, line in expected)


@pytest.mark.parametrize("name", list(NEAR_MISSES))
def test_each_near_miss_stays_clean(run_cli, overlay, name):
    apply(overlay, NEAR_MISSES[name])
    assert enrollment(run_cli, overlay, "--strict") == (0, [])


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit"])
def test_new_rules_render_in_every_format(run_cli, overlay, fmt):
    apply(overlay, DEFECTS["overlay admitted without ruling"][0])
    apply(overlay, DEFECTS["consumer anchor renamed"][0])
    result = run_cli(
        "enrollment", "--overlay-root", overlay, "--expected-core-ref", CORE,
        "--consumer-registry", overlay / REG, "--format", fmt,
    )  # fmt: skip
    assert result.code == 1, result.err
    expected = {("runner-group-admits-overlay", ORG, 64), ("consumer-anchor-missing", REG, 3)}
    if fmt in ("text", "junit"):  # junit carries the text line in its <failure>
        for rule, path, line in expected:
            assert f"{path}:{line}: blocker [{rule}]" in result.out
    elif fmt == "json":
        assert blockers(json.loads(result.out)["findings"]) == expected
    else:
        run = json.loads(result.out)["runs"][0]
        assert {
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for r in run["results"]
        } == expected


def test_the_taxonomy_command_runs_the_same_contract(run_cli, overlay):
    apply(overlay, DEFECTS["visibility all"][0])
    result = run_cli("taxonomy", overlay / TF, "--consumer-registry", overlay / REG)
    assert result.code == 1
    assert f"{ORG}:55: blocker [runner-group-visibility]" in result.out
