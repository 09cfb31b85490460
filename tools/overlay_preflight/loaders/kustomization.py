"""Kustomization files (`kustomization.yaml`, `kustomization.yml`,
`Kustomization`): every entry kustomize resolves as a path or fetches as a
URL, with its field and line. Inline documents (a multi-line string, a
mapping under `generators:`) are content, not references."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import Source
from .yamlfile import LineDict, LineList, load_yaml_mapping

FILENAMES = frozenset({"kustomization.yaml", "kustomization.yml", "Kustomization"})
LIST_FIELDS = (
    "resources",
    "bases",
    "components",
    "generators",
    "transformers",
    "configurations",
    "crds",
)
PATH_LISTS = ("patches", "patchesJson6902")  # items' `path`
GENERATORS = ("configMapGenerator", "secretGenerator")  # items' `files`, `envs`, `env`


@dataclass(frozen=True)
class Reference:
    field: str  # as kustomize names it: resources, patches[].path, ...
    value: str  # the path or URL (a generator file's `key=` removed)
    line: int


@dataclass
class Kustomization:
    rel: str
    references: list[Reference] = field(default_factory=list)

    @property
    def directory(self) -> str:
        return self.rel.rpartition("/")[0]


def is_kustomization(rel: str) -> bool:
    return rel.rpartition("/")[2] in FILENAMES


def _items(holder: LineDict, key: str) -> Iterator[tuple[Any, int]]:
    value = holder.get(key)
    if isinstance(value, LineList):
        yield from ((item, value.line_of(i)) for i, item in enumerate(value))
    elif value is not None:
        yield value, holder.line_of(key)


def _path(value: Any) -> str | None:
    """A reference, or None for inline content (a mapping, a multi-line document)."""
    if not isinstance(value, str) or "\n" in value.strip():
        return None
    return value.strip()


def _generator_file(value: str) -> str:
    """`key=path` names the key of a generator file; the path is what counts."""
    key, sep, rest = value.partition("=")
    if sep and key and rest and all(c.isalnum() or c in "_.-" for c in key):
        return rest
    return value


def references(doc: LineDict) -> Iterator[Reference]:
    for name in LIST_FIELDS:
        for item, line in _items(doc, name):
            if (path := _path(item)) is not None:
                yield Reference(name, path, line)
    openapi = doc.get("openapi")
    if isinstance(openapi, LineDict) and (path := _path(openapi.get("path"))) is not None:
        yield Reference("openapi.path", path, openapi.line_of("path"))
    for name in PATH_LISTS:
        for item, _ in _items(doc, name):
            if isinstance(item, LineDict) and (path := _path(item.get("path"))) is not None:
                yield Reference(f"{name}[].path", path, item.line_of("path"))
    for name in GENERATORS:
        for item, _ in _items(doc, name):
            if not isinstance(item, LineDict):
                continue
            for key in ("files", "envs", "env"):
                for entry, line in _items(item, key):
                    if (path := _path(entry)) is not None:
                        yield Reference(f"{name}[].{key}", _generator_file(path), line)


def load_kustomization(src: Source) -> Kustomization:
    return Kustomization(src.rel, list(references(load_yaml_mapping(src))))
