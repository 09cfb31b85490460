"""runner_taxonomy_test: runner pools and labels in tfvars against the taxonomy."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "check_files", "path_of", "run_tool")

def _impl(ctx):
    args = [path_of(f) for f in ctx.files.tfvars]
    inputs = list(ctx.files.tfvars)
    if ctx.file.organization:
        args += ["--organization", path_of(ctx.file.organization)]
        inputs.append(ctx.file.organization)
    if ctx.attr.allow_repo_registration_anchor:
        args.append("--allow-repo-registration-anchor")
    return run_tool(ctx, "runner_taxonomy_test", "taxonomy", args, inputs)

_runner_taxonomy_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks the runner pools declared in tfvars against the runner taxonomy.

The test succeeds if every pool and label in `tfvars` follows the taxonomy
(and matches `organization`, when given) with no errors and, under `strict`,
no warnings other than `expected_warnings`.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_repo_registration_anchor": attr.bool(
            default = False,
            doc = "Accept a repository-level runner registration as the anchor.",
        ),
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The overlay's organization file, to cross-check labels against.",
        ),
        "tfvars": attr.label_list(
            allow_files = [".tfvars", ".json"],
            mandatory = True,
            doc = "The Terraform variable files that declare runner pools.",
        ),
    }),
)

def runner_taxonomy_test(name, tfvars = None, organization = None, expected_warnings = [], **kwargs):
    """Checks runner pools in tfvars.

    Typical usage:

        runner_taxonomy_test(
            name = "taxonomy_test",
            tfvars = glob(["tofu/**/*.tfvars"]),
            organization = "organization.yaml",
        )

    Args:
      name: the test's name.
      tfvars: see the rule's attribute docs.
      organization: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: strict, allow_repo_registration_anchor and common test attributes.
    """
    check_common("runner_taxonomy_test", name, expected_warnings)
    check_files("runner_taxonomy_test", name, "tfvars", tfvars)
    _runner_taxonomy_test(
        name = name,
        tfvars = tfvars,
        organization = organization,
        expected_warnings = expected_warnings,
        **kwargs
    )
