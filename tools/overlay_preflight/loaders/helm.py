"""`helm list -A -o json`: the Helm releases, each with the line of its entry."""

from __future__ import annotations

from dataclasses import dataclass

from . import LoadError, Source, read_text
from .jsonfile import load_json_text
from .yamlfile import LineList


@dataclass(frozen=True)
class HelmRelease:
    name: str
    namespace: str
    status: str
    line: int


def parse_releases(text: str, rel: str) -> list[HelmRelease]:
    doc = load_json_text(text, rel)
    if not isinstance(doc, LineList):
        raise LoadError(
            rel,
            getattr(doc, "line", None),
            "expected `helm list -A -o json` output (a list of releases)",
        )
    out = []
    for index, entry in enumerate(doc):
        line = doc.line_of(index)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise LoadError(rel, line, "release entry has no name")
        out.append(
            HelmRelease(
                entry["name"],
                str(entry.get("namespace") or "default"),
                str(entry.get("status") or "unknown"),
                line,
            )
        )
    return out


def load_releases(src: Source) -> list[HelmRelease]:
    return parse_releases(read_text(src), src.rel)
