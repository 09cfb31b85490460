"""Public API of overlay-preflight's Bazel rules (re-exports only)."""

load("//rules/private:overlay_preflight_test.bzl", _overlay_preflight_test = "overlay_preflight_test")

overlay_preflight_test = _overlay_preflight_test
