"""The packaged data files (taxonomy, secret patterns, capacity policy),
read one way: `source(name)` for a loader, `load(name)` for its YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..loaders import Source


def source(name: str) -> Source:
    return Source(Path(__file__).parent / name, f"overlay_preflight/data/{name}")


def load(name: str) -> Any:
    """A packaged YAML file, through the project's safe loader."""
    from ..loaders.yamlfile import load_yaml

    return load_yaml(source(name))
