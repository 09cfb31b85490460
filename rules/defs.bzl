"""Public API of overlay-preflight's Bazel rules (re-exports only).

    load("@overlay_preflight//rules:defs.bzl", "overlay_preflight_test")

See docs/rules.md.
"""

load("//rules/private:capacity_test.bzl", _capacity_test = "capacity_test")
load("//rules/private:core_pin_test.bzl", _core_pin_test = "core_pin_test")
load("//rules/private:overlay_preflight_test.bzl", _overlay_preflight_test = "overlay_preflight_test")
load("//rules/private:plan_safety_test.bzl", _plan_safety_test = "plan_safety_test")
load("//rules/private:residue_audit_test.bzl", _residue_audit_test = "residue_audit_test")
load("//rules/private:runner_taxonomy_test.bzl", _runner_taxonomy_test = "runner_taxonomy_test")
load("//rules/private:schema_test.bzl", _schema_test = "schema_test")
load("//rules/private:workflow_labels_test.bzl", _workflow_labels_test = "workflow_labels_test")

capacity_test = _capacity_test
core_pin_test = _core_pin_test
overlay_preflight_test = _overlay_preflight_test
plan_safety_test = _plan_safety_test
residue_audit_test = _residue_audit_test
runner_taxonomy_test = _runner_taxonomy_test
schema_test = _schema_test
workflow_labels_test = _workflow_labels_test
