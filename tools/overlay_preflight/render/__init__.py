"""Renderers: turn a finished Report into text. They render, never decide."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


def render(fmt: str, report) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return importlib.import_module(f".{fmt}", __name__).render(report)
