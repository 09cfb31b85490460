"""sha256 of a binary plan, and the digest recorded at plan time (a hex
string, or a file holding one: the operators' `plan-sha256`, or a line of
`sha256sum` output). Nothing is executed; the plan file is only hashed."""

from __future__ import annotations

import hashlib
import re

from . import LoadError, Source, read_bytes

HEX = re.compile(r"[0-9a-f]{64}")
MAX_RECORD_BYTES = 4096


def sha256_file(src: Source) -> str:
    """The file's sha256, read in blocks (plans can be large)."""
    try:
        if src.path.is_dir():
            raise LoadError(src.rel, None, "is a directory, expected the binary plan file")
        with open(src.path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        raise LoadError(src.rel, None, "file not found", missing=True) from None
    except OSError as err:
        raise LoadError(src.rel, None, f"cannot read: {err.strerror}") from None


def recorded_digest(src: Source) -> str:
    """The first word of a digest file: 64 hex digits (any case)."""
    data = read_bytes(src, MAX_RECORD_BYTES)
    words = data.decode("utf-8", "replace").split()
    word = words[0].lower() if words else ""
    if not HEX.fullmatch(word):
        raise LoadError(src.rel, 1, "expected a sha256 (64 hex digits) as the first word")
    return word
