"""`kubectl get nodes -o json`: labels, taints and allocatable of each node."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import LoadError, Source, read_text
from .jsonfile import load_json_text
from .quantity import K8S_RESOURCES, parse_quantity
from .yamlfile import LineDict

ALLOCATABLE = K8S_RESOURCES


def wrong_kind(rel: str, item, line: int, expected: str, capture: str) -> None:
    """Refuse a list item of another kind: a capture of the wrong command
    (scale sets given as nodes, nodes given as scale sets) must not be read
    as one with empty fields. An item without `kind` is tolerated."""
    kind = item.get("kind") if isinstance(item, dict) else None
    if kind is not None and kind != expected:
        shown = str(kind)[:60]
        raise LoadError(
            rel, line, f"an item of kind {shown!r}, not {expected}: expected {capture} output"
        )


@dataclass(frozen=True)
class Node:
    name: str
    labels: dict
    taints: tuple[dict, ...]
    allocatable: dict[str, Decimal]  # only the resources the node reports
    unschedulable: bool
    line: int


def _node(rel: str, item, line: int) -> Node:
    wrong_kind(rel, item, line, "Node", "`kubectl get nodes -o json`")
    meta = item.get("metadata") if isinstance(item, LineDict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        raise LoadError(rel, line, "item has no metadata.name: not a Node")
    name = meta["name"]
    spec = item.get("spec") if isinstance(item.get("spec"), dict) else {}
    status = item.get("status") if isinstance(item.get("status"), dict) else {}
    raw = status.get("allocatable") if isinstance(status.get("allocatable"), dict) else {}
    allocatable = {}
    for resource in ALLOCATABLE:
        if resource in raw:
            try:
                allocatable[resource] = parse_quantity(raw[resource])
                if allocatable[resource] < 0:
                    raise ValueError("negative")
            except ValueError:
                raise LoadError(
                    rel,
                    raw.line_of(resource),
                    f"node {name}: allocatable {resource} is not a non-negative quantity",
                ) from None
    taints = spec.get("taints") or []
    if not isinstance(taints, list) or not all(isinstance(t, dict) for t in taints):
        raise LoadError(rel, spec.line_of("taints"), f"node {name}: taints must be a list")
    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
    return Node(
        name, dict(labels), tuple(taints), allocatable, spec.get("unschedulable") is True, line
    )


def parse_nodes(text: str, rel: str) -> list[Node]:
    doc = load_json_text(text, rel)
    items = doc.get("items") if isinstance(doc, LineDict) else None
    if not isinstance(items, list):
        raise LoadError(
            rel,
            getattr(doc, "line", None),
            "expected `kubectl get nodes -o json` output (an object with items)",
        )
    return [_node(rel, item, items.line_of(i)) for i, item in enumerate(items)]


def load_nodes(src: Source) -> list[Node]:
    return parse_nodes(read_text(src), src.rel)
