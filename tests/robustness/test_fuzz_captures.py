"""Property-based fuzzing of the captured inputs (plan JSON, kubectl scale
sets, helm releases, kubectl nodes, capacity policy) through the real
commands: any input gives findings or a usage error, never an internal error
(exit 3) or a traceback."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, REPO

FIXTURES = REPO / "tests/fixtures"
PLAN = json.loads((FIXTURES / "plan/positive/allowed-delete/plan.json").read_text())
ARS = json.loads((FIXTURES / "residue/live/ars.json").read_text())
HELM = json.loads((FIXTURES / "residue/live/helm.json").read_text())
NODES = json.loads((FIXTURES / "capacity/nodes/nodes.json").read_text())
OVERLAY = str(EXAMPLES / "example-org-infra")

FUZZ = settings(
    max_examples=60,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from _paths(value, (*prefix, index))


@st.composite
def mutated_json(draw, doc):
    """The real capture with a few subtrees replaced by random JSON, or its
    text cut short: shapes deep in the format, not just noise."""
    doc = json.loads(json.dumps(doc))
    paths = list(_paths(doc))
    for _ in range(draw(st.integers(1, 3))):
        path = paths[draw(st.integers(0, len(paths) - 1))]
        value = draw(JSON_VALUES)
        if not path:
            doc = value
            break
        node = doc
        try:
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    text = json.dumps(doc, indent=1)
    if draw(st.booleans()) and draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def run(run_cli, tmp_path, name, text, *args):
    capture = tmp_path / name
    capture.write_text(text)
    result = run_cli(*[a if a != "@" else capture for a in args])
    assert result.code in (0, 1, 2), (result.code, result.err)
    assert "Traceback" not in result.out + result.err
    return result


@FUZZ
@given(text=mutated_json(PLAN))
def test_plan(run_cli, tmp_path, text):
    run(run_cli, tmp_path, "plan.json", text, "plan", "@")


@FUZZ
@given(text=mutated_json(ARS))
def test_residue_live(run_cli, tmp_path, text):
    run(run_cli, tmp_path, "ars.json", text, "residue", "--live", "@", OVERLAY)


@FUZZ
@given(text=mutated_json(HELM))
def test_residue_helm(run_cli, tmp_path, text):
    (tmp_path / "live.json").write_text(json.dumps(ARS))
    run(
        run_cli,
        tmp_path,
        "helm.json",
        text,
        "residue",
        "--live",
        str(tmp_path / "live.json"),
        "--helm",
        "@",
        OVERLAY,
    )


@FUZZ
@given(text=mutated_json(NODES))
def test_capacity_nodes(run_cli, tmp_path, text):
    run(run_cli, tmp_path, "nodes.json", text, "capacity", "--nodes", "@", OVERLAY)


@FUZZ
@given(policy=JSON_VALUES)
def test_capacity_policy(run_cli, tmp_path, policy):
    (tmp_path / "nodes.json").write_text(json.dumps(NODES))
    run(
        run_cli,
        tmp_path,
        "policy.yaml",
        json.dumps({"max_oversubscription": policy}),
        "capacity",
        "--nodes",
        str(tmp_path / "nodes.json"),
        "--policy",
        "@",
        OVERLAY,
    )
