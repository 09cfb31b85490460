"""WORKSPACE set-up for overlay-preflight: Debian's offline Bazel 4.2 only.

Typical usage in a WORKSPACE (after `./setup` in the overlay-preflight checkout):

    load("@overlay_preflight//rules:repositories.bzl",
         "overlay_preflight_dependencies", "overlay_preflight_register_toolchains")
    overlay_preflight_dependencies()
    overlay_preflight_register_toolchains()

Bazel 7/8 use bzlmod instead: `bazel_dep(name = "overlay_preflight")`, whose
MODULE.bazel brings rules_python, its toolchain and the pip hub. This file
builds the same shape from the venv ./setup installs.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")
load("//rules/private:python_venv.bzl", "overlay_preflight_python", "pip_hub")
load("//rules/private:stub_repository.bzl", "stub_files", "stub_repository")

# The same text as MODULE.bazel's pip.whl_mods for rust_just: the wheel's
# `just` binary as a target, @overlay_preflight_pip//rust_just:just.
RUST_JUST_BUILD = 'filegroup(name = "just", srcs = ["bin/just"], visibility = ["//visibility:public"])\n'

def overlay_preflight_dependencies():
    """Declares the repositories overlay-preflight needs without bzlmod.

    @rules_python (native rules behind rules_python's load paths, unless
    already declared), @overlay_preflight_pip (the pip hub over the ./setup
    venv) and @overlay_preflight_python (its base interpreter).
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
    maybe(
        pip_hub,
        name = "overlay_preflight_pip",
        lock = lock,
        extra_build_content = {"rust_just": RUST_JUST_BUILD},
    )
    maybe(overlay_preflight_python, name = "overlay_preflight_python", lock = lock)

# buildifier: disable=unnamed-macro
def overlay_preflight_register_toolchains():
    """Registers the Python toolchain on the ./setup venv's base interpreter."""
    native.register_toolchains("@overlay_preflight_python//:toolchain")
