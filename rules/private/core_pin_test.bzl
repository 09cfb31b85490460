"""core_pin_test: every pin of the core names the same, expected commit."""

load(":attrs.bzl", "COMMON_ATTRS", "JUST_ATTR")
load(":launcher.bzl", "FILE", "FILES", "STRING", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("organization", "--organization", FILE),
    ("module_bazel", "--module-bazel", FILE),
    ("justfile", "--justfile", FILE),
    ("workflows", "--workflow", FILES),
    ("expected_core_ref", "--expected-core-ref", STRING),
]

def _impl(ctx):
    return run_tool(ctx, "core-pin", _FLAGS, leading = ["--no-discover", "--overlay-root", "."])

_core_pin_test = rule(
    implementation = _impl,
    test = True,
    doc = """The core-pin checks alone (`overlay-preflight core-pin`).

The test succeeds if every pin of the core in the files named
(`core.pinned_commit` in the organization file, the `git_override` commit in
MODULE.bazel, the justfile's `gf_core_sha`, the workflows' `GF_CORE_REF`
values) is one full commit SHA, `expected_core_ref` when given, and, under
`strict`, no warnings beyond `expected_warnings` appear.""",
    attrs = dict(COMMON_ATTRS, just = JUST_ATTR, **{
        "expected_core_ref": attr.string(
            doc = "The full commit SHA every pin must name; empty only checks that the pins agree.",
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
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            doc = "Workflow files whose `GF_CORE_REF` values pin the core.",
        ),
    }),
)

def core_pin_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """The core-pin checks alone; attributes in docs/rules.md.

    Typical usage:

        core_pin_test(
            name = "core_pin_test",
            module_bazel = "MODULE.bazel",
            justfile = "Justfile",
            workflows = glob([".github/workflows/*.yml", ".github/workflows/*.yaml"], allow_empty = True),
            expected_core_ref = "637b7167c400a842cdc7af0709b2251c0542a48a",  # a full SHA
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    if not [f for f in ["module_bazel", "organization", "justfile", "workflows"] if kwargs.get(f)]:
        fail("core_pin_test(%s): name at least one file that pins the core" % name)
    _core_pin_test(**dict(kwargs, **common_args("core_pin_test", name, strict, expected_warnings, config, suppressions)))
