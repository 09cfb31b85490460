from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.jsonfile import load_json_text

TEXT = '{\n  "a": 1,\n  "items": [\n    {"x": "y"},\n\n    [1, 2]\n  ]\n}\n'


def test_lines_of_keys_and_items():
    doc = load_json_text(TEXT, "f.json")
    assert doc == {"a": 1, "items": [{"x": "y"}, [1, 2]]}
    assert (doc.line, doc.line_of("a"), doc.line_of("items")) == (1, 2, 3)
    assert doc["items"].lines == [4, 6]
    assert doc["items"][0].line_of("x") == 4


def test_syntax_error_names_the_line():
    with pytest.raises(LoadError) as err:
        load_json_text('{\n  "a": 1\n  "b": 2\n}', "f.json")
    assert (err.value.path, err.value.line) == ("f.json", 3)


def test_duplicate_keys_are_refused():
    with pytest.raises(LoadError) as err:
        load_json_text('{"a": 1,\n "a": 2}', "f.json")
    assert err.value.line == 2 and "duplicate key 'a' (first at line 1)" in err.value.message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(json_values, st.sampled_from([None, 1, 2]))
def test_same_value_as_json(value, indent):
    import json

    assert load_json_text(json.dumps(value, indent=indent), "f.json") == value
