"""OpenTofu state keys under a prefix: a `key` attribute or object key
anywhere in an HCL file (a backend block, a `-backend-config` file, a
terraform_remote_state config), read with tree-sitter-hcl; in other files
(workflows, scripts) and in HCL the parser refuses, a `key = "<prefix>/..."`
or `key=<prefix>/...` assignment in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

HCL_SUFFIXES = (".tf", ".hcl", ".tfbackend")


def _key_and_value(hcl: Any, node: Any) -> tuple[Any, Any]:
    """The name and value expression of an attribute or an object element."""
    from ..loaders.hcl import scalar, unwrap

    if node.type == "attribute":
        return hcl.text(node.named_children[0]), node.named_children[1]
    key = unwrap(node.child_by_field_name("key"))
    if key is None:
        return None, None
    name = hcl.text(key) if key.type == "variable_expr" else scalar(hcl, key)
    return name, node.child_by_field_name("val") or node.child_by_field_name("value")


def _hcl_keys(rel: str, text: str) -> list[tuple[int, str]] | None:
    """(line, value) of every string `key` in an HCL file; None when the
    file is not HCL the parser reads."""
    from ..loaders import LoadError
    from ..loaders.hcl import line, nodes, parse, scalar

    try:
        hcl = parse(text, rel)
        out = []
        for node in nodes(hcl.root):
            if node.type not in ("attribute", "object_elem"):
                continue
            name, value = _key_and_value(hcl, node)
            found = scalar(hcl, value) if name == "key" and value is not None else None
            if isinstance(found, str):
                out.append((line(node), found.strip()))
        return out
    except LoadError:
        return None


def state_keys(rel: str, text: str, prefix: str) -> Iterator[int]:
    """The lines of state keys under `prefix/` in one file."""
    keys = _hcl_keys(rel, text) if rel.endswith(HCL_SUFFIXES) else None
    if keys is None:
        pattern = re.compile(rf"\bkey\s*[=:]\s*[\"']?{re.escape(prefix)}/")
        yield from (n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line))
        return
    yield from (n for n, value in keys if value.startswith(prefix + "/"))
