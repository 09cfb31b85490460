"""Shell scripts (workflow `run:` blocks, Justfile recipe bodies, scripts),
parsed by tree-sitter-bash into the simple commands they run.

Each `Command` carries its argv words, the line it starts on and the command
piped into it. Words keep whether they are literal: `"$X"`, `$(...)` and
`${{ ... }}` placeholders are not. Wrappers that run their arguments as a
command (`env`, `sudo`, `timeout`, `nix develop -c`, `xargs`, ...) are
unwrapped, and `bash -c '...'` strings and heredocs fed to a shell are parsed
as scripts too. Commands inside `$(...)`, conditions, loops and functions
count like any other; heredoc bodies given to other programs are data.

This is the one shell parser of the package: `Tree` is the parse tree with
its words, commands and assignments (what the core-checkout checks read),
`parse_script` the unwrapped commands (what the operator-surface guards read),
and `loaders.comments` finds shell comments in the same tree.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

Node = Any  # tree_sitter.Node

SHELLS = frozenset({"bash", "sh", "dash", "zsh", "ksh"})
MAX_NESTING = 4  # bash -c "bash -c '...'" levels followed

# Wrappers: the options that take a value before the wrapped command.
_WRAPPERS: dict[str, frozenset[str]] = {
    "env": frozenset({"-u", "--unset", "-C", "--chdir", "-S", "--split-string"}),
    "sudo": frozenset({"-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U", "-T"}),
    "doas": frozenset({"-u", "-C"}),
    "command": frozenset(),
    "builtin": frozenset(),
    "exec": frozenset({"-a"}),
    "nohup": frozenset(),
    "time": frozenset({"-f", "-o"}),
    "nice": frozenset({"-n", "--adjustment"}),
    "ionice": frozenset({"-c", "-n", "-p"}),
    "stdbuf": frozenset({"-i", "-o", "-e"}),
    "chronic": frozenset(),
    "xargs": frozenset({"-I", "-i", "-n", "-P", "-L", "-l", "-d", "-E", "-e", "-s", "-a"}),
    "timeout": frozenset({"-s", "--signal", "-k", "--kill-after"}),
}
_POSITIONAL = {"timeout": 1}
# Nodes that hold no command, and the text that shows a word may hold one.
_LEAVES = frozenset(
    {"word", "raw_string", "number", "comment", "variable_name", "heredoc_body",
     "string_content", "ansi_c_string", "file_descriptor", "regex", "heredoc_start"}
)  # fmt: skip
_SUBSTITUTES = re.compile(rb"\$\(|`|<\(|>\(")
_EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)  # GitHub's ${{ ... }}
_PLACEHOLDER_MARK = "__GHX"
_PLACEHOLDER = _PLACEHOLDER_MARK + "{}__"


@dataclass(frozen=True)
class Word:
    text: str  # the value when literal, else the source text
    literal: bool


@dataclass(frozen=True)
class Command:
    words: tuple[Word, ...]  # argv, wrappers removed
    line: int
    upstream: Command | None = field(default=None, compare=False)  # piped into this one

    @property
    def argv(self) -> tuple[str, ...]:
        return tuple(w.text for w in self.words)

    @property
    def name(self) -> str | None:
        """The program's base name, or None when it is not literal."""
        if not self.words or not self.words[0].literal:
            return None
        return self.words[0].text.rsplit("/", 1)[-1]


@dataclass
class Script:
    commands: list[Command] = field(default_factory=list)
    error_lines: list[int] = field(default_factory=list)  # where the parser gave up


@dataclass(frozen=True)
class Simple:
    """A simple command as the tree has it: its words unquoted, not unwrapped."""

    words: tuple[str, ...]
    line: int  # 0-based, within the text


@functools.cache
def _parser() -> Any:
    import tree_sitter_bash
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_bash.language()))


class Tree:
    """One parsed text. With `github`, each `${{ ... }}` (which GitHub
    substitutes before the shell runs) is first replaced by a placeholder
    word (`expressions` maps it back; lines are kept), and words holding one
    are not literal."""

    def __init__(self, text: str, github: bool = False):
        self.expressions: dict[str, str] = {}

        def hide(match: re.Match[str]) -> str:
            word = _PLACEHOLDER.format(len(self.expressions))
            self.expressions[word] = " ".join(match.group(1).split())
            return word + "\n" * match.group(0).count("\n")

        shown = _EXPRESSION.sub(hide, text) if github else text
        self.source = shown.encode("utf-8", "surrogateescape")
        self.root = _parser().parse(self.source).root_node

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def shown(self, text: str) -> str:
        """`text` with each placeholder back as the `${{ ... }}` it stands for."""
        for word, expr in self.expressions.items():
            text = text.replace(word, "${{ " + expr + " }}")
        return text

    def word(self, node: Node, resolve: Callable[[str], str | None] | None = None) -> str:
        """A word's value with quotes removed; `$X`/`${X}` resolved when `resolve` knows X."""
        kind = node.type
        if kind in ("word", "number"):
            return _unescape(self.text(node))
        if kind == "raw_string":
            return self.text(node)[1:-1]
        if kind == "ansi_c_string":
            return self.text(node)[2:-1]
        if kind in ("simple_expansion", "expansion"):
            names = [c for c in node.named_children if c.type == "variable_name"]
            plain = len(node.named_children) == 1 and names
            value = resolve(self.text(names[0])) if plain and resolve else None
            return value if value is not None else self.text(node)
        if kind in ("string", "concatenation"):
            parts, cursor = [], node.start_byte + (1 if kind == "string" else 0)
            for child in node.named_children:
                parts.append(self.source[cursor : child.start_byte].decode("utf-8", "replace"))
                parts.append(self.word(child, resolve))
                cursor = child.end_byte
            end = node.end_byte - (1 if kind == "string" else 0)
            parts.append(self.source[cursor:end].decode("utf-8", "replace"))
            return "".join(parts)
        return self.text(node)

    def literal(self, node: Node) -> bool:
        """Is the word's value known before the shell runs (no expansion, no substitution)?"""
        kind, raw = node.type, self.text(node)
        if self.expressions and _PLACEHOLDER_MARK in raw:
            return False
        if kind in ("word", "number"):
            return "$" not in raw and "`" not in raw
        if kind == "raw_string":
            return True
        if kind == "ansi_c_string":
            return "\\" not in raw
        if kind in ("string", "concatenation"):
            inner = [c for c in node.named_children if c.type != "string_content"]
            return all(self.literal(c) for c in inner) and (
                kind == "string" or bool(node.named_children)
            )
        return False

    def argument(self, node: Node) -> Word:
        """The word's value when literal, else its source text."""
        literal = self.literal(node)
        return Word(self.word(node) if literal else self.shown(self.text(node)), literal)

    def walk(self, node: Node | None = None) -> Iterator[Node]:
        """`node`'s subtree (the whole tree by default) in document order."""
        if node is None:
            return iter(self._nodes)
        return self._walk(node)

    @functools.cached_property
    def _nodes(self) -> list[Node]:
        """Every node, listed on the first walk of the whole tree: checks
        walk it more than once (assignments, then commands)."""
        return list(self._walk(self.root))

    @staticmethod
    def _walk(node: Node) -> Iterator[Node]:
        stack = [node]
        while stack:
            current = stack.pop()
            yield current
            stack.extend(reversed(current.children))

    def commands(self) -> Iterator[Simple]:
        """Every simple command, including those inside substitutions."""
        for node in self.walk():
            if node.type == "command":
                yield Simple(self.command_words(node), node.start_point[0])

    def command_words(self, node: Node) -> tuple[str, ...]:
        name = node.child_by_field_name("name")
        args = node.children_by_field_name("argument")
        return tuple(self.word(n) for n in ([name] if name else []) + list(args))

    def assignments(self) -> Iterator[tuple[str, Node | None, int]]:
        """(name, value node, byte offset) of every assignment, in order."""
        for node in self.walk():
            if node.type == "variable_assignment":
                name = node.child_by_field_name("name")
                if name is not None:
                    yield self.text(name), node.child_by_field_name("value"), node.start_byte


def tree(text: str, github: bool = False) -> Tree:
    """`text` parsed (see `Tree`)."""
    return Tree(text, github)


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "\\" and i + 1 < len(raw):
            i += 1
        out.append(raw[i])
        i += 1
    return "".join(out)


def _unwrap(words: list[Word]) -> list[Word]:
    """Drop leading wrappers (and `VAR=value` words after `env`)."""
    for _ in range(8):
        if not words or not words[0].literal:
            return words
        name = words[0].text.rsplit("/", 1)[-1]
        if name == "nix" and len(words) > 1 and words[1].text in ("develop", "shell"):
            flags = [i for i, w in enumerate(words) if w.text in ("-c", "--command")]
            if not flags:
                return words
            words = words[flags[0] + 1 :]
            continue
        if name in ("k3s", "microk8s") and len(words) > 1 and words[1].text == "kubectl":
            return [Word("kubectl", True), *words[2:]]
        if name not in _WRAPPERS:
            return words
        takes_value, rest, positional = _WRAPPERS[name], words[1:], _POSITIONAL.get(name, 0)
        while rest:
            text = rest[0].text
            if text == "--":
                rest = rest[1:]
                break
            if text.startswith("-") and len(text) > 1:
                rest = rest[2:] if text in takes_value else rest[1:]
            elif name == "env" and "=" in text:
                rest = rest[1:]
            elif positional:
                positional, rest = positional - 1, rest[1:]
            else:
                break
        words = rest
    return words


def _argv(tree: Tree, node: Node) -> list[Word]:
    """The words of a `command` node, wrappers removed."""
    words: list[Word] = []
    for index, child in enumerate(node.children):
        if child.type == "command_name":
            words.extend(tree.argument(c) for c in child.named_children)
        elif node.field_name_for_child(index) == "argument":
            words.append(tree.argument(child))
    return _unwrap(words)


class _Walker:
    def __init__(self, tree: Tree, first_line: int, depth: int):
        self.tree = tree
        self.first_line = first_line
        self.depth = depth
        self.script = Script()
        self.seen: set[int] = set()

    def line(self, node: Any) -> int:
        return int(node.start_point[0]) + self.first_line

    def walk(self, root: Any) -> None:
        stack = [root]
        while stack:
            node = stack.pop()
            if node.type == "ERROR" or node.is_missing:
                self.script.error_lines.append(self.line(node))
            kind = node.type
            if kind == "pipeline":
                self.pipeline(node)
            elif kind == "command":
                self.command(node, None)
                # Only words holding a substitution can hold more commands.
                stack.extend(c for c in reversed(node.children) if _SUBSTITUTES.search(c.text))
                continue
            elif kind == "redirected_statement":
                self.fed_to_shell(node)
            if kind not in _LEAVES:
                stack.extend(reversed(node.children))

    def pipeline(self, node: Any) -> None:
        upstream: Command | None = None
        for child in node.children:
            target = child
            if child.type == "redirected_statement":
                body = child.child_by_field_name("body")
                target = body if body is not None else child
            if target.type == "command":
                upstream = self.command(target, upstream)
            elif child.type not in ("|", "|&"):
                upstream = None

    def command(self, node: Any, upstream: Command | None) -> Command | None:
        if node.id in self.seen:
            return None
        self.seen.add(node.id)
        words = _argv(self.tree, node)
        if not words:
            return upstream
        command = Command(tuple(words), self.line(node), upstream)
        self.script.commands.append(command)
        self.nested_shell(command, node)
        return command

    def nested_shell(self, command: Command, node: Any) -> None:
        """`bash -c 'script'`: the string is a script as well."""
        if command.name not in SHELLS or self.depth >= MAX_NESTING:
            return
        argv = command.words
        for i, word in enumerate(argv[1:-1], 1):
            if word.text == "-c" or (word.text.startswith("-") and word.text.endswith("c")):
                script = argv[i + 1]
                if script.literal:
                    self.nest(script.text, command.line)
                return

    def fed_to_shell(self, node: Any) -> None:
        """`bash <<'EOF' ... EOF`: the heredoc is the shell's script."""
        body = node.child_by_field_name("body")
        if body is None or body.type != "command":
            return
        words = _argv(self.tree, body)
        name = words[0].text.rsplit("/", 1)[-1] if words and words[0].literal else None
        if name not in SHELLS or self.depth >= MAX_NESTING:
            return
        for child in node.children:
            for part in child.named_children if child.type == "heredoc_redirect" else ():
                if part.type == "heredoc_body":
                    self.nest(self.tree.text(part), self.line(part))

    def nest(self, text: str, line: int) -> None:
        inner = parse_script(text, line, self.depth + 1, bool(self.tree.expressions))
        self.script.commands.extend(inner.commands)
        self.script.error_lines.extend(inner.error_lines)


def parse_script(text: str, first_line: int = 1, depth: int = 0, github: bool = False) -> Script:
    """The commands of shell `text` whose first line is `first_line`; with
    `github`, `${{ ... }}` are non-literal words (see `Tree`)."""
    parsed = Tree(text, github)
    walker = _Walker(parsed, first_line, depth)
    walker.walk(parsed.root)
    walker.script.commands.sort(key=lambda c: c.line)
    return walker.script


def commands(text: str, first_line: int = 1) -> Iterator[Command]:
    yield from parse_script(text, first_line).commands
