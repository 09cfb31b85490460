"""docs/rules.md's reference is generated from the .bzl files and current."""

import shutil

import pytest
import rules_doc

from conftest import REPO


def test_docs_rules_md_is_up_to_date():
    current = (REPO / "docs/rules.md").read_text()
    assert rules_doc.render(current) == current, "run: python3 tools/rules_doc.py"
    assert rules_doc.main(["--check"]) == 0


def test_the_reference_comes_from_the_attribute_docs(tmp_path):
    rules = shutil.copytree(REPO / "rules", tmp_path / "rules")
    capacity = rules / "private/capacity_test.bzl"
    capacity.write_text(capacity.read_text().replace("Captured `kubectl", "Nodes from `kubectl"))
    text = rules_doc.generate(rules)
    assert "| `nodes` | label, required | Nodes from `kubectl get nodes -o json`. |" in text
    for rule in ("overlay_preflight_test", "runner_taxonomy_test", "plan_safety_test"):
        assert f"\n## {rule}\n" in text
    assert "| `just` | label, default `@overlay_preflight//tools:just` |" in text


def test_an_attribute_without_a_doc_is_an_error(tmp_path):
    rules = shutil.copytree(REPO / "rules", tmp_path / "rules")
    schema = rules / "private/schema_test.bzl"
    schema.write_text(
        schema.read_text().replace('doc = "The YAML or JSON files to validate.",', "")
    )
    with pytest.raises(rules_doc.DocError, match="srcs has no doc"):
        rules_doc.generate(rules)
