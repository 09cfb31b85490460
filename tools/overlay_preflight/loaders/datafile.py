"""Any other YAML (every document of a stream) or JSON file of the overlay:
parsed only to prove that it parses, with duplicate keys rejected. YAML is
checked on libyaml's events (`yamlcheck`), never built."""

from __future__ import annotations

import json

from . import LoadError, Source, read_text
from .yamlcheck import check_yaml_stream

SUFFIXES = (".yml", ".yaml", ".json")


def _reject_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {key[:80]!r}")
        seen[key] = value
    return seen


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def load_data_file(src: Source) -> list:
    text = read_text(src)
    if not src.rel.endswith(".json"):
        check_yaml_stream(text, src.rel)
        return []
    try:
        return [json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_no_constant)]
    except json.JSONDecodeError as err:
        raise LoadError(src.rel, err.lineno, f"invalid JSON: {err.msg}") from None
    except ValueError as err:
        why = "an integer with more than 4300 digits" if "digits" in str(err) else err
        raise LoadError(src.rel, None, f"invalid JSON: {why}") from None
    except RecursionError:
        raise LoadError(src.rel, None, "nesting too deep to read") from None
