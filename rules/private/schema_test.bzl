"""schema_test: YAML or JSON files against a JSON Schema."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "check_files", "path_of", "run_tool")

def _impl(ctx):
    args = ["--schema", path_of(ctx.file.schema)] + [path_of(f) for f in ctx.files.srcs]
    return run_tool(ctx, "schema_test", "schema", args, [ctx.file.schema] + ctx.files.srcs)

_schema_test = rule(
    implementation = _impl,
    test = True,
    doc = """Validates YAML or JSON files against a JSON Schema.

The test succeeds if every file in `srcs` parses and is valid against
`schema`.""",
    attrs = dict(COMMON_ATTRS, **{
        "schema": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "The JSON Schema, e.g. `@overlay_preflight//schemas:organization.schema.json` or your own.",
        ),
        "srcs": attr.label_list(
            allow_files = [".yaml", ".yml", ".json"],
            mandatory = True,
            doc = "The YAML or JSON files to validate.",
        ),
    }),
)

def schema_test(name, schema = None, srcs = None, expected_warnings = [], **kwargs):
    """Validates files against a JSON Schema.

    Typical usage:

        schema_test(
            name = "organization_schema_test",
            schema = "@overlay_preflight//schemas:organization.schema.json",
            srcs = ["organization.yaml"],
        )

    Args:
      name: the test's name.
      schema: see the rule's attribute docs.
      srcs: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: strict and common test attributes.
    """
    check_common("schema_test", name, expected_warnings)
    if not schema:
        fail("schema_test(%s): schema is required" % name)
    check_files("schema_test", name, "srcs", srcs)
    _schema_test(
        name = name,
        schema = schema,
        srcs = srcs,
        expected_warnings = expected_warnings,
        **kwargs
    )
