"""Safe YAML loading with line numbers, duplicate-key rejection and bounds.

Mappings load as `LineDict` and sequences as `LineList`: plain dict / list
subclasses that also remember the source line of each key or item, so checks
and schema errors can name a line. Booleans follow YAML 1.2 (`true`/`false`
only), as GitHub reads workflows: `on:` stays the string "on".
"""

from __future__ import annotations

import functools
from typing import Any

from . import LoadError, Source, read_text

MAX_NODES = 200_000  # nodes after alias expansion
MAX_DEPTH = 200  # nesting levels


class LineDict(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 1
    lines: dict

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers its own line and the line of each item."""

    line: int = 1
    lines: list

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def line_at(doc: Any, path: list | tuple) -> int | None:
    """The line of the deepest element of `path` that `doc` knows about."""
    line = getattr(doc, "line", None)
    node = doc
    for step in path:
        in_dict = isinstance(node, LineDict) and step in node
        in_list = isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node)
        if in_dict or in_list:
            line = node.line_of(step)
            node = node[step]
        else:
            break
    return line


@functools.cache
def _loader_class():
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    # YAML 1.2 core booleans: drop the 1.1 yes/no/on/off resolver.
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )

    def construct_map(loader, node):
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.lines = {}
        yield data
        seen: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise LoadError(
                    loader.source_rel, key_node.start_mark.line + 1, "unhashable mapping key"
                ) from None
            if key in seen:
                raise LoadError(
                    loader.source_rel,
                    key_node.start_mark.line + 1,
                    f"duplicate key {str(key)[:80]!r} (first at line {seen[key]})",
                )
            seen[key] = key_node.start_mark.line + 1
        data.update(loader.construct_mapping(node))
        data.lines.update(seen)

    def construct_seq(loader, node):
        data = LineList()
        data.line = node.start_mark.line + 1
        data.lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(loader.construct_sequence(node))

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    return Loader


def _check_bounds(rel: str, root) -> None:
    """Expanded size and depth of the node graph, aliases counted per use."""
    import yaml

    sizes: dict[int, int] = {}
    stack = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError(
                rel, node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels"
            )
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [n for pair in node.value for n in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if done:
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_NODES:
                raise LoadError(
                    rel,
                    node.start_mark.line + 1,
                    f"more than {MAX_NODES} nodes after alias expansion (alias bomb?)",
                )
            sizes[id(node)] = total
            continue
        if id(node) in sizes:
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _construct(loader, rel: str, node) -> Any:
    _check_bounds(rel, node)
    return loader.construct_document(node)


def _parse(text: str, rel: str, stream: bool) -> list:
    """The documents of `text`: exactly one (or none) unless `stream`."""
    import yaml

    loader = _loader_class()(text)
    loader.source_rel = rel
    try:
        if not stream:
            node = loader.get_single_node()
            return [] if node is None else [_construct(loader, rel, node)]
        docs = []
        while loader.check_node():
            docs.append(_construct(loader, rel, loader.get_node()))
        return docs
    except LoadError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        problem = err.problem or err.context or "invalid YAML"
        raise LoadError(rel, line, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as err:
        raise LoadError(rel, None, f"invalid YAML: {str(err).splitlines()[0]}") from None
    except RecursionError:
        raise LoadError(rel, None, "nesting too deep to read") from None
    finally:
        loader.dispose()


def load_yaml_text(text: str, rel: str) -> Any:
    """Parse one YAML document from text; the empty document is None."""
    docs = _parse(text, rel, stream=False)
    return docs[0] if docs else None


def load_yaml_stream(text: str, rel: str) -> list:
    """Parse every document of a YAML stream (`---` separated)."""
    return _parse(text, rel, stream=True)


def load_yaml(src: Source) -> Any:
    return load_yaml_text(read_text(src), src.rel)


def load_yaml_mapping(src: Source) -> LineDict:
    """A YAML file whose document must be a mapping (empty is an error too)."""
    data = load_yaml(src)
    if not isinstance(data, LineDict):
        kind = "empty" if data is None else type(data).__name__
        raise LoadError(src.rel, getattr(data, "line", 1), f"expected a mapping, found {kind}")
    return data
