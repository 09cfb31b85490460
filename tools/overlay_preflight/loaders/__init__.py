"""Loaders: one module per file kind, one shared error type.

A loader turns a file into typed data carrying source line numbers, or raises
`LoadError` naming the file and line. Loaders import their parser library
inside the load function so that `overlay-preflight --help` and `rules`
import no parser.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
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


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, expected a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), expected a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, expected a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, expected a file"
    return "is not a regular file"


def read_bytes(src: Source, limit: int = MAX_CONFIG_BYTES) -> bytes:
    """Read a file defensively: regular files only (a FIFO or a device is
    never read, so it cannot block or stream forever), no huge files. The
    file is opened without blocking and judged by what was opened."""
    try:
        fd = os.open(src.path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        missing = not src.path.is_symlink()  # a dangling link is there, but broken
        raise LoadError(src.rel, None, "file not found", missing=missing) from None
    except OSError as err:
        if err.errno == errno.ENXIO:  # a socket
            raise LoadError(src.rel, None, _kind(os.stat(src.path).st_mode)) from None
        raise LoadError(src.rel, None, f"cannot read: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(src.rel, None, _kind(info.st_mode))
        if info.st_size > limit:
            raise LoadError(
                src.rel, None, f"file is {info.st_size} bytes, over the {limit}-byte limit"
            )
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            return handle.read(limit + 1)
    except OSError as err:
        raise LoadError(src.rel, None, f"cannot read: {err.strerror}") from None
    finally:
        if fd >= 0:
            os.close(fd)


def read_text(src: Source, limit: int = MAX_CONFIG_BYTES) -> str:
    """Read a UTF-8 text file (UTF-16/32 with a BOM too, as YAML and JSON
    allow); binary or non-UTF-8 content is a LoadError."""
    data = read_bytes(src, limit)
    for bom, codec in _BOMS:
        if data.startswith(bom) and codec != "utf-8-sig":
            try:
                return data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                raise LoadError(src.rel, None, f"not valid {codec.upper()} text") from None
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise LoadError(src.rel, line, "binary content (NUL byte), expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise LoadError(src.rel, line, "not valid UTF-8 text") from None
    return text.removeprefix("\ufeff")


_SAMPLE = 64 * 1024
_CONTROL_BYTES = bytes(b for b in range(32) if chr(b) not in "\t\n\r\f\b\x1b")
BINARY_SHARE = 0.3  # more undecodable or control bytes than this: binary


def decode_text(data: bytes) -> str | None:
    """Any file's text for scanning (secrets, whitespace), or None when its
    content is binary. A BOM picks UTF-8/16/32; otherwise UTF-8, with each
    undecodable byte replaced, so Latin-1 or a stray NUL hides nothing. A
    file is binary when more than `BINARY_SHARE` of its first 64 KiB is
    undecodable bytes or control characters."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace").removeprefix("\ufeff")
    if b"\0" not in data:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    undecodable = sample.decode("utf-8", errors="replace").count("\ufffd")
    if controls + undecodable > BINARY_SHARE * len(sample):
        return None
    return data.decode("utf-8", errors="replace")


def attempt(loader: Callable[[Source], T], src: Source) -> tuple[T | None, LoadError | None]:
    """Load `src`; a failure is returned as a value, never raised."""
    try:
        return loader(src), None
    except LoadError as err:
        return None, err
