"""WORKSPACE set-up for overlay-preflight (Bazel without bzlmod).

Typical usage in a WORKSPACE:

    load("@overlay_preflight//rules:repositories.bzl",
         "overlay_preflight_dependencies", "overlay_preflight_register_toolchains")
    overlay_preflight_dependencies()
    overlay_preflight_register_toolchains()

With bzlmod (Bazel 7+), use `bazel_dep(name = "overlay_preflight")` instead;
MODULE.bazel brings rules_python, its toolchain and the pip hub.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")
load("//rules/private:python_venv.bzl", "overlay_preflight_python", "pip_standin")
load("//rules/private:stub_repository.bzl", "stub_files", "stub_repository")

def overlay_preflight_dependencies():
    """Declares the repositories overlay-preflight needs without bzlmod.

    @rules_python (a native-rules stand-in, unless already declared),
    @overlay_preflight_pip (stand-in pip hub) and @overlay_preflight_python
    (a toolchain on the ./setup venv).
    """
    maybe(
        stub_repository,
        name = "rules_python",
        files = stub_files("rules_python", [
            "BUILD.in",
            "python/BUILD.in",
            "python/defs.bzl",
        ]),
    )
    lock = Label("//:requirements.lock")
    maybe(pip_standin, name = "overlay_preflight_pip", lock = lock)
    maybe(overlay_preflight_python, name = "overlay_preflight_python", lock = lock)

# buildifier: disable=unnamed-macro
def overlay_preflight_register_toolchains():
    """Registers the Python toolchain backed by the ./setup venv."""
    native.register_toolchains("@overlay_preflight_python//:toolchain")
