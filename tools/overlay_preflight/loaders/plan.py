"""`tofu show -json <plan>` (and Terraform's identical format), with lines.

The loader parses and refuses what is not plan JSON of a format this tool
reads: the top level must be an object with a `format_version` whose major
is 1 (the documented format: OpenTofu and Terraform >= 1.1 write 1.x, "a
new major version is not backward-compatible: reject it"; Terraform 0.12 to
1.0 wrote 0.x, before the format's compatibility promise) and a plan's
`planned_values` or `resource_changes`. What the plan *says* is judged by
the plan checks, so a wrong entry becomes a clear finding, not a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import LoadError, Source, read_text
from .jsonfile import load_json_text
from .yamlfile import LineDict

# Plans of large states run to tens of megabytes; still refuse the absurd.
MAX_PLAN_BYTES = 64 * 1024 * 1024
SUPPORTED_MAJOR = "1"


@dataclass(frozen=True)
class PlanFile:
    rel: str
    data: Any  # a LineDict: the plan object


def _refuse(data: Any, rel: str) -> None:
    """Raise a LoadError naming the line when `data` is not a plan we read."""
    if not isinstance(data, LineDict):
        raise LoadError(rel, 1, f"top level is a JSON {type(data).__name__}, not a plan object")
    version = data.get("format_version")
    line = data.line_of("format_version") if "format_version" in data else 1
    if not isinstance(version, str):
        raise LoadError(
            rel, line, "no format_version string: not the output of `tofu show -json <planfile>`"
        )
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise LoadError(
            rel,
            line,
            f"format_version {version[:20]!r} is not supported: this tool reads the plan "
            "JSON format 1.x (OpenTofu, Terraform >= 1.1)",
        )
    if "planned_values" not in data and "resource_changes" not in data:
        kind = "a state snapshot" if "values" in data else "not a plan"
        raise LoadError(rel, 1, f"{kind}: no planned_values or resource_changes")


def load_plan(src: Source) -> PlanFile:
    data = load_json_text(read_text(src, MAX_PLAN_BYTES), src.rel)
    _refuse(data, src.rel)
    return PlanFile(src.rel, data)
