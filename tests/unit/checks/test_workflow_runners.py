from __future__ import annotations

import pytest

from overlay_preflight.checks.workflow_runners import runs_on
from overlay_preflight.loaders.yamlfile import load_yaml_text


def job(text: str):
    return load_yaml_text(text, "ci.yml")


@pytest.mark.parametrize(
    ("text", "labels", "group", "dynamic"),
    [
        ("runs-on: tinyland-nix\n", ["tinyland-nix"], None, []),
        ("runs-on: [self-hosted, tinyland-nix]\n", ["self-hosted", "tinyland-nix"], None, []),
        ("runs-on: {group: g, labels: tinyland-nix}\n", ["tinyland-nix"], "g", []),
        ("runs-on: {group: g}\n", [], "g", []),
        ("runs-on:\n  group: ${{ vars.G }}\n  labels: [a]\n", ["a"], None, [2]),
        ("runs-on: ${{ inputs.r }}\n", [], None, [1]),
        (
            "strategy:\n  matrix:\n    r: [tinyland-nix, [self-hosted, tinyland-dind]]\n"
            "    include: [{r: tinyland-docker}]\nruns-on: ${{ matrix.r }}\n",
            ["tinyland-nix", "self-hosted", "tinyland-dind", "tinyland-docker"],
            None,
            [],
        ),
        (
            "strategy:\n  matrix: ${{ fromJSON(inputs.m) }}\nruns-on: ${{ matrix.r }}\n",
            [],
            None,
            [3],
        ),
        (
            'strategy:\n  matrix:\n    r: ["${{ inputs.x }}"]\nruns-on: ${{ matrix.r }}\n',
            [],
            None,
            [4],
        ),
    ],
)
def test_runs_on_forms(text, labels, group, dynamic):
    request = runs_on(job(text))
    assert [label for label, _ in request.labels] == labels
    assert request.group == group
    assert request.dynamic == dynamic


def test_a_reusable_workflow_job_has_no_runs_on():
    assert runs_on(job("uses: ./.github/workflows/x.yml\n")) is None
