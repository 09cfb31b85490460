"""Justfile: parsed by `just` itself (`just --dump --dump-format json`).

The PyPI package rust-just ships the real binary into the same environment,
so the Justfile is read by the grammar that will run it. Values that are
expressions (calls, concatenations) are kept as `None` with their kind.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import LoadError, Source, read_text


@dataclass(frozen=True)
class Assignment:
    name: str
    value: str | None  # None when the value is an expression
    line: int | None
    literals: tuple[str, ...] = ()  # the string literals of an expression value


@dataclass(frozen=True)
class Recipe:
    """A recipe as `just` reads it: `body` is its lines with each `{{...}}`
    interpolation as a fragment of kind "interpolation"; `body_line` is the
    line of the first body line (`None` when the header was not found)."""

    name: str
    line: int | None
    body: tuple[tuple[tuple[str, str], ...], ...]  # lines of (kind, text) fragments
    shebang: bool
    attributes: tuple[str, ...]
    parameters: tuple[tuple[str, str, bool], ...]  # (name, kind, has default)

    @property
    def body_line(self) -> int | None:
        return None if self.line is None else self.line + 1


@dataclass
class Justfile:
    rel: str
    assignments: dict[str, Assignment] = field(default_factory=dict)
    recipes: list[str] = field(default_factory=list)
    recipe_details: dict[str, Recipe] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> recipe


#: The `just` to run, as a path; the Bazel rules set it to the declared tool.
JUST_ENV = "OVERLAY_PREFLIGHT_JUST"


def just_binary() -> str | None:
    """$OVERLAY_PREFLIGHT_JUST when set; never a search inside a Bazel test
    ($TEST_SRCDIR), where an undeclared tool would be a hidden input; else
    the `just` beside this Python (rust-just's venv), else on PATH."""
    given = os.environ.get(JUST_ENV)
    if given:
        return given if os.access(given, os.X_OK) else None
    if os.environ.get("TEST_SRCDIR"):
        return None
    beside = Path(sys.executable).parent / "just"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("just")


def _error_line(stderr: str, rel: str) -> tuple[int | None, str]:
    """just prints `error: <what>` and then `——▶ <file>:<line>:<col>`."""
    lines = stderr.splitlines()
    what = next((s for s in lines if s.startswith("error:")), "error: cannot parse")
    where = None
    for text in lines:
        if "▶" in text:
            tail = text.rsplit(":", 2)
            if len(tail) == 3 and tail[1].isdigit():
                where = int(tail[1])
                break
    return where, what.removeprefix("error:").strip()[:200]


def _literals(expression: object) -> tuple[str, ...]:
    """The strings of just's JSON expression tree (a list: operator, operands)."""
    if isinstance(expression, str):
        return (expression,)
    if isinstance(expression, list):
        return tuple(s for item in expression[1:] for s in _literals(item))
    return ()


def _find_line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        words = line.replace(":=", " := ").split()
        if words[:1] in ([name], ["export"]) and ":=" in words[:3] and name in words[:2]:
            return number
    return None


def _header_line(lines: list[str], name: str) -> int | None:
    """The line of `name`'s header: the name at column 0, then parameters or `:`."""
    for number, line in enumerate(lines, 1):
        head = line.removeprefix("@")
        if head.startswith(name) and head[len(name) : len(name) + 1] in (" ", ":", "\t"):
            rest = head[len(name) :].lstrip()
            if not rest.startswith(":="):
                return number
    return None


def _recipe(item: dict, lines: list[str]) -> Recipe:
    body = tuple(
        tuple(
            ("text", part) if isinstance(part, str) else ("interpolation", json.dumps(part))
            for part in fragments
        )
        for fragments in item.get("body") or []
    )
    parameters = tuple(
        (str(p.get("name")), str(p.get("kind")), p.get("default") is not None)
        for p in item.get("parameters") or []
    )
    attributes = tuple(
        a if isinstance(a, str) else json.dumps(a) for a in item.get("attributes") or []
    )
    name = str(item.get("name"))
    return Recipe(
        name, _header_line(lines, name), body, bool(item.get("shebang")), attributes, parameters
    )


def load_justfile(src: Source) -> Justfile:
    text = read_text(src)
    binary = just_binary()
    if binary is None:
        raise LoadError(
            src.rel,
            None,
            "cannot parse: the `just` binary (PyPI rust-just) is missing"
            + (f" (${JUST_ENV} is not executable)" if os.environ.get(JUST_ENV) else ""),
        )
    proc = subprocess.run(
        [
            binary,
            "--justfile",
            str(src.path),
            "--working-directory",
            str(src.path.parent),
            "--dump",
            "--dump-format",
            "json",
        ],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=30,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NO_COLOR": "1"},
        check=False,
    )
    if proc.returncode != 0:
        line, what = _error_line(proc.stderr, src.rel)
        raise LoadError(src.rel, line, f"invalid Justfile: {what}")
    dump = json.loads(proc.stdout)
    result = Justfile(src.rel, recipes=sorted(dump.get("recipes", {})))
    lines = text.splitlines()
    for name, item in dump.get("recipes", {}).items():
        if isinstance(item, dict):
            result.recipe_details[name] = _recipe(item, lines)
    for name, item in dump.get("aliases", {}).items():
        if isinstance(item, dict) and isinstance(item.get("target"), str):
            result.aliases[name] = item["target"]
    for name, item in dump.get("assignments", {}).items():
        value = item.get("value")
        result.assignments[name] = Assignment(
            name,
            value if isinstance(value, str) else None,
            _find_line(text, name),
            () if isinstance(value, str) else _literals(value),
        )
    return result
