"""capacity_test: the cluster's nodes can hold the overlay's runner pools."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "check_files", "package_dir", "path_of", "run_tool")

def _impl(ctx):
    args = ["--nodes", path_of(ctx.file.nodes)]
    inputs = [ctx.file.nodes] + ctx.files.srcs
    if ctx.file.policy:
        args += ["--policy", path_of(ctx.file.policy)]
        inputs.append(ctx.file.policy)
    args.append(package_dir(ctx))
    return run_tool(ctx, "capacity_test", "capacity", args, inputs)

_capacity_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks runner pool sizes against captured node capacity.

The test succeeds if the runner pools declared by the overlay files in `srcs`
fit the nodes in `nodes` (under `policy`, when given) and no unexpected
warnings appear under `strict`. The overlay root passed to the tool is the
test's package; only `srcs` (and the captures) are visible there.""",
    attrs = dict(COMMON_ATTRS, **{
        "nodes": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "Captured `kubectl get nodes -o json`.",
        ),
        "policy": attr.label(
            allow_single_file = True,
            doc = "A capacity policy file (headroom, per-node limits).",
        ),
        "srcs": attr.label_list(
            allow_files = True,
            mandatory = True,
            doc = "The overlay files that declare the runner pools.",
        ),
    }),
)

def capacity_test(name, nodes = None, srcs = None, expected_warnings = [], **kwargs):
    """Checks capacity.

    Typical usage:

        capacity_test(
            name = "capacity_test",
            nodes = "captures/nodes.json",
            srcs = glob(["tofu/**/*.tfvars"]),
        )

    Args:
      name: the test's name.
      nodes: see the rule's attribute docs.
      srcs: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: policy, strict and common test attributes.
    """
    check_common("capacity_test", name, expected_warnings)
    if not nodes:
        fail("capacity_test(%s): nodes is required" % name)
    check_files("capacity_test", name, "srcs", srcs)
    _capacity_test(
        name = name,
        nodes = nodes,
        srcs = srcs,
        expected_warnings = expected_warnings,
        **kwargs
    )
