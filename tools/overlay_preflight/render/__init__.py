"""Renderers: turn a finished Report into text. They render, never decide.

Every format is rendered from `clean.clean(report)`: texts redacted, lone
surrogates escaped, numbers finite. What each format must escape on top of
that (control characters, XML's forbidden characters) is its own business.
"""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


def render(fmt: str, report) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    from .clean import clean

    text: str = importlib.import_module(f".{fmt}", __name__).render(clean(report))
    # Nothing unencodable is ever written (a lone surrogate a renderer let through).
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
