"""The one way tests run the CLI: in-process, capturing what it prints and
returns. `run_cli(..., json=True)` asks for the JSON report and parses it."""

from __future__ import annotations

import contextlib
import io
import json as jsonlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overlay_preflight import cli


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def last_line(self) -> str:
        lines = self.out.rstrip("\n").splitlines()
        return lines[-1] if lines else ""

    @property
    def report(self) -> dict[str, Any]:
        """The JSON report printed on stdout (run with json=True)."""
        report: dict[str, Any] = jsonlib.loads(self.out)
        return report

    @property
    def located(self) -> list[tuple[str, str, int | None]]:
        """(rule, path, line) of every finding of the JSON report, sorted."""
        return located(self.report)


def run_cli(
    *args: object, cwd: Path | None = None, env: dict[str, str] | None = None, json: bool = False
) -> Result:
    argv = [str(a) for a in args] + (["--format", "json"] if json else [])
    out, err = io.StringIO(), io.StringIO()
    old_cwd = os.getcwd()
    saved = {k: os.environ.get(k) for k in (env or {})}
    try:
        if cwd:
            os.chdir(cwd)
        os.environ.update(env or {})
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.chdir(old_cwd)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Result(code, out.getvalue(), err.getvalue())


def run_json(*args: object, cwd: Path | None = None) -> tuple[int, dict[str, Any]]:
    """Exit code and JSON report of `overlay-preflight ARGS --format json`."""
    result = run_cli(*args, cwd=cwd, json=True)
    return result.code, result.report


def located(report: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    return sorted((f["rule"], f["path"], f["line"]) for f in report["findings"])
