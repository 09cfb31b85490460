"""overlay_preflight_test: every enrollment check on one implementation overlay."""

load(":common.bzl", "COMMON_ATTRS", "SUPPRESSIONS_ATTR", "check_common", "default_suppressions", "overlay_path", "package_dir", "run_tool", "suppressions_args")

def _impl(ctx):
    single = {
        "--organization": ctx.file.organization,
        "--module-bazel": ctx.file.module_bazel,
        "--justfile": ctx.file.justfile,
    }
    args = ["--no-discover", "--overlay-root", package_dir(ctx)]
    inputs = []
    for flag, f in single.items():
        if f:
            args += [flag, overlay_path(ctx, f)]
            inputs.append(f)
    for flag, files in [
        ("--tfvars", ctx.files.tfvars),
        ("--workflow", ctx.files.workflows),
        ("--file", ctx.files.srcs),
    ]:
        for f in files:
            args += [flag, overlay_path(ctx, f)]
        inputs += files
    if ctx.attr.expected_core_ref:
        args += ["--expected-core-ref", ctx.attr.expected_core_ref]
    if ctx.attr.allow_repo_registration_anchor:
        args.append("--allow-repo-registration-anchor")
    args += suppressions_args(ctx, inputs)
    return run_tool(ctx, "overlay_preflight_test", "enrollment", args, inputs)

_overlay_preflight_test = rule(
    implementation = _impl,
    test = True,
    doc = """Runs every enrollment check on one implementation overlay.

The test succeeds if the overlay's files pass all checks (organization schema
and runner taxonomy, core pin, workflow labels and credentials, tfvars,
justfile) with no errors, no unexpected warnings under `strict`, and every
`expected_warnings` entry actually reported.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_repo_registration_anchor": attr.bool(
            default = False,
            doc = "Accept a repository-level runner registration as the overlay's anchor.",
        ),
        "expected_core_ref": attr.string(
            doc = "The full commit SHA every pin of the core must name (tags need a core checkout, which a hermetic test has not); empty skips the check.",
        ),
        "justfile": attr.label(
            allow_single_file = True,
            doc = "The overlay's justfile.",
        ),
        "module_bazel": attr.label(
            allow_single_file = True,
            doc = "The overlay's MODULE.bazel, where the core is pinned.",
        ),
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The overlay's organization file (runner pools, labels, repositories).",
        ),
        "srcs": attr.label_list(
            allow_files = True,
            doc = "Any other overlay files to scan (for secrets and residue).",
        ),
        "suppressions": SUPPRESSIONS_ATTR,
        "tfvars": attr.label_list(
            allow_files = [".tfvars", ".json"],
            doc = "The overlay's Terraform variable files.",
        ),
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            doc = "The overlay's GitHub Actions workflow files.",
        ),
    }),
)

def overlay_preflight_test(
        name,
        organization = None,
        module_bazel = None,
        tfvars = [],
        workflows = [],
        justfile = None,
        srcs = [],
        expected_core_ref = "",
        strict = False,
        allow_repo_registration_anchor = False,
        expected_warnings = [],
        suppressions = None,
        **kwargs):
    """Checks one implementation overlay end to end.

    Typical usage, in the overlay's root BUILD.bazel:

        load("@overlay_preflight//rules:defs.bzl", "overlay_preflight_test")

        overlay_preflight_test(
            name = "preflight_test",
            organization = "organization.yaml",
            module_bazel = "MODULE.bazel",
            justfile = "justfile",
            tfvars = glob(["tofu/**/*.tfvars"]),
            workflows = glob([".github/workflows/*.yml"]),
            expected_core_ref = "637b7167c400a842cdc7af0709b2251c0542a48a",  # a full SHA
        )

    Args:
      name: the test's name.
      organization: see the rule's attribute docs.
      module_bazel: see the rule's attribute docs.
      tfvars: see the rule's attribute docs.
      workflows: see the rule's attribute docs.
      justfile: see the rule's attribute docs.
      srcs: see the rule's attribute docs.
      expected_core_ref: see the rule's attribute docs.
      strict: see the rule's attribute docs.
      allow_repo_registration_anchor: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      suppressions: see the rule's attribute docs.
      **kwargs: common test attributes (size, tags, timeout, exec_properties, ...).
    """
    check_common("overlay_preflight_test", name, expected_warnings)
    if not (organization or module_bazel or tfvars or workflows or justfile or srcs):
        fail("overlay_preflight_test(%s): name at least one overlay file" % name)
    if type(expected_core_ref) != "string" or expected_core_ref != expected_core_ref.strip():
        fail("overlay_preflight_test(%s): expected_core_ref must be a ref without spaces" % name)
    _overlay_preflight_test(
        name = name,
        organization = organization,
        module_bazel = module_bazel,
        tfvars = tfvars,
        workflows = workflows,
        justfile = justfile,
        srcs = srcs,
        expected_core_ref = expected_core_ref,
        strict = strict,
        allow_repo_registration_anchor = allow_repo_registration_anchor,
        expected_warnings = expected_warnings,
        suppressions = suppressions or default_suppressions(),
        **kwargs
    )
