"""Prove that a YAML stream parses, without building it.

For YAML files that nothing else reads (Kubernetes manifests, CRDs, Helm
values), the hygiene scan only needs to know that each parses, has no
duplicate key and is no alias bomb. Walking libyaml's events does that in
constant memory: a 4 MB manifest costs its events, not the few hundred
megabytes a node graph of it would. Values are not constructed (YAML 1.2,
which Kubernetes reads, has no timestamps: `2024-02-30` is a string); keys
are, so that `1` and `0x1` are the same key, as a constructing loader sees.
"""

from __future__ import annotations

from typing import Any, NoReturn

from . import LoadError
from .yamlfile import MAX_DEPTH, MAX_EXPANSION, _loader_class

_MERGE = "tag:yaml.org,2002:merge"


class _Frame:
    """An open collection: the node count where it starts (its size is the
    count at its end less this), its levels so far (aliases expanded), and
    for a mapping its keys (key -> line) and whether a key comes next."""

    __slots__ = ("anchor", "expect_key", "height", "keys", "mapping", "start")

    def __init__(self, mapping: bool, anchor: str | None, start: int):
        self.mapping = mapping
        self.anchor = anchor
        self.start = start
        self.height = 1
        self.keys: dict[Any, int] = {}
        self.expect_key = mapping


def check_yaml_stream(text: str, rel: str) -> None:
    """LoadError naming the line of the first problem; None when it parses."""
    import yaml

    loader = _loader_class()(text)
    loader.source_rel = rel
    try:
        _walk(loader, rel)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = err.problem or err.context or "invalid YAML"
        raise LoadError(rel, mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as err:
        raise LoadError(rel, None, f"invalid YAML: {str(err).splitlines()[0]}") from None
    finally:
        loader.dispose()


def _walk(loader: Any, rel: str) -> None:
    """The events, in one loop: this is the hot path of a large file (a
    scalar, by far the most frequent event, is handled inline). `nodes`
    counts every node so far, aliases expanded: a collection's size is the
    count at its end less the count at its start."""
    import yaml

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    resolvers = loader.yaml_implicit_resolvers
    anchors: dict[str, tuple[int, int, Any]] = {}  # anchor -> size, height, key value
    stack: list[_Frame] = []
    top: _Frame | None = None  # stack[-1]
    added = nodes = 0
    get_event = loader.get_event
    # get_event() gives None once the stream has ended, like check_event() False.
    while (event := get_event()) is not None:
        kind = event.__class__
        if kind is scalar_event:
            key = None
            if top is not None:
                if top.expect_key:  # only a mapping expects a key
                    value = event.value
                    plain = event.tag is None and (
                        not event.implicit[0] or value[:1] not in resolvers
                    )
                    key = value if plain else _key_value(loader, event)
                    if key != "<<" and key is not None:
                        keys = top.keys
                        if key in keys:
                            _duplicate(rel, key, event.start_mark.line + 1, keys[key])
                        keys[key] = event.start_mark.line + 1
                    top.expect_key = False
                elif top.mapping:
                    top.expect_key = True
            nodes += 1
            if event.anchor is not None:
                anchors[event.anchor] = (1, 0, key)
        elif kind is mapping_start or kind is sequence_start:
            if top is not None and top.mapping:  # the value of a key (a key is refused)
                _key_is(stack, None, event.start_mark.line + 1, rel, collection=True)
            if len(stack) >= MAX_DEPTH:
                line = event.start_mark.line + 1
                raise LoadError(rel, line, f"nesting deeper than {MAX_DEPTH} levels")
            top = _Frame(kind is mapping_start, event.anchor, nodes)
            stack.append(top)
            nodes += 1
        elif kind in ends:
            done = stack.pop()
            top = stack[-1] if stack else None
            if done.anchor is not None:
                anchors[done.anchor] = (nodes - done.start, done.height, None)
            if top is not None and top.height <= done.height:
                top.height = done.height + 1
        elif kind is alias_event:
            line = event.start_mark.line + 1
            if event.anchor not in anchors:
                raise LoadError(rel, line, f"alias {event.anchor[:40]!r} refers to no anchor")
            size, height, key = anchors[event.anchor]
            _key_is(stack, key, line, rel, collection=height > 0)
            added += size
            nodes += size
            if added > MAX_EXPANSION:
                raise LoadError(
                    rel,
                    line,
                    f"aliases expand to more than {MAX_EXPANSION} extra nodes (alias bomb?)",
                )
            if len(stack) + height > MAX_DEPTH:
                raise LoadError(rel, line, f"nesting deeper than {MAX_DEPTH} levels")
            _child(stack, height)
        elif kind is yaml.DocumentEndEvent:
            anchors.clear()


def _duplicate(rel: str, key: Any, line: int, first: int) -> NoReturn:
    raise LoadError(rel, line, f"duplicate key {str(key)[:80]!r} (first at line {first})")


def _wants_key(stack: list[_Frame]) -> bool:
    return stack[-1].mapping and stack[-1].expect_key


def _key_value(loader: Any, event: Any) -> Any:
    """The constructed key, as a constructing loader would compare it."""
    import yaml

    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == "tag:yaml.org,2002:str":
        return event.value
    if tag == _MERGE:
        return "<<"
    construct = loader.yaml_constructors.get(tag)
    if construct is None:
        return (tag, event.value)  # an unknown tag: compared as written
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    value = construct(loader, node)  # not cached: keys are not kept
    try:
        hash(value)
    except TypeError:
        return (tag, event.value)
    return value


def _key_is(
    stack: list[_Frame], key: Any, line: int, rel: str, *, collection: bool = False
) -> None:
    """Record the next node of the innermost mapping: a key, or its value."""
    if not stack or not stack[-1].mapping:
        return
    frame = stack[-1]
    if frame.expect_key:
        if collection:
            raise LoadError(rel, line, "a mapping key that is a collection is not supported")
        if key != "<<" and key is not None:
            if key in frame.keys:
                _duplicate(rel, key, line, frame.keys[key])
            frame.keys[key] = line
    frame.expect_key = not frame.expect_key


def _child(stack: list[_Frame], height: int) -> None:
    if stack:
        stack[-1].height = max(stack[-1].height, height + 1)
