"""core_pin_test: every pin of the core names the same, expected ref."""

load(":common.bzl", "COMMON_ATTRS", "SUPPRESSIONS_ATTR", "check_common", "default_suppressions", "overlay_path", "package_dir", "run_tool", "suppressions_args")

def _impl(ctx):
    args = ["--no-discover", "--overlay-root", package_dir(ctx)]
    inputs = []
    for flag, f in [
        ("--organization", ctx.file.organization),
        ("--module-bazel", ctx.file.module_bazel),
        ("--justfile", ctx.file.justfile),
    ]:
        if f:
            args += [flag, overlay_path(ctx, f)]
            inputs.append(f)
    for f in ctx.files.workflows:
        args += ["--workflow", overlay_path(ctx, f)]
        inputs.append(f)
    if ctx.attr.expected_core_ref:
        args += ["--expected-core-ref", ctx.attr.expected_core_ref]
    args += suppressions_args(ctx, inputs)
    return run_tool(ctx, "core_pin_test", "core-pin", args, inputs)

_core_pin_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks that the overlay pins the core consistently.

The test succeeds if every place that pins the core (MODULE.bazel, the
organization file, the justfile, workflow `uses:` lines) names one ref, that
ref is `expected_core_ref` when given, and no unexpected warnings appear
under `strict`.""",
    attrs = dict(COMMON_ATTRS, **{
        "expected_core_ref": attr.string(
            doc = "The ref every pin must name; empty only checks that the pins agree.",
        ),
        "justfile": attr.label(
            allow_single_file = True,
            doc = "The overlay's justfile.",
        ),
        "module_bazel": attr.label(
            allow_single_file = True,
            doc = "The overlay's MODULE.bazel.",
        ),
        "organization": attr.label(
            allow_single_file = [".yaml", ".yml", ".json"],
            doc = "The overlay's organization file.",
        ),
        "suppressions": SUPPRESSIONS_ATTR,
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            doc = "Workflow files whose `uses:` lines pin the core.",
        ),
    }),
)

def core_pin_test(name, module_bazel = None, organization = None, justfile = None, workflows = [], expected_warnings = [], suppressions = None, **kwargs):
    """Checks the core pins.

    Typical usage:

        core_pin_test(
            name = "core_pin_test",
            module_bazel = "MODULE.bazel",
            workflows = glob([".github/workflows/*.yml"]),
            expected_core_ref = "637b7167c400a842cdc7af0709b2251c0542a48a",  # a full SHA
        )

    Args:
      name: the test's name.
      module_bazel: see the rule's attribute docs.
      organization: see the rule's attribute docs.
      justfile: see the rule's attribute docs.
      workflows: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      suppressions: see the rule's attribute docs.
      **kwargs: expected_core_ref, strict and common test attributes.
    """
    check_common("core_pin_test", name, expected_warnings)
    if not (module_bazel or organization or justfile or workflows):
        fail("core_pin_test(%s): name at least one file that pins the core" % name)
    _core_pin_test(
        name = name,
        module_bazel = module_bazel,
        organization = organization,
        justfile = justfile,
        workflows = workflows,
        expected_warnings = expected_warnings,
        suppressions = suppressions or default_suppressions(),
        **kwargs
    )
