"""Named hostile inputs: each ends, within generous resource limits, with a
finding that names the file (never a traceback). Each runs the real CLI in
its own process under RLIMIT_CPU and RLIMIT_AS, so a runaway parse is
killed rather than hanging the suite; how long each takes and how much
memory it needs is measured side by side in the benchmark
(`bench/run.py --adversarial`), not asserted here."""

import json
import os
import resource
import subprocess
import sys

import pytest

from conftest import REPO

CPU_SECONDS = 20
ADDRESS_SPACE = 1024 * 1024 * 1024  # bytes; the interpreter alone maps ~100 MB


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def measured(root, *args):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "overlay_preflight",
            "enrollment",
            "--overlay-root",
            str(root),
            "--format",
            "json",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "tools")},
        preexec_fn=_limits,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-500:])
    return proc.returncode, json.loads(proc.stdout)["findings"]


def names(findings, path):
    return [(f["rule"], f["message"]) for f in findings if f["path"] == path]


ORG = "config/organization.yaml"


def test_yaml_alias_bomb(overlay_copy):
    root = overlay_copy()
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    (root / ORG).write_text("\n".join(lines) + "\n")
    code, found = measured(root)
    assert code == 1
    assert any(r == "input-invalid" and "alias" in m for r, m in names(found, ORG))


@pytest.mark.parametrize(
    "path,text",
    [
        (ORG, "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 10000))),
        (ORG, "[" * 10000 + "]" * 10000),
        ("tofu/stacks/arc-runners/tinyland.tfvars", "a = " + "[" * 10000 + "]" * 10000),
        ("MODULE.bazel", "x = " + "(" * 10000 + "1" + ")" * 10000),
        (".github/workflows/validate.yml", "{a: " * 10000 + "}" * 10000),
    ],
    ids=["yaml-map", "yaml-flow", "tfvars", "starlark", "workflow"],
)
def test_ten_thousand_levels_of_nesting(overlay_copy, path, text):
    root = overlay_copy()
    (root / path).write_text(text)
    code, found = measured(root)
    assert code == 1 and any(r == "input-invalid" for r, _ in names(found, path))


def test_a_50_mb_file(overlay_copy):
    root = overlay_copy()
    with open(root / ORG, "w") as handle:
        line = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    code, found = measured(root)
    assert code == 1
    assert any("limit" in m for r, m in names(found, ORG) if r == "input-invalid")


def test_a_binary_file(overlay_copy):
    root = overlay_copy()
    (root / ORG).write_bytes(b"owner:\n  slug: x\x00\x01\x02\xff" * 100)
    code, found = measured(root)
    assert code == 1 and any("binary" in m for _, m in names(found, ORG))


def test_non_utf8_bytes(overlay_copy):
    root = overlay_copy()
    (root / "MODULE.bazel").write_bytes(b'module(name = "caf\xe9")\n')
    code, found = measured(root)
    assert code == 1 and any("UTF-8" in m for _, m in names(found, "MODULE.bazel"))


def test_symlink_outside_the_root_is_never_followed(overlay_copy, tmp_path):
    root = overlay_copy()
    outside = tmp_path / "outside-secret.yaml"
    outside.write_text("owner: {slug: stolen}\n")
    (root / ORG).unlink()
    (root / ORG).symlink_to(outside)
    code, found = measured(root)
    assert code == 1
    assert [r for r, _ in names(found, ORG)] == ["input-missing", "symlink-escapes-root"] or sorted(
        r for r, _ in names(found, ORG)
    ) == ["input-missing", "symlink-escapes-root"]
    assert not any("stolen" in f["message"] for f in found)


def test_an_empty_file(overlay_copy):
    root = overlay_copy()
    (root / ORG).write_text("")
    code, found = measured(root)
    assert code == 1 and ("input-invalid", "expected a mapping, found empty") in names(found, ORG)


def test_a_file_that_is_a_directory(overlay_copy):
    root = overlay_copy()
    (root / ORG).unlink()
    (root / ORG).mkdir()
    code, found = measured(root)
    assert code == 1
    assert ("input-invalid", "is a directory, expected a file") in names(found, ORG)


def test_a_50_mb_text_file_anywhere_in_the_overlay(overlay_copy):
    root = overlay_copy()
    with open(root / "notes.log", "w") as handle:
        for _ in range(50 * 1024):
            handle.write("# " + "y" * 1021 + "\n")
    code, found = measured(root)
    assert names(found, "notes.log") == [
        ("file-too-large-to-scan", "52428800 bytes, over the 4194304-byte limit: not scanned")
    ]
    assert code == 0  # a warning: strict mode fails on it
