from __future__ import annotations

from decimal import Decimal

import pytest

from overlay_preflight.loaders.nodes import Node
from overlay_preflight.model.scheduling import pools, schedulable, tolerates

TAINT = {"key": "dedicated", "value": "ci", "effect": "NoSchedule"}


@pytest.mark.parametrize(
    ("toleration", "ok"),
    [
        ({"key": "dedicated", "operator": "Equal", "value": "ci", "effect": "NoSchedule"}, True),
        ({"key": "dedicated", "value": "ci"}, True),  # Equal by default, any effect
        ({"key": "dedicated", "operator": "Equal", "value": "cd"}, False),
        ({"key": "dedicated", "operator": "Exists"}, True),
        ({"operator": "Exists"}, True),  # empty key with Exists tolerates everything
        ({"operator": "Exists", "effect": "NoExecute"}, False),
        ({"key": "other", "operator": "Exists"}, False),
        ({"key": "dedicated", "operator": "Gt", "value": "ci"}, False),
        ("dedicated=ci", False),
    ],
)
def test_toleration_matching(toleration, ok):
    assert tolerates(toleration, TAINT) is ok


def node(name, labels=None, taints=(), unschedulable=False):
    return Node(
        name,
        {"kubernetes.io/hostname": name, **(labels or {})},
        tuple(taints),
        {"cpu": Decimal(8)},
        unschedulable,
        1,
    )


def test_schedulable_needs_selector_and_blocking_taints_tolerated():
    honey = node("honey", taints=[TAINT, {"key": "soft", "effect": "PreferNoSchedule"}])
    tol = [{"key": "dedicated", "operator": "Equal", "value": "ci", "effect": "NoSchedule"}]
    assert schedulable(honey, {"kubernetes.io/hostname": "honey"}, tol)
    assert not schedulable(honey, {"kubernetes.io/hostname": "honey"}, None)
    assert not schedulable(honey, {"kubernetes.io/hostname": "sting"}, tol)
    assert schedulable(node("bumble"), None, None)
    assert not schedulable(node("bumble", unschedulable=True), None, None)


def test_pools_group_by_label_else_one_per_node():
    ci = {"node.kubernetes.io/pool": "ci"}
    nodes = [node("a", ci), node("b", ci), node("c")]
    grouped = pools(nodes, ["node.kubernetes.io/pool"])
    assert {k: [n.name for n in v] for k, v in grouped.items()} == {"ci": ["a", "b"], "c": ["c"]}
