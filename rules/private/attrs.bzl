"""Attributes the overlay-preflight test rules share (private)."""

# Attributes every overlay-preflight test rule has.
COMMON_ATTRS = {
    "config": attr.label(
        allow_single_file = [".yaml", ".yml"],
        doc = "The overlay's `.overlay-preflight.yaml` (policy and reviewed suppressions). " +
              "Default: the package's own, if it has one. The macros also accept it as `suppressions`.",
    ),
    "expected_warnings": attr.string_list(
        doc = "Warnings that are expected here, as `RULE` or `RULE:PATH` (PATH as the report prints it).",
    ),
    "strict": attr.bool(
        default = False,
        doc = "Fail on warnings too, not only on blockers (`--strict`), except `expected_warnings`.",
    ),
    "_tool": attr.label(
        default = Label("//tools:overlay-preflight"),
        executable = True,
        cfg = "target",
        doc = "The overlay-preflight py_binary the launcher runs.",
    ),
}

# The rules that read a justfile declare the `just` that parses it.
JUST_ATTR = attr.label(
    default = Label("//tools:just"),
    allow_single_file = True,
    doc = "The `just` binary that parses the justfile. Default: rust-just's, from the pip hub " +
          "(`@overlay_preflight_pip//rust_just:just`). The tool never searches PATH for one.",
)
