"""`kubectl get autoscalingrunnersets.actions.github.com -A -o json`: the live
ARC scale sets, each with the line of its item."""

from __future__ import annotations

from dataclasses import dataclass

from . import LoadError, Source, read_text
from .jsonfile import load_json_text
from .nodes import wrong_kind
from .yamlfile import LineDict

RELEASE_ANNOTATION = "meta.helm.sh/release-name"
MANAGED_BY = "app.kubernetes.io/managed-by"


@dataclass(frozen=True)
class LiveScaleSet:
    name: str  # metadata.name
    namespace: str
    release_name: str  # the Helm release annotation, else metadata.name
    scale_set_name: str | None  # spec.runnerScaleSetName
    github_config_url: str | None
    managed_by: str | None
    line: int


def _str(value) -> str | None:
    return value if isinstance(value, str) else None


def _item(rel: str, item, line: int) -> LiveScaleSet:
    wrong_kind(
        rel,
        item,
        line,
        "AutoscalingRunnerSet",
        "`kubectl get autoscalingrunnersets.actions.github.com -A -o json`",
    )
    meta = item.get("metadata") if isinstance(item, LineDict) else None
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        raise LoadError(rel, line, "item has no metadata.name: not an AutoscalingRunnerSet")
    labels = meta.get("labels") if isinstance(meta.get("labels"), dict) else {}
    notes = meta.get("annotations") if isinstance(meta.get("annotations"), dict) else {}
    spec = item.get("spec") if isinstance(item.get("spec"), dict) else {}
    return LiveScaleSet(
        name=meta["name"],
        namespace=_str(meta.get("namespace")) or "default",
        release_name=_str(notes.get(RELEASE_ANNOTATION)) or meta["name"],
        scale_set_name=_str(spec.get("runnerScaleSetName")),
        github_config_url=_str(spec.get("githubConfigUrl")),
        managed_by=_str(labels.get(MANAGED_BY)),
        line=line,
    )


def parse_scale_sets(text: str, rel: str) -> list[LiveScaleSet]:
    doc = load_json_text(text, rel)
    if isinstance(doc, LineDict) and doc.get("kind") == "AutoscalingRunnerSet":
        return [_item(rel, doc, doc.line)]
    items = doc.get("items") if isinstance(doc, LineDict) else None
    if not isinstance(items, list):
        raise LoadError(
            rel,
            getattr(doc, "line", None),
            "expected `kubectl get autoscalingrunnersets -A -o json` output (an object with items)",
        )
    return [_item(rel, item, items.line_of(i)) for i, item in enumerate(items)]


def load_scale_sets(src: Source) -> list[LiveScaleSet]:
    return parse_scale_sets(read_text(src), src.rel)
