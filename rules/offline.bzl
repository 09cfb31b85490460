"""Stand-ins that let Debian's offline Bazel 4.2 (no network) run `bazel test`.

Only this repository's own WORKSPACE calls this; consumers on a normal Bazel
already get @rules_cc and @remote_coverage_tools from Bazel itself.
"""

load("//rules/private:stub_repository.bzl", "stub_files", "stub_repository")

def overlay_preflight_offline_shims():
    """Declares local stand-ins for @rules_cc and @remote_coverage_tools."""
    stub_repository(
        name = "rules_cc",
        files = stub_files("rules_cc", [
            "BUILD.in",
            "cc/BUILD.in",
            "cc/defs.bzl",
        ]),
    )
    stub_repository(
        name = "remote_coverage_tools",
        files = stub_files("remote_coverage_tools", [
            "BUILD.in",
            "unsupported.sh",
        ]),
    )
