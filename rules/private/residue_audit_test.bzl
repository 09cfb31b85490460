"""residue_audit_test: live runner scale sets and Helm releases match the overlay."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "check_files", "package_dir", "path_of", "run_tool")

def _impl(ctx):
    args = ["--live", path_of(ctx.file.live)]
    inputs = [ctx.file.live] + ctx.files.srcs
    if ctx.file.helm:
        args += ["--helm", path_of(ctx.file.helm)]
        inputs.append(ctx.file.helm)
    args.append(package_dir(ctx))
    return run_tool(ctx, "residue_audit_test", "residue", args, inputs)

_residue_audit_test = rule(
    implementation = _impl,
    test = True,
    doc = """Audits captured cluster state for residue the overlay no longer declares.

The test succeeds if every live runner scale set in `live` (and Helm release
in `helm`, when given) is declared by the overlay files in `srcs`, and no
unexpected warnings appear under `strict`. The overlay root passed to the
tool is the test's package; only `srcs` (and the captures) are visible there.""",
    attrs = dict(COMMON_ATTRS, **{
        "helm": attr.label(
            allow_single_file = [".json"],
            doc = "Captured `helm list -A -o json`.",
        ),
        "live": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "Captured `kubectl get autoscalingrunnersets -A -o json`.",
        ),
        "srcs": attr.label_list(
            allow_files = True,
            mandatory = True,
            doc = "The overlay files that declare the runner scale sets.",
        ),
    }),
)

def residue_audit_test(name, live = None, srcs = None, expected_warnings = [], **kwargs):
    """Audits live state against the overlay.

    Typical usage:

        residue_audit_test(
            name = "residue_test",
            live = "captures/ars.json",
            helm = "captures/helm.json",
            srcs = glob(["tofu/**/*.tfvars"]) + ["organization.yaml"],
        )

    Args:
      name: the test's name.
      live: see the rule's attribute docs.
      srcs: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: helm, strict and common test attributes.
    """
    check_common("residue_audit_test", name, expected_warnings)
    if not live:
        fail("residue_audit_test(%s): live is required" % name)
    check_files("residue_audit_test", name, "srcs", srcs)
    _residue_audit_test(
        name = name,
        live = live,
        srcs = srcs,
        expected_warnings = expected_warnings,
        **kwargs
    )
