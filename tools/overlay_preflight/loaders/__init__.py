"""Loaders: one module per file kind, one shared error type.

A loader turns a file into typed data carrying source line numbers, or raises
`LoadError` naming the file and line. Loaders import their parser library
inside the load function so that `overlay-preflight --help` and `rules`
import no parser.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Structured configuration files larger than this are refused unread: no real
# overlay file comes near it, and a hostile one must not cost memory or time.
MAX_CONFIG_BYTES = 4 * 1024 * 1024


class LoadError(Exception):
    """A file that cannot be read or parsed (or is absent: `missing`); names
    the file and line. Also the value a failed load leaves behind."""

    def __init__(self, path: str, line: int | None, message: str, *, missing: bool = False):
        super().__init__(f"{path}:{line or 1}: {message}")
        self.path = path
        self.line = line
        self.message = message
        self.missing = missing


@dataclass(frozen=True)
class Source:
    """A file on disk and the path findings show for it."""

    path: Path
    rel: str

    @classmethod
    def under(cls, root: Path, path: Path | str) -> Source:
        path = Path(path)
        full = path if path.is_absolute() else root / path
        try:
            rel = full.relative_to(root).as_posix()
        except ValueError:
            rel = Path(os.path.relpath(full, root)).as_posix()
        return cls(full, rel)


def read_bytes(src: Source, limit: int = MAX_CONFIG_BYTES) -> bytes:
    """Read a file defensively: no directories, no huge files."""
    try:
        if src.path.is_dir():
            raise LoadError(src.rel, None, "is a directory, expected a file")
        size = src.path.stat().st_size
        if size > limit:
            raise LoadError(src.rel, None, f"file is {size} bytes, over the {limit}-byte limit")
        with open(src.path, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        missing = not src.path.is_symlink()  # a dangling link is there, but broken
        raise LoadError(src.rel, None, "file not found", missing=missing) from None
    except OSError as err:
        raise LoadError(src.rel, None, f"cannot read: {err.strerror}") from None


def read_text(src: Source, limit: int = MAX_CONFIG_BYTES) -> str:
    """Read a UTF-8 text file; binary or non-UTF-8 content is a LoadError."""
    data = read_bytes(src, limit)
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise LoadError(src.rel, line, "binary content (NUL byte), expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(src.rel, line, "not valid UTF-8 text") from None
    return text.removeprefix("\ufeff")


def attempt(loader: Callable[[Source], T], src: Source) -> tuple[T | None, LoadError | None]:
    """Load `src`; a failure is returned as a value, never raised."""
    try:
        return loader(src), None
    except LoadError as err:
        return None, err
