"""overlay_preflight_test: every enrollment check on one implementation overlay."""

load(":attrs.bzl", "COMMON_ATTRS", "JUST_ATTR")
load(":launcher.bzl", "BOOL", "FILE", "FILES", "STRING", "run_tool")
load(":macros.bzl", "common_args")

_FLAGS = [
    ("organization", "--organization", FILE),
    ("module_bazel", "--module-bazel", FILE),
    ("justfile", "--justfile", FILE),
    ("tfvars", "--tfvars", FILES),
    ("workflows", "--workflow", FILES),
    ("srcs", "--file", FILES),
    ("expected_core_ref", "--expected-core-ref", STRING),
    ("allow_repo_registration_anchor", "--allow-repo-registration-anchor", BOOL),
]

def _impl(ctx):
    return run_tool(ctx, "enrollment", _FLAGS, leading = ["--no-discover", "--overlay-root", "."])

_overlay_preflight_test = rule(
    implementation = _impl,
    test = True,
    doc = """The whole enrollment preflight (`overlay-preflight enrollment`) on one overlay.

The test succeeds if the overlay's files pass every enrollment check (core
pins, organization schema and runner taxonomy, workflows, secrets, hygiene)
with no blockers and, under `strict`, no warnings beyond `expected_warnings`.
The overlay is exactly the files named; the test's package is its root.""",
    attrs = dict(COMMON_ATTRS, just = JUST_ATTR, **{
        "allow_repo_registration_anchor": attr.bool(
            default = False,
            doc = "Accept a repository-level runner registration as the overlay's anchor (a warning, not a blocker).",
        ),
        "expected_core_ref": attr.string(
            doc = "The full commit SHA every pin of the core must name (a tag needs a core checkout, which a hermetic test has not); empty skips the check.",
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
            doc = "Any other overlay files to scan (for secrets and hygiene).",
        ),
        "tfvars": attr.label_list(
            allow_files = [".tfvars"],
            doc = "The overlay's arc-runners `*.tfvars` files.",
        ),
        "workflows": attr.label_list(
            allow_files = [".yml", ".yaml"],
            doc = "The overlay's GitHub Actions workflows: `glob([\".github/workflows/*.yml\", \".github/workflows/*.yaml\"], allow_empty = True)`.",
        ),
    }),
)

def overlay_preflight_test(name, strict = False, expected_warnings = [], config = None, suppressions = None, **kwargs):
    """The whole enrollment preflight on one overlay; attributes in docs/rules.md.

    Typical usage, in the overlay's root BUILD.bazel:

        overlay_preflight_test(
            name = "preflight_test",
            organization = "config/organization.yaml",
            module_bazel = "MODULE.bazel",
            justfile = "Justfile",
            tfvars = glob(["tofu/stacks/arc-runners/*.tfvars"]),
            workflows = glob([".github/workflows/*.yml", ".github/workflows/*.yaml"], allow_empty = True),
            expected_core_ref = "637b7167c400a842cdc7af0709b2251c0542a48a",  # a full SHA
            strict = True,
        )

    Args:
      name: the test's name.
      strict: fail on warnings that are not in `expected_warnings`.
      expected_warnings: `RULE` or `RULE:PATH` entries that `strict` accepts.
      config: the overlay's `.overlay-preflight.yaml`; default: the package's own.
      suppressions: `config` under its older name.
      **kwargs: the rule's other attributes and the common test attributes.
    """
    files = ["organization", "module_bazel", "tfvars", "workflows", "justfile", "srcs"]
    if not [f for f in files if kwargs.get(f)]:
        fail("overlay_preflight_test(%s): name at least one overlay file" % name)
    ref = kwargs.get("expected_core_ref", "")
    if type(ref) == "string" and ref != ref.strip():
        fail("overlay_preflight_test(%s): expected_core_ref must be a ref without spaces" % name)
    _overlay_preflight_test(**dict(kwargs, **common_args("overlay_preflight_test", name, strict, expected_warnings, config, suppressions)))
