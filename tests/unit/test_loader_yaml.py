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
