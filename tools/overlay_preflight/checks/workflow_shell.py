"""Workflow shell scripts (`run:`), read by the shell loader
(`loaders.shell`, tree-sitter-bash): whether a script asserts that a
checkout's HEAD is a pinned ref (a `git rev-parse HEAD` compared with the
ref, failing the step on a mismatch), and which `shell:` runs it. GitHub
expressions (`${{ ... }}`) are placeholder words, since GitHub substitutes
them before the shell runs.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..loaders.shell import Node, Simple, Tree, tree

_NESTED = {
    "subshell",
    "function_definition",
    "command_substitution",
    "if_statement",
    "case_statement",
    "while_statement",
    "for_statement",
    "c_style_for_statement",
}
Script = Tree  # a parsed `run:` script
Command = Simple  # a simple command: its words and 0-based line


def parse(text: str) -> Tree:
    """A `run:` script, its GitHub expressions hidden (`Tree.expressions`)."""
    return tree(text, github=True)


def is_shell(shell: object) -> bool:
    """A `shell:` that runs the script with bash or sh (unset: bash)."""
    if shell is None:
        return True
    return isinstance(shell, str) and shell.split()[0] in ("bash", "sh") if shell else False


def errexit(shell: object) -> bool:
    """GitHub runs bash and sh with -e; a custom command only when it says so."""
    if shell is None or shell in ("bash", "sh"):
        return True
    words = str(shell).split()
    return any(w.startswith("-") and not w.startswith("--") and "e" in w for w in words[1:])


@dataclass(frozen=True)
class Pin:
    """What a HEAD assertion compares: the checkout's directory (relative to
    the workspace) and the ref, as variable names and literal values."""

    directory: str
    names: frozenset[str]
    literals: frozenset[str]


def _norm(path: str) -> str:
    for prefix in ("${GITHUB_WORKSPACE}/", "$GITHUB_WORKSPACE/"):
        path = path.removeprefix(prefix)
    return posixpath.normpath(path or ".")


class _Judge:
    """Does `script` fail unless `git rev-parse HEAD` of the pinned directory equals the ref?"""

    def __init__(self, script: Script, pin: Pin, workdir: str):
        self.s, self.pin, self.workdir = script, pin, _norm(workdir)
        self.head_vars: set[str] = set()

    def _head_command(self, node: Node, cwd: str) -> bool:
        for child in self.s.walk(node):
            if child.type != "command":
                continue
            words = self.s.command_words(child)
            if not words or words[0] != "git":
                continue
            where, i = cwd, 1
            while i < len(words) and words[i].startswith("-"):
                if words[i] in ("-C", "-c") and i + 1 < len(words):
                    if words[i] == "-C":
                        where = posixpath.join(where, words[i + 1])
                    i += 2
                else:
                    i += 1
            rest = words[i:]
            if rest[:1] == ("rev-parse",) and any(w.startswith("HEAD") for w in rest[1:]):
                return _norm(where) == _norm(self.pin.directory)
        return False

    def _mentions(self, node: Node, cwd: str) -> tuple[bool, bool]:
        head = ref = False
        for child in self.s.walk(node):
            if child.type == "command_substitution" and self._head_command(child, cwd):
                head = True
            elif child.type == "variable_name":
                name = self.s.text(child)
                head |= name in self.head_vars
                ref |= name in self.pin.names
        text = self.s.text(node)
        ref |= any(lit in text for lit in self.pin.literals)
        for word, expr in self.s.expressions.items():
            if word in text and expr.removeprefix("env.") in self.pin.names:
                ref = True
        return head, ref

    def _comparison(self, node: Node, cwd: str) -> bool | None:
        """For a test: True when it is true on a mismatch, False when on a
        match, None when it is no HEAD-vs-ref comparison."""
        negated = False
        while node.type in ("negated_command", "unary_expression") and node.named_children:
            negated = not negated
            node = node.named_children[0]
        if node.type == "test_command" and node.named_children:
            return self._comparison(node.named_children[0], cwd) if not negated else None
        if node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            operator = self.s.text(op) if op is not None else ""
            sides = [node.child_by_field_name("left"), node.child_by_field_name("right")]
            if operator not in ("=", "==", "!=") or None in sides:
                return None
            flip = any(s.type == "unary_expression" for s in sides)
            (h1, r1), (h2, r2) = (self._mentions(s, cwd) for s in sides)
            if (h1 and r2) or (h2 and r1):
                return (operator == "!=") != (negated != flip)
        if node.type == "command":
            words = self.s.command_words(node)
            if words[:1] == ("test",) and len(words) == 4 and words[2] in ("=", "==", "!="):
                (h1, r1), (h2, r2) = (
                    self._mentions(a, cwd) for a in node.children_by_field_name("argument")[::2]
                )
                if (h1 and r2) or (h2 and r1):
                    return (words[2] == "!=") != negated
        return None

    def _fails(self, nodes: list[Node]) -> bool:
        """Does one of `nodes` end the step with an error (`exit N`, N not 0; `false`)?"""
        for node in nodes:
            stack = [node]
            while stack:
                current = stack.pop()
                if current.type == "command":
                    words = self.s.command_words(current)
                    if words[:1] == ("false",) or (
                        words[:1] == ("exit",) and words[1:2] not in ((), ("0",))
                    ):
                        return True
                if current.type not in _NESTED or current is node:
                    stack.extend(current.named_children)
        return False

    def _if(self, node: Node, cwd: str) -> bool:
        condition = node.child_by_field_name("condition")
        polarity = self._comparison(condition, cwd) if condition is not None else None
        if polarity is None:
            return False
        body = [
            c
            for c in node.named_children
            if c is not condition and c.type not in ("elif_clause", "else_clause")
        ]
        if polarity:
            return self._fails(body)
        other = [c for c in node.named_children if c.type == "else_clause"]
        return bool(other) and self._fails(other[0].named_children)

    def verdict(self, errexit_on: bool) -> bool:
        cwd = self.workdir
        for node in self.s.root.named_children:
            if node.type == "command":
                words = self.s.command_words(node)
                if words[:1] == ("set",):
                    for flag in words[1:]:
                        if flag.startswith(("-", "+")) and "e" in flag and flag[1:2] != "-":
                            errexit_on = flag.startswith("-")
                    if "errexit" in words:
                        errexit_on = words[words.index("errexit") - 1] == "-o"
                elif words[:1] == ("cd",) and len(words) == 2:
                    cwd = posixpath.join(cwd, words[1])
            for child in self.s.walk(node):
                value = child.child_by_field_name("value")
                if child.type == "variable_assignment" and value and self._mentions(value, cwd)[0]:
                    self.head_vars.add(self.s.text(child.child_by_field_name("name")))
            if node.type == "if_statement" and self._if(node, cwd):
                return True
            if node.type == "list" and len(node.children) == 3:
                left, operator, right = node.children
                polarity = self._comparison(left, cwd)
                wanted = {"||": False, "&&": True}.get(operator.type)
                if polarity is not None and polarity == wanted and self._fails([right]):
                    return True
            bare = errexit_on and node.type in ("test_command", "command")
            if bare and self._comparison(node, cwd) is False:
                return True
        return False


def asserts_head(script: str, pin: Pin, workdir: str = ".", errexit_on: bool = True) -> bool:
    """True when `script` fails unless the checkout at `pin.directory` is at the pinned ref."""
    return _Judge(parse(script), pin, workdir).verdict(errexit_on)
