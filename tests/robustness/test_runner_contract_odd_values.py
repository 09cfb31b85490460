"""Odd value types in the runner contract give findings, never a crash: the
runner-group block, the roster, Attic keys, URLs and extra_runner_sets entries
of any YAML/HCL type."""

import json

import pytest

from conftest import CORE_SHA

TFVARS = "tofu/stacks/arc-runners/example-org.tfvars"
ORG = "config/organization.yaml"

ODD = [
    (
        ORG,
        "  runner_group:\n    name: example-org-infra\n",
        "  runner_group: [1, 2]\n  old:\n    name: x\n",
    ),
    (
        ORG,
        "  runner_group:\n    name: example-org-infra\n",
        "  runner_group: null\n  old:\n    name: x\n",
    ),
    (ORG, "visibility: selected", "visibility: {a: 1}"),
    (ORG, "visibility: selected", "visibility: 7"),
    (
        ORG,
        "selected_repository_ids: [923456781]",
        "selected_repository_ids: [true, -1, 1.5, null, x]",
    ),
    (ORG, "selected_repository_ids: [923456781]", "selected_repository_ids: {a: 1}"),
    (ORG, "selected_repository_ids: [923456781]", "selected_repository_ids: [[923456781]]"),
    (ORG, "repository_id: 923456781", "repository_id: [923456781]"),
    (ORG, "infra_repo_admission_ruling: reviewed-2026-02-01", "infra_repo_admission_ruling: [x]"),
    (ORG, "restricted_to_workflows: false", "restricted_to_workflows: 0"),
    (ORG, 'attic_public_key: "main:', 'attic_public_key: ["main:'),
    (ORG, "account_kind: organization", "account_kind: [organization]"),
    (TFVARS, 'runner_group_policy = "organization-restricted"', "runner_group_policy = [1]"),
    (TFVARS, 'attic_public_key        = "main:', 'attic_public_key        = ["main:'),
    (TFVARS, "attic_server            =", "attic_server            = { a = 1 }\nold_attic ="),
    (TFVARS, "bazel_executor_endpoint =", "bazel_executor_endpoint = 7\nold_exec ="),
    (
        TFVARS,
        "extra_runner_sets = {}",
        'extra_runner_sets = { a = { runner_type = ["nix"], runner_label = 7, '
        "github_config_url = { x = 1 }, attic_server = [], bazel_executor_endpoint = true } }",
    ),
    (
        TFVARS,
        "extra_runner_sets = {}",
        'extra_runner_sets = { "a b" = { runner_type = null, attic_public_key = 5 } }',
    ),
]


@pytest.mark.parametrize("rel,old,new", ODD)
def test_odd_runner_contract_values(run_cli, overlay_copy, tmp_path, rel, old, new):
    root = overlay_copy("example-org-infra")
    path = root / rel
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    registry = tmp_path / "registry.json"
    registry.write_text('{"consumers": [{"github_repository": "Example-Org/x", '
                        '"runner_class": null, "tfvars_anchor": "a"}]}')  # fmt: skip
    for args in (
        ["enrollment", "--overlay-root", root, "--expected-core-ref", CORE_SHA],
        ["taxonomy", root / TFVARS],
    ):
        result = run_cli(*args, "--consumer-registry", registry, "--format", "json")
        assert result.code == 1, (args, result.err)
        assert json.loads(result.out)["findings"]
