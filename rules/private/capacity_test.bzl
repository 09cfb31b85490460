"""capacity_test: the cluster's nodes can hold the overlay's runner pools."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "FILE", "OVERLAY_FILES", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("nodes", "--nodes", FILE),
    ("policy", "--policy", FILE),
    ("srcs", "", OVERLAY_FILES),
]

def _impl(ctx):
    return run_tool(ctx, "capacity", _FLAGS)

_capacity_test = rule(
    implementation = _impl,
    test = True,
    doc = """Runner pool sizes against captured node capacity (`overlay-preflight capacity`).

The test succeeds if the worst-case demand of the runner pools declared by
the overlay files in `srcs` fits the nodes in `nodes` within the capacity
policy, and, under `strict`, no warnings beyond `expected_warnings` appear.
The overlay is exactly `srcs` (its `*.tfvars` and `organization.yaml`).""",
    attrs = dict(COMMON_ATTRS, **{
        "nodes": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "Captured `kubectl get nodes -o json`.",
        ),
        "policy": attr.label(
            allow_single_file = True,
            doc = "A capacity policy YAML (`max_oversubscription` per resource, `pool_labels`); default: the packaged policy.",
        ),
        "srcs": attr.label_list(
            allow_files = True,
            mandatory = True,
            doc = "The overlay files that declare the runner pools: its `*.tfvars` and `organization.yaml`.",
        ),
    }),
)

def capacity_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """Runner pools against node capacity; attributes in docs/rules.md.

    Typical usage:

        capacity_test(
            name = "capacity_test",
            nodes = "captures/nodes.json",
            srcs = glob(["tofu/stacks/arc-runners/*.tfvars"]) + ["config/organization.yaml"],
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    _capacity_test(**dict(kwargs, **common_args("capacity_test", name, strict, expected_warnings, config, suppressions)))
