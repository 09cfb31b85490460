"""The compiled draft-07 check (`schema_fast`) says "valid" exactly when
jsonschema's Draft7Validator finds no error: keyword by keyword, on every
workflow fixture, and on random mutations of them; and `schema.validate`
reports the same errors with it as without it."""

from __future__ import annotations

import copy
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from overlay_preflight.loaders import LoadError, schema
from overlay_preflight.loaders.schema_fast import Refused, compile_draft7
from overlay_preflight.loaders.yamlfile import load_yaml_text
from support.paths import REPO

D7 = "http://json-schema.org/draft-07/schema#"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _jsonschema_valid(s: dict[str, Any], instance: Any) -> bool:
    validator = Draft7Validator(
        s, format_checker=Draft7Validator.FORMAT_CHECKER, registry=schema.registry(s)
    )
    return bool(validator.is_valid(instance))


CASES: list[tuple[dict[str, Any], list[Any]]] = [
    ({"type": "integer"}, [1, 1.0, 1.5, True, "1", None]),
    ({"type": "number"}, [1, 1.5, True, False, "1"]),
    ({"type": ["string", "null"]}, ["x", None, 0, [], {}]),
    ({"type": "object"}, [{}, [], "x"]),
    ({"enum": [1, "a", None, [1], {"k": True}]}, [1, 1.0, True, "a", None, [1], [True], {"k": 1}]),
    ({"enum": ["a", "b"]}, ["a", "c", 1, None]),
    ({"const": False}, [False, 0, None, []]),
    ({"const": {"a": [1, 2]}}, [{"a": [1, 2]}, {"a": [1, 2.0]}, {"a": [True, 2]}, {"a": [1]}]),
    (
        {"definitions": {"s": {"type": "string"}}, "$ref": "#/definitions/s", "minLength": 5},
        ["x", 1],
    ),  # draft-07 ignores a $ref's siblings
    ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, [1, 1.5, 1.0, "x"]),
    ({"anyOf": [{"minLength": 3}, {"type": "integer"}]}, ["ab", "abc", 1, 1.5]),
    ({"allOf": [{"minLength": 1}, {"pattern": "^a"}]}, ["", "a", "ba", 3]),
    ({"not": {"pattern": "x$"}}, ["x", "x\n", "xy", 7]),
    ({"pattern": "^a$"}, ["a", "a\n", "ab", ["a"]]),
    (
        {
            "properties": {"a": {"type": "string"}},
            "patternProperties": {"^x": {"type": "integer"}, "y$": True},
            "additionalProperties": False,
        },
        [{"a": "s"}, {"a": 1}, {"x1": 1}, {"x1": "s"}, {"zy": None}, {"z": 1}, [], {}],
    ),
    ({"additionalProperties": {"type": "integer"}}, [{"a": 1}, {"a": "1"}, {}]),
    ({"required": ["a", "b"], "minProperties": 3}, [{"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}]),
    (
        {"dependencies": {"a": ["b"], "c": {"required": ["d"]}}},
        [{"a": 1}, {"a": 1, "b": 2}, {"c": 1}, {"c": 1, "d": 2}, {}, "x"],
    ),
    ({"items": {"type": "string"}, "minItems": 2}, [["a", "b"], ["a"], ["a", 1], "ab", {}]),
    ({"items": [{"type": "string"}, {"type": "integer"}]}, [["a", 1], ["a", "b"], ["a"], []]),
    (
        {"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": {"required": ["c"]}},
        [{"a": 1}, {"a": 1, "b": 1}, {"c": 1}, {}, 3],
    ),
    (
        {
            "definitions": {
                "n": {"type": "object", "properties": {"next": {"$ref": "#/definitions/n"}}}
            },
            "$ref": "#/definitions/n",
        },
        [{"next": {"next": {}}}, {"next": {"next": 1}}, 1],
    ),  # a schema that refers to itself
    ({"properties": {"a": False}}, [{"a": 1}, {"b": 1}]),
]


@pytest.mark.parametrize(("s", "instances"), CASES)
def test_each_keyword_as_jsonschema_decides(s, instances):
    s = {"$schema": D7, **s}
    check = compile_draft7(s)
    for instance in instances:
        assert check(instance) == _jsonschema_valid(s, instance), (s, instance)


@pytest.mark.parametrize(
    "s",
    [
        {"type": "string"},  # no $schema: jsonschema reads it as 2020-12
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string"},
        {"$schema": D7, "format": "email"},
        {"$schema": D7, "$ref": "https://example.com/s.json"},
        {"$schema": D7, "$ref": "#anchor"},
        {"$schema": D7, "$ref": "#/definitions/missing"},
        {"$schema": D7, "properties": {"a": {"$id": "x.json"}}},
        {"$schema": D7, "uniqueItems": True},
        {"$schema": D7, "pattern": "("},
        {"$schema": D7, "items": [], "additionalItems": False},
        {"$schema": D7, "type": "any"},
    ],
)
def test_what_it_does_not_mirror_gets_no_fast_path(s):
    with pytest.raises(Refused):
        compile_draft7(s)


def _workflows() -> list[tuple[str, Any]]:
    found = []
    for top in ("tests", "examples"):
        for path in sorted((REPO / top).rglob("*.y*ml")):
            if ".github/workflows/" not in path.as_posix():
                continue
            try:
                doc = load_yaml_text(path.read_text(encoding="utf-8"), path.name)
            except (LoadError, UnicodeDecodeError):
                continue
            found.append((str(path.relative_to(REPO)), _plain(doc)))
    return found


WORKFLOWS = _workflows()
WORKFLOW_SCHEMA = schema.builtin_schema("vendor/github-workflows.json")


def _vocabulary(node: Any, names: set[str], strings: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                names.update(value)
            if key == "enum" and isinstance(value, list):
                strings.update(v for v in value if isinstance(v, str))
            _vocabulary(value, names, strings)
    elif isinstance(node, list):
        for item in node:
            _vocabulary(item, names, strings)


_NAMES: set[str] = set()
_STRINGS: set[str] = set()
_vocabulary(WORKFLOW_SCHEMA, _NAMES, _STRINGS)
_SCALARS = [None, True, False, 0, 1, 1.0, 2.5, -1, "", "x", "x\n", "${{ matrix.os }}", "1.0"]
_SUBTREES = [
    value
    for _, doc in WORKFLOWS[:20]
    for value in (doc.get("jobs", {}) or {}).values()
    if isinstance(doc, dict)
][:20]
VALUES = st.one_of(
    st.sampled_from(_SCALARS),
    st.sampled_from(sorted(_STRINGS)),
    st.sampled_from(_SUBTREES) if _SUBTREES else st.nothing(),
    st.lists(st.sampled_from([*_SCALARS, *sorted(_STRINGS)[:20]]), max_size=3),
    st.dictionaries(st.sampled_from(sorted(_NAMES)), st.sampled_from(_SCALARS), max_size=2),
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*path, index))
    return out


def _mutate(doc: Any, data: st.DataObject) -> Any:
    doc = copy.deepcopy(doc)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = _paths(doc)
        path = data.draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        op = data.draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            doc = copy.deepcopy(data.draw(VALUES)) if op == "replace" else doc
            continue
        last = path[-1]
        if op == "replace":
            parent[last] = copy.deepcopy(data.draw(VALUES))
        elif op == "delete":
            del parent[last]
        elif isinstance(parent[last], dict):
            parent[last][data.draw(st.sampled_from(sorted(_NAMES)))] = copy.deepcopy(
                data.draw(VALUES)
            )
        elif isinstance(parent[last], list):
            parent[last].append(copy.deepcopy(data.draw(VALUES)))
    return doc


def test_every_workflow_fixture_as_jsonschema_decides():
    check = compile_draft7(WORKFLOW_SCHEMA)
    assert len(WORKFLOWS) > 50
    for rel, doc in WORKFLOWS:
        assert check(doc) == _jsonschema_valid(WORKFLOW_SCHEMA, doc), rel


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WORKFLOWS), st.data())
def test_mutated_workflows_as_jsonschema_decides(workflow, data):
    doc = _mutate(workflow[1], data)
    assert compile_draft7(WORKFLOW_SCHEMA)(doc) == _jsonschema_valid(WORKFLOW_SCHEMA, doc)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(WORKFLOWS), st.data())
def test_validate_reports_the_same_errors_with_the_fast_path(workflow, data):
    doc = _mutate(workflow[1], data)
    with_fast = schema.validate(doc, WORKFLOW_SCHEMA)
    with mock.patch.object(schema, "_fast_check", lambda s, cls: None):
        assert schema.validate(doc, WORKFLOW_SCHEMA) == with_fast
