"""The top-level blocks of a reusable stack's `.tf` files (python-hcl2)."""

from __future__ import annotations

from dataclasses import dataclass

from . import LoadError, Source, read_text


@dataclass(frozen=True)
class Block:
    type: str  # resource, module, import, removed, moved, ...
    labels: tuple[str, ...]
    line: int


def parse_blocks(text: str, rel: str) -> list[Block]:
    import hcl2
    from hcl2.rules.base import BlockRule
    from lark.exceptions import LarkError

    try:
        tree = hcl2.parses(text)
    except LarkError as err:
        line = getattr(err, "line", None)
        line = line if isinstance(line, int) and line > 0 else None
        raise LoadError(rel, line, "invalid HCL: syntax error") from None
    except RecursionError:
        raise LoadError(rel, None, "invalid HCL: nesting too deep to read") from None
    out = []
    for child in tree.body.children:
        if not isinstance(child, BlockRule):
            continue
        names = [str(label.serialize()).strip('"') for label in child.labels]
        meta = getattr(child, "_meta", None)
        line = getattr(meta, "line", None) if meta is not None and not meta.empty else None
        out.append(Block(names[0], tuple(names[1:]), line or 1))
    return out


def load_blocks(src: Source) -> list[Block]:
    return parse_blocks(read_text(src), src.rel)
