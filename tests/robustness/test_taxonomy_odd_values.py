"""Odd value types in tfvars and organization.yaml give findings, never a crash."""

import json

import pytest

from conftest import CORE_SHA

TFVARS = "tofu/stacks/arc-runners/example-org.tfvars"

ODD = [
    ("extra_runner_sets = {}", "extra_runner_sets = [1, 2]"),
    ("extra_runner_sets = {}", 'extra_runner_sets = { a = "x" }'),
    ("extra_runner_sets = {}", "extra_runner_sets = { a = {} }"),
    (
        "extra_runner_sets = {}",
        'extra_runner_sets = { a = { runner_label = ["x"], '
        "min_runners = true, max_runners = 1.5, cpu_request = {} } }",
    ),
    ('github_config_url    = "https://github.com/Example-Org"', "github_config_url = 7"),
    ('github_config_url    = "https://github.com/Example-Org"', "github_config_url = var.x"),
    ('runner_group        = "example-org-infra"', "runner_group = [1]"),
    ("deploy_arc_controller       = false", 'deploy_arc_controller = "false"'),
    ('nix_runner_name           = "example-org-nix"', "nix_runner_name = null"),
    ('nix_cpu_request           = "2"', 'nix_cpu_request = "1e999999999"'),
    ("nix_min_runners           = 0", "nix_min_runners = 1e300"),
]
ORG_ODD = [
    ("runner_group:\n    name: example-org-infra", "runner_group:\n    name: [default]"),
    ("  caches:\n", "  caches: 7\n  old_caches:\n"),
    ("  cluster:\n", "  cluster: honey\n  old_cluster:\n"),
    ("slug: Example-Org", "slug: [x]"),
]


@pytest.mark.parametrize("old,new", ODD)
def test_odd_tfvars_values(run_cli, overlay_copy, old, new):
    root = overlay_copy("example-org-infra")
    path = root / TFVARS
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    result = run_cli(
        "enrollment", "--overlay-root", root, "--format", "json", "--expected-core-ref", CORE_SHA
    )
    assert result.code == 1, result.err
    assert json.loads(result.out)["findings"]


@pytest.mark.parametrize("old,new", ORG_ODD)
def test_odd_organization_values(run_cli, overlay_copy, old, new):
    root = overlay_copy("example-org-infra")
    path = root / "config/organization.yaml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    for args in (
        ["enrollment", "--overlay-root", root, "--expected-core-ref", CORE_SHA],
        ["topology", root],
        ["taxonomy", root / TFVARS],
    ):
        result = run_cli(*args)
        assert result.code in (0, 1), (args, result.err)
        assert "internal error" not in result.err
