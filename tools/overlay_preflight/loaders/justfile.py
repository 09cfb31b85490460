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


@dataclass
class Justfile:
    rel: str
    assignments: dict[str, Assignment] = field(default_factory=dict)
    recipes: list[str] = field(default_factory=list)


def just_binary() -> str | None:
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


def load_justfile(src: Source) -> Justfile:
    text = read_text(src)
    binary = just_binary()
    if binary is None:
        raise LoadError(
            src.rel, None, "cannot parse: the `just` binary (PyPI rust-just) is missing"
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
    for name, item in dump.get("assignments", {}).items():
        value = item.get("value")
        result.assignments[name] = Assignment(
            name,
            value if isinstance(value, str) else None,
            _find_line(text, name),
            () if isinstance(value, str) else _literals(value),
        )
    return result
