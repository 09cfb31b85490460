"""The date that suppression expiry is judged against.

`--today`, else $OVERLAY_PREFLIGHT_TODAY, else the wall clock. Inside a
Bazel test ($TEST_SRCDIR set) there is no wall clock: a cached result must
not depend on the day it ran, so the date has to come in as an input
(`--test_env=OVERLAY_PREFLIGHT_TODAY`, part of the action's key). Without
one, `today()` is None and expiry is not judged (a warning says so).
"""

from __future__ import annotations

import datetime
import os

ENV = "OVERLAY_PREFLIGHT_TODAY"


def today(flag: str | None) -> datetime.date | None:
    """The date given by `flag` or $OVERLAY_PREFLIGHT_TODAY, the wall clock
    outside Bazel, None inside a Bazel test; ValueError names a bad value."""
    value, name = (flag, "--today") if flag else (os.environ.get(ENV), f"${ENV}")
    if value:
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} expects a date as YYYY-MM-DD, got {value[:40]!r}") from None
    if os.environ.get("TEST_SRCDIR"):
        return None
    return datetime.date.today()
