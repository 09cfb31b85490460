"""workflow_labels_test: a repository's workflows, as `overlay-preflight workflows` checks them."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "FILE", "FILES", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("workflows", "--workflow", FILES),
    ("organization", "--organization", FILE),
]

def _impl(ctx):
    return run_tool(ctx, "workflows", _FLAGS, leading = ["--no-discover", "--overlay-root", "."])

_workflow_labels_test = rule(
    implementation = _impl,
    test = True,
    doc = """The workflow checks (`overlay-preflight workflows`) on GitHub Actions workflows.

The test succeeds if every workflow in `workflows` is valid against the
workflow schema, every `runs-on:` names runner labels the taxonomy (and
`organization`, when given) provides, the core checkout uses the
least-privilege core-read credential, actions and permissions follow the
policy, and, under `strict`, no warnings beyond `expected_warnings` appear.
Secrets embedded in workflows are the secret scan's job (`overlay_preflight_test`).""",
    attrs = dict(COMMON_ATTRS, **{
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The organization file that defines the available runner labels and workflow policy.",
        ),
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            mandatory = True,
            doc = "The workflow files: `glob([\".github/workflows/*.yml\", \".github/workflows/*.yaml\"], allow_empty = True)`.",
        ),
    }),
)

def workflow_labels_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """The workflow checks; attributes in docs/rules.md.

    Typical usage:

        workflow_labels_test(
            name = "workflow_labels_test",
            workflows = glob([".github/workflows/*.yml", ".github/workflows/*.yaml"], allow_empty = True),
            organization = "config/organization.yaml",
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    if kwargs.get("workflows") == []:
        fail("workflow_labels_test(%s): workflows is empty (no .github/workflows/*.yml or *.yaml?)" % name)
    _workflow_labels_test(**dict(kwargs, **common_args("workflow_labels_test", name, strict, expected_warnings, config, suppressions)))
