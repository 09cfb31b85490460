"""`tofu show -json <plan>` (and Terraform's identical format), with lines.

The loader only parses; what counts as a plan, and which format versions are
understood, is judged by checks/plan_safety.py so that a wrong file becomes a
clear finding rather than a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import Source, read_text
from .jsonfile import load_json_text

# Plans of large states run to tens of megabytes; still refuse the absurd.
MAX_PLAN_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class PlanFile:
    rel: str
    data: Any  # LineDict for a JSON object; anything else is not a plan


def load_plan(src: Source) -> PlanFile:
    return PlanFile(src.rel, load_json_text(read_text(src, MAX_PLAN_BYTES), src.rel))
