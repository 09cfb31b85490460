"""schema_test: YAML or JSON files against a JSON Schema."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "FILE", "POSITIONAL", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("schema", "--schema", FILE),
    ("srcs", "", POSITIONAL),
]

def _impl(ctx):
    return run_tool(ctx, "schema", _FLAGS)

_schema_test = rule(
    implementation = _impl,
    test = True,
    doc = """YAML or JSON files against a JSON Schema (`overlay-preflight schema`).

The test succeeds if every file in `srcs` parses and is valid against `schema`.""",
    attrs = dict(COMMON_ATTRS, **{
        "schema": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "The JSON Schema: `@overlay_preflight//schemas:organization.schema.json` or your own.",
        ),
        "srcs": attr.label_list(
            allow_files = [".yaml", ".yml", ".json"],
            mandatory = True,
            doc = "The YAML or JSON files to validate.",
        ),
    }),
)

def schema_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """Files against a JSON Schema; attributes in docs/rules.md.

    Typical usage:

        schema_test(
            name = "organization_schema_test",
            schema = "@overlay_preflight//schemas:organization.schema.json",
            srcs = ["config/organization.yaml"],
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    _schema_test(**dict(kwargs, **common_args("schema_test", name, strict, expected_warnings, config, suppressions)))
