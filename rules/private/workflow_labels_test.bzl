"""workflow_labels_test: a repository's workflows ask for runners that exist."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "check_files", "overlay_path", "package_dir", "run_tool")

def _impl(ctx):
    args = [package_dir(ctx), "--no-discover"]
    inputs = list(ctx.files.workflows)
    for f in ctx.files.workflows:
        args += ["--workflow", overlay_path(ctx, f)]
    if ctx.file.organization:
        args += ["--organization", overlay_path(ctx, ctx.file.organization)]
        inputs.append(ctx.file.organization)
    return run_tool(ctx, "workflow_labels_test", "workflows", args, inputs)

_workflow_labels_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks a repository's GitHub Actions workflows.

The test succeeds if every `runs-on:` in `workflows` names runner labels
the taxonomy (and `organization`, when given) provides, no workflow embeds
credentials or unpinned third-party actions, and no unexpected warnings
appear under `strict`.""",
    attrs = dict(COMMON_ATTRS, **{
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The organization file that defines the available runner labels.",
        ),
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            mandatory = True,
            doc = "The workflow files to check.",
        ),
    }),
)

def workflow_labels_test(name, workflows = None, expected_warnings = [], **kwargs):
    """Checks workflow runner labels, credentials and supply chain.

    Typical usage:

        workflow_labels_test(
            name = "workflows_test",
            workflows = glob([".github/workflows/*.yml"]),
        )

    Args:
      name: the test's name.
      workflows: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: organization, strict and common test attributes.
    """
    check_common("workflow_labels_test", name, expected_warnings)
    check_files("workflow_labels_test", name, "workflows", workflows)
    _workflow_labels_test(
        name = name,
        workflows = workflows,
        expected_warnings = expected_warnings,
        **kwargs
    )
