"""residue_audit_test: live runner scale sets and Helm releases match the overlay."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "FILE", "OVERLAY_FILES", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("live", "--live", FILE),
    ("helm", "--helm", FILE),
    ("srcs", "", OVERLAY_FILES),
]

def _impl(ctx):
    return run_tool(ctx, "residue", _FLAGS)

_residue_audit_test = rule(
    implementation = _impl,
    test = True,
    doc = """Captured cluster state against the overlay (`overlay-preflight residue`).

The test succeeds if every live runner scale set in `live` (and Helm release
in `helm`, when given) is declared by the overlay files in `srcs`, and, under
`strict`, no warnings beyond `expected_warnings` appear. The overlay is
exactly `srcs` (its `*.tfvars` and `organization.yaml`).""",
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
            doc = "The overlay files that declare the runner scale sets: its `*.tfvars` and `organization.yaml`.",
        ),
    }),
)

def residue_audit_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """Live state against the overlay; attributes in docs/rules.md.

    Typical usage:

        residue_audit_test(
            name = "residue_test",
            live = "captures/ars.json",
            helm = "captures/helm.json",
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
    _residue_audit_test(**dict(kwargs, **common_args("residue_audit_test", name, strict, expected_warnings, config, suppressions)))
