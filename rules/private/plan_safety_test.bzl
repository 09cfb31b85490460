"""plan_safety_test: a Terraform/OpenTofu plan destroys nothing unexpected."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "path_of", "run_tool")

def _impl(ctx):
    args = [path_of(ctx.file.plan)]
    inputs = [ctx.file.plan]
    for address in sorted(ctx.attr.allow_destroy.keys()):
        args += ["--allow-destroy", "%s=%s" % (address, ctx.attr.allow_destroy[address])]
    if ctx.file.scope:
        args += ["--scope", path_of(ctx.file.scope)]
        inputs.append(ctx.file.scope)
    if ctx.attr.tofu_version:
        args += ["--tofu-version", ctx.attr.tofu_version]
    return run_tool(ctx, "plan_safety_test", "plan", args, inputs)

_plan_safety_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks a plan (`tofu show -json`) for destructive changes.

The test succeeds if the plan is complete (`errored` false), was written by
`tofu_version` when set, deletes or replaces no resource except those listed
in `allow_destroy` (or allowed with a reason by `scope`), changes nothing
outside `scope` when set, and raises no unexpected warnings under `strict`.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_destroy": attr.string_dict(
            doc = "Resource address -> the reason its destruction is intended.",
        ),
        "plan": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "The plan as JSON (`tofu show -json plan.out`).",
        ),
        "scope": attr.label(
            allow_single_file = [".yaml", ".yml"],
            doc = "The reviewed scope (`allow:` entries); any other change fails the test.",
        ),
        "tofu_version": attr.string(
            doc = "The pinned OpenTofu version; a plan with another `terraform_version` fails.",
        ),
    }),
)

def plan_safety_test(name, plan = None, allow_destroy = {}, expected_warnings = [], **kwargs):
    """Checks a plan for unintended destruction.

    Typical usage:

        plan_safety_test(
            name = "plan_safety_test",
            plan = "plan.json",
            allow_destroy = {"module.runners.null_resource.old": "pool renamed in #42"},
            scope = "capacity-scope.yaml",  # optional: the reviewed change and nothing else
            tofu_version = "1.11.6",  # optional: the pinned OpenTofu
        )

    Args:
      name: the test's name.
      plan: see the rule's attribute docs.
      allow_destroy: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: scope, tofu_version, strict and common test attributes.
    """
    check_common("plan_safety_test", name, expected_warnings)
    if not plan:
        fail("plan_safety_test(%s): plan is required" % name)
    if type(allow_destroy) == "dict":
        for address, reason in allow_destroy.items():
            if not address or "=" in address or not reason.strip():
                fail("plan_safety_test(%s): allow_destroy[%r] needs an address without '=' and a reason" % (name, address))
    _plan_safety_test(
        name = name,
        plan = plan,
        allow_destroy = allow_destroy,
        expected_warnings = expected_warnings,
        **kwargs
    )
