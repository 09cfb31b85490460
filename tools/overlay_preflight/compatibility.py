"""Known standalone compatibility lanes, read from data/taxonomy.yaml.

Shared by the taxonomy checks and the residue audit: a compatibility lane is
compatibility debt, classified, never residue or a taxonomy violation.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .loaders import LoadError, Source
from .loaders.yamlfile import load_yaml

DATA = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


@functools.cache
def compatibility_lanes() -> dict[str, str]:
    """Lane name -> why it is kept."""
    doc = load_yaml(Source(DATA, "overlay_preflight/data/taxonomy.yaml"))
    lanes = doc.get("compatibility_lanes") if isinstance(doc, dict) else None
    if not isinstance(lanes, list):
        raise LoadError("overlay_preflight/data/taxonomy.yaml", None,
                        "compatibility_lanes must be a list")
    return {str(lane["name"]): str(lane.get("reason", "")) for lane in lanes}
