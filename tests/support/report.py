"""Run the CLI in-process and read its JSON report (a file, not stdout)."""

from __future__ import annotations

import json
from pathlib import Path

from overlay_preflight import cli


def run_json(tmp_path: Path, *argv: str) -> tuple[int, dict]:
    out = tmp_path / "report.json"
    code = cli.main([*argv, "--format", "json", "--output", str(out)])
    return code, json.loads(out.read_text(encoding="utf-8"))


def located(report: dict) -> list[tuple[str, str, int | None]]:
    return sorted((f["rule"], f["path"], f["line"]) for f in report["findings"])
