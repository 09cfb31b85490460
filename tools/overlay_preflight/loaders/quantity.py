"""Kubernetes resource quantities ("500m", "4", "1Gi", "1.5", "2e3")."""

from __future__ import annotations

import re
from decimal import Decimal

# The node resources the capacity model counts, as Kubernetes names them.
K8S_RESOURCES = ("cpu", "memory", "ephemeral-storage", "pods")

_SUFFIX = {
    "": Decimal(1),
    "m": Decimal("0.001"),
    "k": Decimal(10) ** 3,
    "M": Decimal(10) ** 6,
    "G": Decimal(10) ** 9,
    "T": Decimal(10) ** 12,
    "P": Decimal(10) ** 15,
    "E": Decimal(10) ** 18,
    "Ki": Decimal(2) ** 10,
    "Mi": Decimal(2) ** 20,
    "Gi": Decimal(2) ** 30,
    "Ti": Decimal(2) ** 40,
    "Pi": Decimal(2) ** 50,
    "Ei": Decimal(2) ** 60,
}
# The quantity grammar of k8s.io/apimachinery: sign, digits, optional
# fraction, then a binary/decimal SI suffix or a decimal exponent.
_QUANTITY = re.compile(
    r"(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))(?P<suffix>Ki|Mi|Gi|Ti|Pi|Ei|[mkMGTPE]|[eE][+-]?\d+)?"
)


# Far beyond any real node or request (10^30 bytes, cores or pods), and far
# below what a float holds: every figure stays finite when reported.
MAX_MAGNITUDE = Decimal(10) ** 30


def _bounded(number: Decimal, value: object) -> Decimal:
    if not number.is_finite() or abs(number) > MAX_MAGNITUDE:
        raise ValueError(f"{str(value)[:40]!r} is out of range for a Kubernetes quantity")
    return number


def parse_quantity(value: object) -> Decimal:
    """The quantity's value in base units; ValueError when it is not one (or
    is not finite, or beyond `MAX_MAGNITUDE`)."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a quantity")
    if isinstance(value, (int, float)):
        if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
            raise ValueError("an integer out of range for a Kubernetes quantity")
        return _bounded(Decimal(str(value)), value)
    if not isinstance(value, str):
        raise ValueError("not a quantity")
    match = _QUANTITY.fullmatch(value.strip())
    if not match or len(value) > 64:
        raise ValueError(f"{value[:40]!r} is not a Kubernetes quantity")
    suffix = match.group("suffix") or ""
    try:
        number = Decimal(match.group("num"))
        if suffix[:1] in ("e", "E"):
            exponent = int(suffix[1:])
            if abs(exponent) > 60:
                raise ValueError("exponent out of range")
            return _bounded(number * (Decimal(10) ** exponent), value)
        return _bounded(number * _SUFFIX[suffix], value)
    except (ArithmeticError, ValueError):  # InvalidOperation, decimal Overflow, ...
        raise ValueError(f"{value[:40]!r} is not a Kubernetes quantity") from None
