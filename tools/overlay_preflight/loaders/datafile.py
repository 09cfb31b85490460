"""Any other YAML (every document of a stream) or JSON file of the overlay:
parsed only to prove that it parses, with duplicate keys rejected. YAML is
checked on libyaml's events (`yamlcheck`), never built; JSON is read by the
JSON loader (`jsonfile`), which names the line of a duplicate key."""

from __future__ import annotations

from typing import Any

from . import Source, read_text
from .jsonfile import load_json_text
from .yamlcheck import check_yaml_stream

SUFFIXES = (".yml", ".yaml", ".json")


def load_data_file(src: Source) -> list[Any]:
    text = read_text(src)
    if src.rel.endswith(".json"):
        return [load_json_text(text, src.rel)]
    check_yaml_stream(text, src.rel)
    return []
