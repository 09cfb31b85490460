"""Justfile: parsed by `just` itself (`just --dump --dump-format json`).

The PyPI package rust-just ships the real binary into the same environment,
so the Justfile is read by the grammar that will run it. Values that are
expressions (calls, concatenations) are kept as `None` with their kind.

`just` follows `import` and `mod` to any path, and has no switch to stop it;
so before it runs, `outside_import` looks at those items (top-level lines
that start with the keyword) and refuses a Justfile whose imports lead out of
its directory, through a symlink or to something that is not a regular file.
A path it cannot judge (an escape sequence, a shell-expanded `x'...'`) is
refused the same way: the overlay never gets just to read a file for it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


def _assignment_lines(lines: list[str]) -> dict[str, int]:
    """The first line of each name's assignment (`name :=`, `export name :=`)."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        words = line.replace(":=", " := ").split()
        if ":=" not in words[:3]:
            continue
        found.setdefault(words[0], number)
        if words[0] == "export" and len(words) > 1:
            found.setdefault(words[1], number)
    return found


_HEADER_END = (" ", ":", "\t")
_HEADER_END_RE = re.compile(r"[ :\t]")


def _header_lines(lines: list[str]) -> dict[str, int]:
    """The line of each recipe header: a name at column 0 (after an optional
    `@`), then parameters or `:`, and not an assignment (`:=`). Built once:
    a name is what precedes the first blank or colon, so every header of a
    Justfile is found in one pass over its lines."""
    found: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        if line[:1] in ("", " ", "\t"):
            continue  # a body line (or blank): no name at column 0
        head = line.removeprefix("@")
        end = _HEADER_END_RE.search(head)
        if end is None or head[end.start() :].lstrip().startswith(":="):
            continue
        found.setdefault(head[: end.start()], number)
    return found


def _header_line(lines: list[str], name: str) -> int | None:
    """The line of `name`'s header: the name at column 0, then parameters or
    `:` (the slow path, for a name that itself holds a blank or a colon)."""
    for number, line in enumerate(lines, 1):
        head = line.removeprefix("@")
        if head.startswith(name) and head[len(name) : len(name) + 1] in _HEADER_END:
            rest = head[len(name) :].lstrip()
            if not rest.startswith(":="):
                return number
    return None


def _recipe(item: dict[str, Any], lines: list[str], headers: dict[str, int]) -> Recipe:
    # List comprehensions, not generators: a Justfile may have 40,000 recipes.
    body = tuple(
        tuple(
            [
                ("text", part) if isinstance(part, str) else ("interpolation", json.dumps(part))
                for part in fragments
            ]
        )
        for fragments in item.get("body") or []
    )
    parameters = tuple(
        [
            (str(p.get("name")), str(p.get("kind")), p.get("default") is not None)
            for p in item.get("parameters") or []
        ]
    )
    attributes = tuple(
        [a if isinstance(a, str) else json.dumps(a) for a in item.get("attributes") or []]
    )
    name = str(item.get("name"))
    if name and _HEADER_END_RE.search(name) is None:
        line = headers.get(name)
    else:
        line = _header_line(lines, name)
    return Recipe(name, line, body, bool(item.get("shebang")), attributes, parameters)


_JUSTFILE_NAMES = ("justfile", ".justfile")
_MAX_IMPORT_DEPTH = 16


def _quoted(rest: str) -> str | None:
    """The path of a plain quoted string at the start of `rest`, else None."""
    rest = rest.strip()
    if len(rest) < 2 or rest[0] not in "'\"" or rest.startswith(("'''", '"""')):
        return None
    end = rest.find(rest[0], 1)
    path = rest[1:end] if end > 0 else None
    return None if path is None or (rest[0] == '"' and "\\" in path) else path


def _items(text: str) -> Iterator[tuple[int, str, str | None]]:
    """(line, "import" | "mod", path or None) of each top-level item; a mod
    without a path gives its name prefixed with "mod:"."""
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line[0].isspace():
            continue
        words = line.split(None, 1)
        head, rest = words[0], (words[1] if len(words) > 1 else "")
        if head == "import" and rest.startswith("?"):
            head, rest = "import?", rest[1:]
        if head in ("import", "import?"):
            yield number, "import", _quoted(rest)
        elif head in ("mod", "mod?"):
            parts = rest.split(None, 1)
            if not parts:
                continue
            target = _quoted(parts[1]) if len(parts) > 1 and not parts[1].startswith("#") else None
            if target is None and (len(parts) == 1 or parts[1].startswith("#")):
                target = "mod:" + parts[0]
            yield number, "mod", target


def _mod_files(folder: Path, name: str) -> list[Path]:
    found = [folder / f"{name}.just"]
    sub = folder / name
    if sub.is_dir() and not sub.is_symlink():
        found += [p for p in sub.iterdir() if p.name.lower() in (*_JUSTFILE_NAMES, "mod.just")]
    return [p for p in found if os.path.lexists(p)]


def outside_import(path: Path, base: Path, depth: int = 0) -> int | None:
    """The line of the first import/mod item of the Justfile at `path` (or
    of a file it imports) that leads outside `base` or to no regular file;
    None when every one stays inside."""
    from ..discovery import inside

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # read_text reported it already, or just will
    for line, _kind, target in _items(text):
        if target is None or depth >= _MAX_IMPORT_DEPTH:
            return line
        if target.startswith("mod:"):
            files = _mod_files(path.parent, target[4:])
        else:
            files = [path.parent / target]
            if not os.path.lexists(files[0]):
                continue  # just reports a missing import itself
        for file in files:
            if not inside(base, file) or not file.is_file():
                return line
            if outside_import(file, base, depth + 1) is not None:
                return line
    return None


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
    escape = outside_import(src.path, src.path.parent)
    if escape is not None:
        raise LoadError(
            src.rel,
            escape,
            "an import or mod leads outside the Justfile's directory, to something that is "
            "not a regular file, or to a path that cannot be judged; just is not run on it",
        )
    try:
        proc = _run_just(binary, src)
    except (OSError, subprocess.SubprocessError) as err:
        raise LoadError(
            src.rel, None, f"cannot parse: just did not run ({type(err).__name__})"
        ) from None
    if proc.returncode != 0:
        line, what = _error_line(proc.stderr, src.rel)
        raise LoadError(src.rel, line, f"invalid Justfile: {what}")
    try:
        dump = json.loads(proc.stdout)
    except ValueError:
        raise LoadError(src.rel, None, "cannot parse: just printed no JSON dump") from None
    result = Justfile(src.rel, recipes=sorted(dump.get("recipes", {})))
    lines = text.splitlines()
    headers = _header_lines(lines)
    for name, item in dump.get("recipes", {}).items():
        if isinstance(item, dict):
            result.recipe_details[name] = _recipe(item, lines, headers)
    for name, item in dump.get("aliases", {}).items():
        if isinstance(item, dict) and isinstance(item.get("target"), str):
            result.aliases[name] = item["target"]
    assigned = _assignment_lines(lines)
    for name, item in dump.get("assignments", {}).items():
        value = item.get("value")
        result.assignments[name] = Assignment(
            name,
            value if isinstance(value, str) else None,
            assigned.get(name),
            () if isinstance(value, str) else _literals(value),
        )
    return result


def _run_just(binary: str, src: Source) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
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
