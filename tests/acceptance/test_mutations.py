"""Mutation harness for the runner-taxonomy and topology rules.

Each case copies the clean example overlays, applies one text edit (the
tool still parses the result with its real parsers) and asserts that exactly
the expected finding appears: its rule, file and line. Each passing case is
an edit at the edge of a rule that must leave the overlay clean.
"""

import json
import shutil

import pytest

from conftest import CORE_SHA, EXAMPLES, REPO
from overlay_preflight.checks import TAXONOMY, topology
from support.overlays import copy_overlay

ORG = "config/organization.yaml"
TF = {
    "example-org-infra": "tofu/stacks/arc-runners/example-org.tfvars",
    "jesssullivan-infra": "tofu/stacks/arc-runners/jesssullivan.tfvars",
    "tinyland-infra": "tofu/stacks/arc-runners/tinyland.tfvars",
}
E, J, T = "example-org-infra", "jesssullivan-infra", "tinyland-infra"
ANCHOR_FLAGS = {J: ("--allow-repo-registration-anchor",)}
# The core's consumer registry, beside the overlays (every run reads it).
REGISTRY = "../consumer-registry.json"
RETIRED_KEY = "main:l/gpjG5GLg1Gczmn5K97n5iSIRcsaWerICzdXqiBYT8="

TUBEBRAIN = """  }
  "tubebrain-nix" = {
    github_config_url    = "https://github.com/Jesssullivan/tubebrain"
    runner_label         = "tubebrain-nix"
    runner_type          = "nix"
    min_runners          = 0
    max_runners          = 1
    attic_server         = "http://attic.nix-cache.svc.cluster.local"
    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"
  }
}"""
XOXDWM = """  }
  "jesssullivan-xoxdwm-nix" = {
    github_config_url    = "https://github.com/Jesssullivan/XoxdWM"
    runner_label         = "tinyland-nix"
    attic_server         = "http://attic.nix-cache.svc.cluster.local"
    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"
  }
}"""


def apply(root, edits):
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text() if old or path.exists() else ""
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1))


def findings(run_cli, root, *extra):
    flags = ANCHOR_FLAGS.get(root.name, ())
    result = run_cli(
        "enrollment",
        "--overlay-root",
        root,
        "--format",
        "json",
        "--expected-core-ref",
        CORE_SHA,
        "--consumer-registry",
        root / REGISTRY,
        *flags,
        *extra,
    )
    assert result.code in (0, 1), result.err
    return sorted((f["rule"], f["path"], f["line"]) for f in json.loads(result.out)["findings"])


# (overlay, [(file, old, new)], (rule, file, line)[, clean findings the edit removes
# [, ... and where they move]]); line None: the setting is absent.
MUTATIONS = [
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label         = "scheduling-kit-runner"',
            )
        ],
        ("runner-label-repo-shaped", TF[J], 42),
    ),
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label         = "jesssullivan-runner"',
            )
        ],
        ("runner-label-repo-shaped", TF[J], 42),
    ),
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label         = "tinyland-massageithaca"',
            )
        ],
        ("runner-label-repo-shaped", TF[J], 42),  # an estate project name
    ),
    (
        J,
        [(TF[J], 'runner_label         = "tinyland-nix"', 'runner_label         = "dell-7810"')],
        ("runner-label-repo-shaped", TF[J], 42),
    ),
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label = "tinyland-nix-operator"',
            )
        ],
        ("runner-label-not-capability", TF[J], 42),  # `operator` is no capability suffix
    ),
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label = "tinyland-nix-sullivan"',
            )
        ],
        ("runner-label-repo-shaped", TF[J], 42),  # a word of the owner's display name
    ),
    (
        J,
        [(TF[J], '    runner_label         = "tinyland-nix"\n', "")],
        ("runner-label-not-capability", TF[J], 39),
    ),
    (
        E,
        [
            (
                TF[E],
                '"https://github.com/Example-Org"',
                '"https://github.com/Example-Org/example-org-infra"',
            ),
            (
                ORG,
                "github_config_url: https://github.com/Example-Org",
                "github_config_url: https://github.com/Example-Org/example-org-infra",
            ),
        ],
        ("repo-registration-anchor-unallowed", TF[E], 3),
    ),
    (
        E,
        [(TF[E], '"https://github.com/Example-Org"', '"github.com/Example-Org"')],
        ("registration-url-invalid", TF[E], 3),
    ),
    (
        E,
        [(TF[E], '"https://github.com/Example-Org"', '"https://github.com/tinyland-inc"')],
        ("registration-owner-mismatch", TF[E], 3),
    ),
    (
        J,
        [
            (
                TF[J],
                '"https://github.com/Jesssullivan/scheduling-kit"',
                '"https://github.com/tinyland-inc/scheduling-kit"',
            )
        ],
        ("registration-owner-mismatch", TF[J], 40),
        [("repo-registration-anchor", TF[J], 40)],
    ),
    (
        E,
        [
            (
                ORG,
                "github_config_url: https://github.com/Example-Org",
                "github_config_url: https://github.com/Example-Org/example-org-infra",
            )
        ],
        ("registration-url-mismatch", TF[E], 3),
    ),
    (
        J,
        [(TF[J], "# Jess: attaches", 'runner_group = "jesssullivan"\n# Jess: attaches')],
        ("personal-runner-group", TF[J], 1),
        [("repo-registration-anchor", TF[J], 3), ("repo-registration-anchor", TF[J], 40)],
        [("repo-registration-anchor", TF[J], 4), ("repo-registration-anchor", TF[J], 41)],
    ),
    (
        J,
        [(ORG, "runner_contract:\n", "runner_contract:\n  runner_group: {name: jesssullivan}\n")],
        ("personal-runner-group", ORG, 35),
    ),
    (
        E,
        [(TF[E], 'runner_group        = "example-org-infra"', 'runner_group = "default"')],
        ("runner-group-default", TF[E], 12),
    ),
    (
        E,
        [(TF[E], 'runner_group        = "example-org-infra"\n', "")],
        ("runner-group-default", TF[E], 12),
    ),
    (
        E,
        [(TF[E], 'runner_group        = "example-org-infra"', 'runner_group = "other-group"')],
        ("runner-group-mismatch", TF[E], 12),
    ),
    (
        E,
        [(TF[E], "deploy_arc_controller       = false\n", "")],
        ("controller-not-attached", TF[E], None),
    ),
    (
        J,
        [(TF[J], "create_runner_namespace     = false", "create_runner_namespace = true")],
        ("controller-not-attached", TF[J], 8),
    ),
    (
        T,
        [(TF[T], "deploy_arc_controller       = true", "deploy_arc_controller = false")],
        ("controller-owner-not-deploying", TF[T], 6),
    ),
    (
        E,
        [(ORG, "    arc_controller_owner: tinyland-inc/tinyland-infra\n", "")],
        ("controller-owner-undeclared", ORG, 19),
    ),
    (
        E,
        [
            (
                TF[E],
                'nix_runner_name           = "example-org-nix"\n'
                'nix_runner_scale_set_name = "example-org-nix"\n',
                'nix_runner_name = "gh-nix"\n',
            )
        ],
        ("runner-name-core-default", TF[E], 15),
    ),
    (
        E,
        [
            (
                TF[E],
                'docker_runner_name           = "example-org-docker"',
                'docker_runner_name = "shared-docker"',
            )
        ],
        ("runner-name-not-owner-prefixed", TF[E], 27),
    ),
    (
        J,
        [(TF[J], '"jesssullivan-scheduling-kit-nix" = {', '"scheduling-kit-nix" = {')],
        ("runner-name-not-owner-prefixed", TF[J], 39),
    ),
    (
        E,
        [
            (
                TF[E],
                'nix_runner_scale_set_name = "example-org-nix"',
                'nix_runner_scale_set_name = "tinyland-nix"',
            )
        ],
        ("scale-set-name-is-label", TF[E], 16),
    ),
    (
        J,
        [
            (
                TF[J],
                '    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"\n'
                "  }",
                "  }",
            )
        ],
        ("cache-endpoint-missing", TF[J], 39),
    ),
    (
        J,
        [
            (
                TF[J],
                '    attic_server         = "http://attic.nix-cache.svc.cluster.local"\n',
                "",
            )
        ],
        ("cache-endpoint-missing", TF[J], 39),
    ),
    (
        J,  # runner_type omitted: the core's default nix applies, and its checks
        [
            (
                TF[J],
                '    runner_type          = "nix"\n',
                "",
            ),
            (TF[J], '    attic_server         = "http://attic.nix-cache.svc.cluster.local"\n', ""),
        ],
        ("cache-endpoint-missing", TF[J], 39),
    ),
    (
        E,
        [
            (
                TF[E],
                '"grpc://bazel-cache.nix-cache.svc.cluster.local:9092"',
                '"grpc://bazel-cache.elsewhere.svc:9092"',
            )
        ],
        ("cache-endpoint-drift", TF[E], 49),
    ),
    (
        E,
        [(TF[E], '"main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="', '"main:b3RoZXI="')],
        ("cache-endpoint-drift", TF[E], 48),
    ),
    (
        E,
        [(TF[E], "nix_min_runners           = 0", "nix_min_runners = 9")],
        ("runner-min-exceeds-max", TF[E], 17),
    ),
    (
        E,
        [(TF[E], "docker_max_runners           = 4", "docker_max_runners = 0")],
        ("runner-lane-admits-nobody", TF[E], 30),
    ),
    (
        E,
        [(TF[E], "nix_max_runners           = 4", "nix_max_runners = -1")],
        ("runner-count-invalid", TF[E], 18),
    ),
    (
        J,
        [(TF[J], "max_runners          = 2", 'max_runners          = "two"')],
        ("runner-count-invalid", TF[J], 45),
    ),
    (
        E,
        [(TF[E], 'nix_memory_request        = "4Gi"', 'nix_memory_request = "4GB"')],
        ("quantity-invalid", TF[E], 20),
    ),
    (
        E,
        [(TF[E], 'nix_cpu_request           = "2"', 'nix_cpu_request = "8"')],
        ("request-exceeds-limit", TF[E], 19),
    ),
    (
        J,
        [(TF[J], 'memory_request       = "2Gi"', 'memory_request       = "6Gi"')],
        ("request-exceeds-limit", TF[J], 47),
    ),
    (
        J,
        [(TF[J], "  }\n}", TUBEBRAIN)],
        ("compatibility-lane", TF[J], 54),
        [],
        [("repo-registration-anchor", TF[J], 55)],
    ),
    (J, [(TF[J], "  }\n}", XOXDWM)], ("repo-registration-anchor", TF[J], 55)),
    (
        E,
        [(TF[E], "extra_runner_sets = {}", "extra_runner_sets = [1, 2]")],
        ("extra-runner-sets-invalid", TF[E], 59),
    ),
    (
        E,
        [(TF[E], "extra_runner_sets = {}", 'extra_runner_sets = {\n  a = "x"\n}')],
        ("extra-runner-sets-invalid", TF[E], 60),
    ),
    (
        E,
        [(TF[E], '"https://github.com/Example-Org"', '"https://gitlab.com/Example-Org"')],
        ("registration-url-invalid", TF[E], 3),
    ),
    (
        J,
        [
            (
                TF[J],
                '    github_config_url    = "https://github.com/Jesssullivan/scheduling-kit"\n',
                "",
            )
        ],
        ("registration-url-invalid", TF[J], 39),
        [("repo-registration-anchor", TF[J], 40)],
    ),
    (
        E,
        [
            (
                TF[E],
                'bazel_cache_endpoint    = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"\n',
                "",
            )
        ],
        ("executor-without-cache", TF[E], 49),
    ),
    (
        J,
        [
            (
                TF[J],
                '    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"\n',
                '    bazel_executor_endpoint = "grpc://gf-reapi-cell.gf-rbe.svc.cluster.local:8980"\n',
            )
        ],
        ("executor-without-cache", TF[J], 52),
        [],
        [("cache-endpoint-missing", TF[J], 39)],
    ),
    (
        J,
        [
            (
                TF[J],
                'attic_public_key     = "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="\n',
                "# attic_public_key: none\n",
            )
        ],
        ("attic-public-key-missing", TF[J], 24),
    ),
    (
        E,
        [
            (TF[E], "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s=", RETIRED_KEY),
            (ORG, "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s=", RETIRED_KEY),
        ],
        ("attic-key-retired", TF[E], 48),
        [],
        [("attic-key-retired", ORG, 31)],
    ),
    (
        E,
        [
            (
                TF[E],
                'runner_group_policy = "organization-restricted"',
                'runner_group_policy = "legacy-default"',
            )
        ],
        ("runner-group-policy", TF[E], 13),
    ),
    (
        E,
        [(TF[E], 'runner_group_policy = "organization-restricted"\n', "")],
        ("runner-group-policy", TF[E], 12),
    ),
    (
        E,
        [(TF[E], 'runner_group        = "example-org-infra"', "runner_group = [1]")],
        ("runner-group-contract-invalid", TF[E], 12),
    ),
    (
        E,
        [(ORG, "    allows_public_repositories: false\n", "")],
        ("runner-group-contract-invalid", ORG, 35),
    ),
    (
        E,
        [
            (
                ORG,
                "  runner_group:\n    name: example-org-infra\n",
                "  old_runner_group:\n    name: x\n",
            )
        ],
        ("runner-group-contract-invalid", ORG, 34),
    ),
    (
        E,
        [(ORG, "visibility: selected", "visibility: all")],
        ("runner-group-visibility", ORG, 37),
    ),
    (
        E,
        [(ORG, "restricted_to_workflows: false", "restricted_to_workflows: true")],
        ("runner-group-workflow-restricted", ORG, 40),
    ),
    (
        E,
        [(ORG, "selected_repository_ids: [923456781]", "selected_repository_ids: []")],
        ("runner-group-roster-invalid", ORG, 39),
    ),
    (
        E,
        [(ORG, "[923456781]", "[923456781, 923456781]")],
        ("runner-group-roster-invalid", ORG, 39),
    ),
    (
        E,
        [(ORG, "    infra_repo_admission_ruling: reviewed-2026-02-01", "   ")],
        ("runner-group-admits-overlay", ORG, 39),
    ),
    (
        E,
        [
            (
                REGISTRY,
                '"tfvars_anchor": "example-org-docker"',
                '"tfvars_anchor": "example-org-podman"',
            )
        ],
        ("consumer-anchor-missing", REGISTRY, 10),
    ),
    (
        J,
        [
            (
                TF[J],
                'nix_runner_scale_set_name = "jesssullivan-nix"',
                'nix_runner_scale_set_name = "jesssullivan-nix-2"',
            )
        ],
        ("consumer-anchor-missing", REGISTRY, 16),
    ),
    (
        T,
        [(REGISTRY, '"runner_class": "tinyland-docker"', '"runner_class": "tinyland-nix-heavy"')],
        ("consumer-class-mismatch", TF[T], 27),
    ),
]

# Edits at the edge of a rule that must keep the overlay clean.
PASSING = [
    # The main lanes' cache endpoints are optional: the core's defaults apply.
    (J, [(TF[J], 'attic_server         = "http://attic.nix-cache.svc.cluster.local"', "")]),
    (E, [(TF[E], 'github_config_url    = "https://github.com/Example-Org"\n', "")]),
    (
        E,
        [
            (TF[E], 'bazel_executor_endpoint = "grpc', '# bazel_executor_endpoint = "grpc'),
            (TF[E], 'bazel_cache_endpoint    = "grpc', '# bazel_cache_endpoint = "grpc'),
        ],
    ),
    # A GitHub Enterprise host the overlay lists in its policy.
    (
        E,
        [
            (TF[E], '"https://github.com/Example-Org"', '"https://ghe.example.com/Example-Org"'),
            (
                ".overlay-preflight.yaml",
                "policy:\n",
                "policy:\n  registration_hosts: [GHE.example.com]\n",
            ),
        ],
    ),
    # A cache-exempt key (estate data, or the overlay's policy) runs without cache wiring.
    (
        J,
        [
            (TF[J], '    attic_server         = "http://attic.nix-cache.svc.cluster.local"\n', ""),
            (
                TF[J],
                '    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"\n',
                "",
            ),
            (
                ".overlay-preflight.yaml",
                "",
                "policy:\n  cache_exempt_lanes: [jesssullivan-scheduling-kit-nix]\n",
            ),
        ],
    ),
    (E, [(ORG, "allows_public_repositories: false", "allows_public_repositories: true")]),
    (E, [(ORG, "[923456781]", "[923456781, 923456782]")]),
    (
        E,
        [
            (ORG, "[923456781]", "[923456782]"),
            (ORG, "    infra_repo_admission_ruling: reviewed-2026-02-01", "   "),
        ],
    ),
    (J, [(TF[J], 'runner_label         = "tinyland-nix"', 'runner_label = "tinyland-nix-kvm"')]),
    (
        J,
        [
            (
                TF[J],
                'runner_label         = "tinyland-nix"',
                'runner_label = "tinyland-docker-arm64-privileged"',
            )
        ],
    ),
    (E, [(TF[E], '"https://github.com/Example-Org"', '"https://github.com/example-org/"')]),
    (
        T,
        [
            (
                TF[T],
                'nix_runner_name           = "tinyland-inc-nix"\n'
                'nix_runner_scale_set_name = "tinyland-inc-nix"\n',
                'nix_runner_name = "gh-nix"\n',
            )
        ],
    ),
    (
        E,
        [
            (
                TF[E],
                '"http://attic.nix-cache.svc.cluster.local"',
                '"http://attic.nix-cache.svc.cluster.local/"',
            )
        ],
    ),
    (E, [(TF[E], "nix_min_runners           = 0", "nix_min_runners = 4")]),
    (E, [(TF[E], 'nix_cpu_request           = "2"', 'nix_cpu_request = "4000m"')]),
    (E, [(TF[E], 'nix_memory_request        = "4Gi"', 'nix_memory_request = "8Gi"')]),
    (E, [(TF[E], "dind_max_runners           = 2", "dind_max_runners = 0")]),  # not deployed
    (E, [(TF[E], 'nix_cpu_limit             = "4"', "nix_cpu_limit = 4.5")]),
]


@pytest.fixture
def estate(tmp_path):
    for name in (T, J, E):
        copy_overlay(EXAMPLES / name, tmp_path / name)
    shutil.copy(REPO / "tests/fixtures/taxonomy/consumer-registry.json", tmp_path)
    return tmp_path


@pytest.mark.parametrize("case", MUTATIONS, ids=[f"{m[2][0]}-{n}" for n, m in enumerate(MUTATIONS)])
def test_each_mutation_fires_exactly_its_rule(run_cli, estate, case):
    overlay, edits, expected, removed, moved = (*case, [], [])[:5]
    root = estate / overlay
    baseline = findings(run_cli, root)
    assert set(removed) <= set(baseline)
    apply(root, edits)
    kept = [f for f in baseline if f not in removed]
    assert findings(run_cli, root) == sorted([*kept, *moved, expected])


@pytest.mark.parametrize("overlay,edits", PASSING, ids=[str(n) for n in range(len(PASSING))])
def test_edge_edits_stay_clean(run_cli, estate, overlay, edits):
    root = estate / overlay
    baseline = findings(run_cli, root)
    apply(root, edits)
    assert findings(run_cli, root) == baseline


# Topology: (overlay edited, edits, (rule, file in that overlay, line)).
TOPOLOGY = [
    (
        E,
        [
            (
                TF[E],
                'nix_runner_scale_set_name = "example-org-nix"',
                'nix_runner_scale_set_name = "tinyland-inc-nix"',
            )
        ],
        ("topology-scale-set-name-collision", TF[E], 16),
    ),
    (
        E,
        [
            (
                TF[E],
                'docker_runner_name           = "example-org-docker"',
                'docker_runner_name = "tinyland-inc-docker"',
            )
        ],
        ("topology-release-name-collision", TF[E], 27),
    ),
    (
        E,
        [
            (
                TF[E],
                'docker_runner_name           = "example-org-docker"',
                'docker_runner_name = "jesssullivan-nix"',
            )
        ],
        ("topology-release-name-collision", TF[E], 27),
    ),
    (
        E,
        [(TF[E], "deploy_arc_controller       = false\n", "")],
        ("topology-controller-conflict", TF[E], None),
    ),
    (
        T,
        [(TF[T], "create_runner_namespace     = true", "create_runner_namespace = false")],
        ("topology-controller-conflict", TF[T], 8),
    ),
    (
        E,
        [
            (
                ORG,
                "arc_controller_owner: tinyland-inc/tinyland-infra",
                "arc_controller_owner: someone/else-infra",
            )
        ],
        ("topology-controller-owner", ORG, 22),
    ),
    (
        J,
        [
            (
                ORG,
                "arc_controller_owner: tinyland-inc/tinyland-infra",
                "arc_controller_owner: Jesssullivan/jesssullivan-infra",
            )
        ],
        ("topology-controller-owner", ORG, 23),
    ),
    (E, [(ORG, "    - tinyland-nix-gpu\n", "")], ("topology-shared-labels-differ", ORG, 42)),
    (
        J,
        [(ORG, "tinyland-nix-gpu]", "tinyland-nix-gpu, tinyland-nix-vm]")],
        ("topology-shared-labels-differ", ORG, 35),
    ),
    (
        E,
        [
            (
                ORG,
                "github_app_secret_name: github-app-secret-example-org",
                "github_app_secret_name: github-app-secret-tinyland-inc",
            )
        ],
        ("topology-app-secret-shared", ORG, 13),
    ),
    (
        E,
        [(ORG, "key_prefix: example-org-infra", "key_prefix: tinyland-infra/")],
        ("topology-state-key-shared", ORG, 26),
    ),
]


def topology_findings(run_cli, estate):
    result = run_cli("topology", T, J, E, "--format", "json", cwd=estate)
    assert result.code in (0, 1), result.err
    return result.code, json.loads(result.out)["findings"]


def test_clean_estate_topology_passes(run_cli, estate):
    assert topology_findings(run_cli, estate) == (0, [])


@pytest.mark.parametrize(
    "overlay,edits,expected", TOPOLOGY, ids=[f"{m[2][0]}-{n}" for n, m in enumerate(TOPOLOGY)]
)
def test_each_topology_mutation_fires_exactly_its_rule(run_cli, estate, overlay, edits, expected):
    apply(estate / overlay, edits)
    code, found = topology_findings(run_cli, estate)
    rule, rel, line = expected
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [(rule, f"{overlay}/{rel}", line)]
    others = {T, J, E} - {overlay}
    assert overlay in found[0]["message"]
    assert any(o in found[0]["message"] for o in others) or rule == "topology-controller-owner"


def test_every_taxonomy_and_topology_rule_has_a_mutation():
    fired = {m[2][0] for m in MUTATIONS} | {m[2][0] for m in TOPOLOGY}
    declared = {r.id for module in (*TAXONOMY, topology) for r in module.RULES}
    assert declared - fired == set()
