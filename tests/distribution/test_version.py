"""One version: the wheel, `--version`, SARIF `tool.driver.version`, the Bazel
module and the newest CHANGELOG release all say `overlay_preflight.__version__`;
and every rule id in the registry is named in the CHANGELOG."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import zipfile
from email.parser import Parser

import pytest
from markdown_it import MarkdownIt

from conftest import EXAMPLES, REPO
from overlay_preflight import __version__
from overlay_preflight.catalog import RULES


def module_version() -> str:
    """`module(version = ...)` in MODULE.bazel, read as Starlark (never run)."""
    tree = ast.parse((REPO / "MODULE.bazel").read_text())
    calls = [
        n.value
        for n in tree.body
        if isinstance(n, ast.Expr)
        and isinstance(n.value, ast.Call)
        and getattr(n.value.func, "id", None) == "module"
    ]
    (call,) = calls
    (version,) = [k.value for k in call.keywords if k.arg == "version"]
    return ast.literal_eval(version)


def changelog_headings() -> list[str]:
    tokens = MarkdownIt("commonmark").parse((REPO / "CHANGELOG.md").read_text())
    return [tokens[n + 1].content for n, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]


@pytest.mark.slow
def test_every_place_names_the_same_version(dist, installed, tmp_path):
    with zipfile.ZipFile(dist["wheel"]) as zf:
        meta = Parser().parsestr(
            zf.read(f"overlay_preflight-{__version__}.dist-info/METADATA").decode()
        )
    cli = subprocess.run(
        [installed / "overlay-preflight", "--version"], capture_output=True, text=True, timeout=60
    ).stdout.split()
    sarif = subprocess.run(
        [
            installed / "overlay-preflight",
            "hygiene",
            EXAMPLES / "tinyland-infra",
            "--format",
            "sarif",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    ).stdout
    driver = json.loads(sarif)["runs"][0]["tool"]["driver"]
    released = [h for h in changelog_headings() if h != "Unreleased"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
    assert {
        "wheel": meta["Version"],
        "sdist": dist["sdist"].name.removesuffix(".tar.gz").rpartition("-")[2],
        "--version": cli[-1],
        "sarif": driver["version"],
        "MODULE.bazel": module_version(),
        "CHANGELOG": released[0],
    } == dict.fromkeys(
        ["wheel", "sdist", "--version", "sarif", "MODULE.bazel", "CHANGELOG"], __version__
    )


def test_changelog_names_every_rule_id():
    text = (REPO / "CHANGELOG.md").read_text()
    missing = sorted(r for r in RULES if f"`{r}`" not in text)
    assert missing == [], "rule ids with no CHANGELOG entry"
