"""Display units of capacity figures: cores, GiB, pods."""

from __future__ import annotations

import math

GIB = float(2**30)
_UNITS = {"cpu": "cores", "memory": "GiB", "ephemeral-storage": "GiB", "pods": "pods"}


def unit(resource: str) -> str:
    return _UNITS[resource]


def scale(resource: str, value: float) -> float:
    return value / GIB if _UNITS[resource] == "GiB" else value


def show(resource: str, value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    number = scale(resource, value)
    text = f"{number:.0f}" if number == int(number) else f"{number:.1f}"
    return text + ("Gi" if _UNITS[resource] == "GiB" else "")
