import pytest

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.yamlfile import line_at, load_yaml_text


def test_lines_for_keys_and_items():
    doc = load_yaml_text("a:\n  b:\n    - x\n    - y: 1\nc: 2\n", "f.yaml")
    assert doc == {"a": {"b": ["x", {"y": 1}]}, "c": 2}
    assert line_at(doc, ["a", "b", 1, "y"]) == 4
    assert line_at(doc, ["c"]) == 5
    assert line_at(doc, ["a", "missing"]) == 1


def test_yaml_1_2_booleans_keep_on_as_a_string():
    doc = load_yaml_text("on: push\nyes: no\nt: true\n", "wf.yml")
    assert doc == {"on": "push", "yes": "no", "t": True}


def test_duplicate_keys_are_rejected_with_both_lines():
    with pytest.raises(LoadError) as err:
        load_yaml_text("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert err.value.line == 3
    assert "duplicate key 'a'" in err.value.message and "line 1" in err.value.message


def test_merge_keys_may_override_without_a_duplicate_error():
    doc = load_yaml_text("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  x: 3\n", "f.yaml")
    assert doc["d"] == {"x": 3, "y": 2}


def test_alias_bomb_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefg", "bcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(LoadError) as err:
        load_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert "alias" in err.value.message


def test_deep_nesting_is_a_clean_error():
    with pytest.raises(LoadError) as err:
        load_yaml_text("[" * 10000 + "]" * 10000, "deep.yaml")
    assert err.value.path == "deep.yaml"


def test_syntax_error_names_the_line():
    with pytest.raises(LoadError) as err:
        load_yaml_text("a: 1\nb: [1, 2\nc: 3\n", "f.yaml")
    assert err.value.line == 3


def test_event_check_counts_what_an_alias_expands_to(monkeypatch):
    """The event walk (other YAML files) sizes an anchored collection as
    every node inside it, nested aliases expanded, and adds that per alias."""
    from overlay_preflight.loaders import yamlcheck

    # &a is 5 nodes (its list, x, the inner list, y, z); &b is 1 + 5 + 1 = 7.
    text = "a: &a [x, [y, z]]\nb: &b [*a, w]\nc: *a\nd: *b\n"  # aliases add 5 + 5 + 7
    monkeypatch.setattr(yamlcheck, "MAX_EXPANSION", 17)
    yamlcheck.check_yaml_stream(text, "f.yaml")
    monkeypatch.setattr(yamlcheck, "MAX_EXPANSION", 16)
    with pytest.raises(LoadError) as err:
        yamlcheck.check_yaml_stream(text, "f.yaml")
    assert err.value.line == 4 and "alias" in err.value.message


def test_event_check_rejects_duplicate_keys_and_depth(monkeypatch):
    from overlay_preflight.loaders import yamlcheck

    with pytest.raises(LoadError) as err:
        yamlcheck.check_yaml_stream("a: 1\n---\na: 1\nb: [1, {c: 2}]\n0x1: x\n1: y\n", "f.yaml")
    assert err.value.line == 6 and "duplicate key '1' (first at line 5)" in err.value.message
    yamlcheck.check_yaml_stream("a: &x {b: 1}\nc:\n  <<: *x\n  b: 2\n", "f.yaml")
    monkeypatch.setattr(yamlcheck, "MAX_DEPTH", 3)
    yamlcheck.check_yaml_stream("a: &x [[1]]\n", "f.yaml")
    with pytest.raises(LoadError) as err:
        yamlcheck.check_yaml_stream("a: &x [[1]]\nb: [*x]\n", "f.yaml")
    assert err.value.line == 2 and "nesting deeper than 3" in err.value.message
