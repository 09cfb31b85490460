"""plan_safety_test: a Terraform/OpenTofu plan destroys nothing unexpected."""

load(":common.bzl", "COMMON_ATTRS", "check_common", "path_of", "run_tool")

def _impl(ctx):
    args = [path_of(ctx.file.plan)]
    for address in sorted(ctx.attr.allow_destroy.keys()):
        args += ["--allow-destroy", "%s=%s" % (address, ctx.attr.allow_destroy[address])]
    return run_tool(ctx, "plan_safety_test", "plan", args, [ctx.file.plan])

_plan_safety_test = rule(
    implementation = _impl,
    test = True,
    doc = """Checks a plan (`tofu show -json`) for destructive changes.

The test succeeds if the plan deletes or replaces no resource except those
listed in `allow_destroy`, and raises no unexpected warnings under `strict`.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_destroy": attr.string_dict(
            doc = "Resource address -> the reason its destruction is intended.",
        ),
        "plan": attr.label(
            allow_single_file = [".json"],
            mandatory = True,
            doc = "The plan as JSON (`tofu show -json plan.out`).",
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
        )

    Args:
      name: the test's name.
      plan: see the rule's attribute docs.
      allow_destroy: see the rule's attribute docs.
      expected_warnings: see the rule's attribute docs.
      **kwargs: strict and common test attributes.
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
