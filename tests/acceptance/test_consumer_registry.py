"""--consumer-registry: the core's consumer registry as an input. A file that
cannot be read or has the wrong shape is an input finding naming its line,
never a traceback; consumers of other owners are not this overlay's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TFVARS = "example-org-infra/tofu/stacks/arc-runners/example-org.tfvars"


@pytest.fixture
def registry(overlay_copy) -> Path:
    """Where the registry goes: beside a copy of the example-org overlay."""
    return overlay_copy("example-org-infra").parent / "registry.json"


def taxonomy(run_cli, registry: Path) -> tuple[int, list[dict]]:
    result = run_cli(
        "taxonomy", TFVARS, "--consumer-registry", registry, "--format", "json", cwd=registry.parent
    )
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)["findings"]


@pytest.mark.parametrize(
    "text,rule,line",
    [
        ('{"consumers": [\n  {"github_repository": "a/b",}\n]}', "input-invalid", 2),
        ('{"consumers": {"a": 1}}', "input-invalid", 1),
        ("[1, 2]", "input-invalid", 1),
        ('{\n"consumers": [\n  {"runner_class": "tinyland-nix"}\n]}', "input-invalid", 3),
        ('{"consumers": [7]}', "input-invalid", 1),
        ('{"consumers": [{"github_repository": "Example-Org/x", "tfvars_anchor": [1]}]}',
         "consumer-anchor-missing", 1),
    ],
)  # fmt: skip
def test_malformed_registries_are_findings(run_cli, registry, text, rule, line):
    registry.write_text(text)
    code, found = taxonomy(run_cli, registry)
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [(rule, "../registry.json", line)]


def test_a_missing_registry_is_an_input_finding(run_cli, registry):
    code, found = taxonomy(run_cli, registry.with_name("nowhere.json"))
    assert code == 1 and [f["rule"] for f in found] == ["input-missing"]


def test_consumers_of_other_owners_are_not_judged(run_cli, registry):
    consumers = [
        {"github_repository": "Other/x", "runner_class": "tinyland-nix", "tfvars_anchor": "none"},
        {
            "github_repository": "example-org/y",
            "runner_class": 5,
            "tfvars_anchor": "example-org-nix",
        },
    ]
    registry.write_text(json.dumps({"consumers": consumers}))
    _, found = taxonomy(run_cli, registry)
    # The owner matches case-insensitively; runner_class 5 is no label.
    assert [(f["rule"], f["line"]) for f in found] == [("consumer-class-mismatch", 15)]
