"""The top-level blocks of a reusable stack's `.tf` files (tree-sitter-hcl)."""

from __future__ import annotations

from dataclasses import dataclass

from . import Source, read_text
from .hcl import line, parse, template


@dataclass(frozen=True)
class Block:
    type: str  # resource, module, import, removed, moved, ...
    labels: tuple[str, ...]
    line: int


def parse_blocks(text: str, rel: str) -> list[Block]:
    hcl = parse(text, rel)
    out = []
    for body in hcl.root.named_children:
        for child in body.named_children if body.type == "body" else ():
            if child.type != "block":
                continue
            names = [
                template(hcl, part) if part.type == "string_lit" else hcl.text(part)
                for part in child.named_children
                if part.type in ("identifier", "string_lit")
            ]
            out.append(Block(names[0], tuple(names[1:]), line(child)))
    return out


def load_blocks(src: Source) -> list[Block]:
    return parse_blocks(read_text(src), src.rel)
