"""Errors every layer may raise to the command line, and environment defaults."""

from __future__ import annotations

import os


class UsageError(Exception):
    """Bad arguments discovered after parsing (exit 2)."""


def env_default(name: str) -> str | None:
    """An environment variable's value; unset and empty are both None."""
    return os.environ.get(name) or None
