"""The `#` comments of an overlay file, found by each format's own tokenizer:
YAML by ruamel.yaml's scanner (plus the shell comments inside literal
`run: |` blocks), HCL by tree-sitter-hcl (the parser the tfvars loader
uses), Starlark by Python's `tokenize` (Starlark's tokens are Python's), and
Justfiles and shell scripts by tree-sitter-bash (a Justfile's comments and
quotes follow the shell's: `#` outside '...', "..." and `...` ends the line,
and recipe bodies are shell). A `#` inside a string is never a comment.

A file that does not tokenize has no comments here; its loader reports it.
"""

from __future__ import annotations

import io
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

YAML, HCL, STARLARK, JUSTFILE, SHELL = "yaml", "hcl", "starlark", "justfile", "shell"
_STARLARK_NAMES = ("MODULE.bazel", "BUILD", "BUILD.bazel", "WORKSPACE", "WORKSPACE.bazel")
_SHELL_PROGRAMS = ("sh", "bash", "dash", "ksh", "zsh")
SCRIPT_KEYS = ("run",)  # YAML keys whose literal block is a shell script


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based
    column: int  # 0-based, where `#` starts
    text: str  # from `#` to the end of the line
    own_line: bool  # nothing but blanks before it on its line


def kind_of(rel: str, text: str = "") -> str | None:
    """The comment syntax of a file, by name (and a shell shebang); None: not one of ours."""
    name = posixpath.basename(rel)
    if name.endswith((".yml", ".yaml")):
        return YAML
    if name.endswith((".tf", ".tfvars", ".hcl", ".tofu")):
        return HCL
    if name in _STARLARK_NAMES or name.endswith((".bzl", ".bazel", ".star")):
        return STARLARK
    if name in ("Justfile", "justfile", ".justfile") or name.endswith(".just"):
        return JUSTFILE
    if name.endswith((".sh", ".bash")):
        return SHELL
    first = text.split("\n", 1)[0]
    if first.startswith("#!"):
        words = first[2:].split()
        if words and posixpath.basename(words[0]) == "env":
            words = [w for w in words[1:] if not w.startswith("-")]
        if words and posixpath.basename(words[0]) in _SHELL_PROGRAMS:
            return SHELL
    return None


def comments(rel: str, text: str) -> list[Comment]:
    """Every `#` comment of `text` (a file named `rel`), by line."""
    kind = kind_of(rel, text)
    scan = {YAML: _yaml, HCL: _hcl, STARLARK: _starlark, JUSTFILE: _shell, SHELL: _shell}
    if kind is None:
        return []
    lines = text.split("\n")
    found: dict[tuple[int, int], Comment] = {}
    for line, column in scan[kind](text):
        if 1 <= line <= len(lines) and lines[line - 1][column : column + 1] == "#":
            here = lines[line - 1]
            found[(line, column)] = Comment(
                line, column, here[column:].rstrip("\r"), not here[:column].strip()
            )
    return [found[k] for k in sorted(found)]


def _locate(lines: list[str], line: int, text: str, start: int = 0) -> int:
    """The column of `text` on 1-based `line` (from `start`), or -1."""
    return lines[line - 1].find(text.rstrip(), start) if 1 <= line <= len(lines) else -1


def _yaml(text: str) -> Iterator[tuple[int, int]]:
    from ruamel.yaml import YAML as RoundTrip
    from ruamel.yaml.error import YAMLError

    lines = text.split("\n")
    try:
        tokens = list(RoundTrip().scan(text))
    except (YAMLError, RecursionError, ValueError):
        return
    key, after_key = None, False
    for token in tokens:
        for part in _comment_tokens(getattr(token, "comment", None)):
            first = part.start_mark.line + 1
            for offset, piece in enumerate(part.value.split("\n")):
                if piece.strip().startswith("#"):
                    column = part.start_mark.column if offset == 0 else -1
                    if column < 0:
                        column = _locate(lines, first + offset, piece.strip())
                    yield first + offset, column
        name = type(token).__name__
        if name == "ScalarToken":
            style = getattr(token, "style", None)
            if after_key and key in SCRIPT_KEYS and style == "|":
                yield from _block_script(lines, token.start_mark.line + 2, token.value)
            key = token.value if not after_key else None
        after_key = name == "ValueToken"


def _comment_tokens(value: object) -> Iterator[Any]:
    if isinstance(value, list):
        for item in value:
            yield from _comment_tokens(item)
    elif value is not None and hasattr(value, "value") and hasattr(value, "start_mark"):
        yield value


def _block_script(lines: list[str], first: int, script: str) -> Iterator[tuple[int, int]]:
    """Shell comments of a literal block whose first line is `first` (its
    lines are the file's, less the block's indentation)."""
    rows = script.split("\n")
    for row, column in _shell(script):
        line = first + row - 1
        if 1 <= line <= len(lines):
            yield line, len(lines[line - 1]) - len(rows[row - 1]) + column


def _shell(text: str) -> Iterator[tuple[int, int]]:
    """(line, character column) of each comment node of tree-sitter-bash."""
    from .shell import tree

    parsed = tree(text)
    rows = parsed.source.split(b"\n")
    for node in parsed.walk():
        if node.type == "comment":
            row, byte = node.start_point
            yield row + 1, len(rows[row][:byte].decode("utf-8", "replace"))


def _hcl(text: str) -> Iterator[tuple[int, int]]:
    """(line, character column) of each comment node of tree-sitter-hcl
    (`#`, `//` and `/* */` alike; the caller keeps the `#` ones)."""
    from .hcl import nodes, tree

    data = text.encode("utf-8", "surrogateescape")
    root = tree(data)
    if root.has_error:
        return
    rows = data.split(b"\n")
    for node in nodes(root):
        if node.type == "comment":
            row, byte = node.start_point
            yield row + 1, len(rows[row][:byte].decode("utf-8", "replace"))


def _starlark(text: str) -> Iterator[tuple[int, int]]:
    import tokenize

    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                yield token.start
    except (tokenize.TokenError, SyntaxError, RecursionError):
        return
