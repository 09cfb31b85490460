"""runner_taxonomy_test: runner pools and labels in tfvars against the taxonomy."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "BOOL", "FILE", "POSITIONAL", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("tfvars", "", POSITIONAL),
    ("organization", "--organization", FILE),
    ("allow_repo_registration_anchor", "--allow-repo-registration-anchor", BOOL),
]

def _impl(ctx):
    return run_tool(ctx, "taxonomy", _FLAGS, leading = ["--no-discover"])

_runner_taxonomy_test = rule(
    implementation = _impl,
    test = True,
    doc = """The runner-taxonomy checks (`overlay-preflight taxonomy`) on arc-runners tfvars.

The test succeeds if every pool and label in `tfvars` follows the taxonomy
(and agrees with `organization`, when given; without it the checks that need
the owner are skipped) with no blockers and, under `strict`, no warnings
beyond `expected_warnings`. Only the files named are read.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_repo_registration_anchor": attr.bool(
            default = False,
            doc = "Accept a repository-level runner registration as the anchor (a warning, not a blocker).",
        ),
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The overlay's organization file, to cross-check labels against.",
        ),
        "tfvars": attr.label_list(
            allow_files = [".tfvars"],
            mandatory = True,
            doc = "The arc-runners `*.tfvars` files that declare runner pools.",
        ),
    }),
)

def runner_taxonomy_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """The runner-taxonomy checks; attributes in docs/rules.md.

    Typical usage:

        runner_taxonomy_test(
            name = "taxonomy_test",
            tfvars = glob(["tofu/stacks/arc-runners/*.tfvars"]),
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
    _runner_taxonomy_test(**dict(kwargs, **common_args("runner_taxonomy_test", name, strict, expected_warnings, config, suppressions)))
