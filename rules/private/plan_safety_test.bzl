"""plan_safety_test: a Terraform/OpenTofu plan destroys nothing unexpected."""

load(":attrs.bzl", "COMMON_ATTRS")
load(":launcher.bzl", "DICT", "FILE", "POSITIONAL", "STRING", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("plan", "", POSITIONAL),
    ("allow_destroy", "--allow-destroy", DICT),
    ("scope", "--scope", FILE),
    ("tofu_version", "--tofu-version", STRING),
]

def _impl(ctx):
    return run_tool(ctx, "plan", _FLAGS)

_plan_safety_test = rule(
    implementation = _impl,
    test = True,
    doc = """A plan (`tofu show -json`) for destructive changes (`overlay-preflight plan`).

The test succeeds if the plan is complete (`errored` false), was written by
`tofu_version` when set, deletes or replaces no resource except those listed
in `allow_destroy` (or allowed with a reason by `scope`), changes nothing
outside `scope` when set, and raises no unexpected warnings under `strict`.
A plan's JSON holds sensitive values in plain text: generate it in the build
or keep it out of version control, and tag the test `no-remote-exec` so that
it is not uploaded to a remote executor.""",
    attrs = dict(COMMON_ATTRS, **{
        "allow_destroy": attr.string_dict(
            doc = "Resource address -> the reason its destruction is intended (non-empty).",
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

def plan_safety_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """A plan for unintended destruction; attributes in docs/rules.md.

    Typical usage:

        plan_safety_test(
            name = "plan_safety_test",
            plan = ":plan_json",  # generated, not checked in
            allow_destroy = {"module.runners.null_resource.old": "pool renamed in #42"},
            scope = "capacity-scope.yaml",  # optional: the reviewed change and nothing else
            tofu_version = "1.11.6",  # optional: the pinned OpenTofu
            tags = ["no-remote-exec"],
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    allow_destroy = kwargs.get("allow_destroy", {})
    if type(allow_destroy) == "dict":
        for address, reason in allow_destroy.items():
            if not address or "=" in address or not reason.strip():
                fail("plan_safety_test(%s): allow_destroy[%r] needs an address without '=' and a reason" % (name, address))
    _plan_safety_test(**dict(kwargs, **common_args("plan_safety_test", name, strict, expected_warnings, config, suppressions)))
