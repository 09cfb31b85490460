"""Capacity policy YAML: the maximum oversubscription per resource."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import LoadError, Source
from .quantity import K8S_RESOURCES
from .yamlfile import LineDict, load_yaml

DEFAULT = "capacity.yaml"  # the packaged default policy


@dataclass(frozen=True)
class Policy:
    source: str  # the file, or "default"
    max_oversubscription: dict[str, float]
    pool_labels: tuple[str, ...]
    lines: dict = field(default_factory=dict)  # resource -> line in the file


def _parse(doc, rel: str) -> tuple[dict, list | None, dict]:
    if doc is None:
        doc = LineDict()
    if not isinstance(doc, LineDict):
        raise LoadError(rel, getattr(doc, "line", None), "a capacity policy is a mapping")
    unknown = [k for k in doc if k not in ("max_oversubscription", "pool_labels")]
    if unknown:
        raise LoadError(
            rel,
            doc.line_of(unknown[0]),
            f"unknown key {str(unknown[0])[:60]!r}; expected max_oversubscription and pool_labels",
        )
    limits = doc.get("max_oversubscription", LineDict())
    if not isinstance(limits, LineDict):
        raise LoadError(
            rel,
            doc.line_of("max_oversubscription"),
            "max_oversubscription must map resources to ratios",
        )
    out, lines = {}, {}
    for name, value in limits.items():
        if name not in K8S_RESOURCES:
            raise LoadError(
                rel,
                limits.line_of(name),
                f"unknown resource {str(name)[:60]!r}; expected one of {', '.join(K8S_RESOURCES)}",
            )
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not 0 < value < 1e6  # also refuses .inf and .nan
        ):
            raise LoadError(
                rel, limits.line_of(name), f"{name}: the ratio must be a finite number > 0"
            )
        out[name], lines[name] = float(value), limits.line_of(name)
    labels = doc.get("pool_labels")
    if labels is not None and (
        not isinstance(labels, list) or not all(isinstance(x, str) for x in labels)
    ):
        raise LoadError(rel, doc.line_of("pool_labels"), "pool_labels must be a list of strings")
    return out, labels, lines


def load_policy(src: Source | None) -> Policy:
    """The packaged default, overridden per key by `src` when given."""
    from .. import data as packaged

    defaults, default_labels, _ = _parse(load_yaml(packaged.source(DEFAULT)), "default")
    if src is None:
        return Policy("default", defaults, tuple(default_labels or ()))
    limits, labels, lines = _parse(load_yaml(src), src.rel)
    return Policy(
        src.rel, {**defaults, **limits}, tuple(default_labels if labels is None else labels), lines
    )
