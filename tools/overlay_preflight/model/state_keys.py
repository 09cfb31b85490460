"""OpenTofu state keys under a prefix: a `key` attribute anywhere in an HCL
file (a backend block, a `-backend-config` file, a terraform_remote_state
config), read with python-hcl2; in other files (workflows, scripts) and in
HCL the parser refuses, a `key = "<prefix>/..."` or `key=<prefix>/...`
assignment in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

HCL_SUFFIXES = (".tf", ".hcl", ".tfbackend")


def _keys(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for name, value in item.items():
                if name == "key" and isinstance(value, str):
                    yield value.strip().strip('"')
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _parsed(text: str) -> Any:
    import hcl2

    try:
        return hcl2.loads(text)
    except Exception:  # any parser failure: fall back to the text scan
        return None


def state_keys(rel: str, text: str, prefix: str) -> Iterator[int]:
    """The lines of state keys under `prefix/` in one file."""
    lines = text.splitlines()
    pattern = re.compile(rf"\bkey\s*[=:]\s*[\"']?{re.escape(prefix)}/")
    doc = _parsed(text) if rel.endswith(HCL_SUFFIXES) else None
    if doc is None:
        yield from (n for n, line in enumerate(lines, 1) if pattern.search(line))
        return
    for value in _keys(doc):
        if value.startswith(prefix + "/"):
            quoted = f'"{value}"'
            yield next((n for n, line in enumerate(lines, 1) if quoted in line), 1)
