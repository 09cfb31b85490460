"""Safe YAML loading with line numbers, duplicate-key rejection and bounds.

Bounds: nesting depth, and alias expansion (what a billion-laughs document
multiplies), counted as the nodes aliases add, so a large plain document is
not mistaken for a bomb. libyaml's C parser is used where PyYAML has it, and
the cyclic garbage collector is paused while a document is built (it only
re-scans the growing tree: a 4 MB file costs several times as much with it).
A value PyYAML cannot construct (an impossible date, an integer of more than
4300 digits) is a LoadError naming its line.

Mappings load as `LineDict` and sequences as `LineList`: plain dict / list
subclasses that also remember the source line of each key or item, so checks
and schema errors can name a line. Booleans follow YAML 1.2 (`true`/`false`
only), as GitHub reads workflows: `on:` stays the string "on".
"""

from __future__ import annotations

import functools
import gc
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from . import LoadError, Source, read_text

if TYPE_CHECKING:
    from yaml.nodes import MappingNode, Node, SequenceNode

MAX_EXPANSION = 200_000  # nodes that aliases add, each use counted
MAX_DEPTH = 200  # nesting levels


class LineDict(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 1
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    line: int = 1
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


def line_at(doc: Any, path: Sequence[object]) -> int | None:
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


class _Loader(Protocol):
    """What this module uses of the loader `_loader_class` builds (on
    libyaml's CSafeLoader when PyYAML has it, else on SafeLoader)."""

    source_rel: str

    def check_node(self) -> bool: ...
    def get_node(self) -> Node | None: ...
    def get_single_node(self) -> Node | None: ...
    def construct_document(self, node: Node) -> Any: ...
    def construct_object(self, node: Node, deep: bool = False) -> Any: ...
    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]: ...
    def construct_sequence(self, node: SequenceNode, deep: bool = False) -> list[Any]: ...
    def dispose(self) -> None: ...


@functools.cache
def _loader_class() -> Callable[[str], _Loader]:
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    # The base is chosen at run time, so mypy cannot know it; `_Loader` says
    # what is used of it.
    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    # YAML 1.2 core booleans: drop the 1.1 yes/no/on/off resolver.
    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )

    def construct_map(loader: _Loader, node: MappingNode) -> Iterator[LineDict]:
        data = LineDict()
        data.line = node.start_mark.line + 1
        data.lines = {}
        yield data
        seen: dict[Any, int] = {}
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

    def construct_seq(loader: _Loader, node: SequenceNode) -> Iterator[LineList]:
        data = LineList()
        data.line = node.start_mark.line + 1
        data.lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(loader.construct_sequence(node))

    Loader.add_constructor("tag:yaml.org,2002:map", construct_map)
    Loader.add_constructor("tag:yaml.org,2002:seq", construct_seq)
    for tag, what in (
        ("tag:yaml.org,2002:timestamp", "is not a valid date or time"),
        ("tag:yaml.org,2002:int", "is an integer too large to read"),
        ("tag:yaml.org,2002:float", "is not a number"),
    ):
        Loader.add_constructor(tag, _guarded(base.yaml_constructors[tag], what))
    return Loader


# An integer Python could not print (over 4300 decimal digits, the limit of
# int-to-str conversion): refused where it is read, not where it is shown.
MAX_INT_BITS = 14_000


_Construct = Callable[[_Loader, "Node"], Any]


def _guarded(construct: _Construct, what: str) -> _Construct:
    def guarded(loader: _Loader, node: Node) -> Any:
        try:
            value = construct(loader, node)
            if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
                raise ValueError("too large")
            return value
        except (ValueError, OverflowError, TypeError):
            shown = str(node.value)
            shown = repr(shown) if len(shown) <= 40 else repr(shown[:37] + "...")
            raise LoadError(
                loader.source_rel, node.start_mark.line + 1, f"{shown} {what}"
            ) from None

    return guarded


def _check_bounds(rel: str, root: Node) -> None:
    """Depth of the node graph, and the nodes its aliases add. Nodes are met
    in document order, so a node met again is an alias of one already
    measured: it adds its whole expanded size, and its height to the depth."""
    import yaml

    scalar = yaml.ScalarNode
    size: dict[int, int] = {}  # collection -> nodes, aliases expanded
    height: dict[int, int] = {}  # collection -> levels, aliases expanded
    seen: set[int] = set()
    added = 0
    stack: list[tuple[Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(1 if c.__class__ is scalar else size[id(c)] for c in kids)
            height[key] = 1 + max(
                (height[id(c)] for c in kids if c.__class__ is not scalar), default=0
            )
            continue
        if key in seen:  # an alias of a collection
            if key not in size:
                raise LoadError(rel, node.start_mark.line + 1, "an alias refers to its own parent")
            added += size[key]
            if depth + height[key] - 1 > MAX_DEPTH:
                raise LoadError(
                    rel, node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels"
                )
        else:
            if depth > MAX_DEPTH:
                raise LoadError(
                    rel, node.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels"
                )
            seen.add(key)
            if node.__class__ is not scalar:
                stack.append((node, depth, True))
                for child in reversed(_children(node)):
                    if child.__class__ is not scalar:
                        stack.append((child, depth + 1, False))
                    elif id(child) in seen:
                        added += 1  # an alias of a scalar
                    else:
                        seen.add(id(child))
        if added > MAX_EXPANSION:
            raise LoadError(
                rel,
                node.start_mark.line + 1,
                f"aliases expand to more than {MAX_EXPANSION} extra nodes (alias bomb?)",
            )


def _children(node: Node) -> list[Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _construct(loader: _Loader, rel: str, node: Node) -> Any:
    _check_bounds(rel, node)
    return loader.construct_document(node)


def _parse(text: str, rel: str, stream: bool) -> list[Any]:
    """The documents of `text`: exactly one (or none) unless `stream`."""
    import yaml

    loader = _loader_class()(text)
    loader.source_rel = rel
    collecting = gc.isenabled()
    gc.disable()
    try:
        if not stream:
            node = loader.get_single_node()
            return [] if node is None else [_construct(loader, rel, node)]
        docs = []
        while loader.check_node():
            node = loader.get_node()
            assert node is not None  # check_node() said a document follows
            docs.append(_construct(loader, rel, node))
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
    except (ValueError, OverflowError, TypeError) as err:
        raise LoadError(
            rel, None, f"invalid YAML: a value cannot be read ({type(err).__name__})"
        ) from None
    finally:
        loader.dispose()
        if collecting:
            gc.enable()


def load_yaml_text(text: str, rel: str) -> Any:
    """Parse one YAML document from text; the empty document is None."""
    docs = _parse(text, rel, stream=False)
    return docs[0] if docs else None


def load_yaml_stream(text: str, rel: str) -> list[Any]:
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
