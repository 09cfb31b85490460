"""Kubernetes placement, as far as capacity planning needs it: node pools,
node selectors, and taint toleration (NoSchedule / NoExecute)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..loaders.nodes import Node

BLOCKING_EFFECTS = ("NoSchedule", "NoExecute")


def tolerates(toleration: Any, taint: dict[str, Any]) -> bool:
    """Kubernetes' ToleratesTaint: effect (empty matches all), key (empty
    matches all, with Exists), then Exists or Equal (the default) on value."""
    if not isinstance(toleration, dict):
        return False
    effect = toleration.get("effect") or ""
    if effect and effect != taint.get("effect"):
        return False
    key = toleration.get("key") or ""
    if key and key != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    if operator == "Equal":
        return str(toleration.get("value") or "") == str(taint.get("value") or "")
    return False


def schedulable(node: Node, selector: Any, tolerations: Any) -> bool:
    """Does a pod with this node selector and these tolerations fit the node's
    labels and blocking taints (and is the node not cordoned)?"""
    if node.unschedulable:
        return False
    for key, value in (selector or {}).items() if isinstance(selector, dict) else ():
        if node.labels.get(key) != str(value):
            return False
    tols = tolerations if isinstance(tolerations, list) else []
    return all(
        any(tolerates(t, taint) for t in tols)
        for taint in node.taints
        if taint.get("effect") in BLOCKING_EFFECTS
    )


def pools(nodes: Iterable[Node], pool_labels: Iterable[str]) -> dict[str, list[Node]]:
    """Nodes grouped by the first pool label they carry; else one pool each."""
    labels = tuple(pool_labels)
    out: dict[str, list[Node]] = {}
    for node in nodes:
        name = next(
            (node.labels[k] for k in labels if isinstance(node.labels.get(k), str)), node.name
        )
        out.setdefault(name, []).append(node)
    return out
