"""Files an operator captured (plans, scale sets, nodes, policies, schemas),
loaded one way: a failure is kept as a `LoadError` value for
`checks.inputs`, never raised past the command."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from ..loaders import LoadError, Source, attempt

T = TypeVar("T")


@dataclass
class Captures:
    errors: list[LoadError] = field(default_factory=list)
    escaping_links: tuple[Source, ...] = ()
    too_large: tuple[tuple[str, int], ...] = ()

    def load(self, loader: Callable[[Source], T], src: Source) -> T | None:
        value, err = attempt(loader, src)
        if err is not None:
            self.errors.append(err)
        return value
