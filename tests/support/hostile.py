"""Hostile inputs, generated: the attempt table of an adversarial review of
the CLI, re-built as data. Each `Case` writes its inputs under an empty
directory and returns the command line; the review's attempt ids are kept
in `Case.id` so a row can be traced. `tests/robustness/test_adversarial.py`
runs them all; `bench/run.py` times the heaviest.

A case may name planted `secrets` (never to appear in any output), a
`marker` file that must not exist afterwards (nothing from the input ran),
and `expect`: a function of (code, all output text) returning what is
wrong, or None.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .paths import EXAMPLES, REPO

NODES = REPO / "tests/fixtures/capacity/nodes/nodes.json"
LIVE = REPO / "tests/fixtures/residue/live"
SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
ORG = "config/organization.yaml"
WF = ".github/workflows/validate.yml"
TFVARS = "tofu/stacks/arc-runners/tinyland.tfvars"

Expect = Callable[[int, str], "str | None"]


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    what: str
    build: Callable[[Path], list[str]]
    secrets: tuple[str, ...] = ()
    marker: str | None = None  # a path relative to the case dir
    expect: Expect | None = None
    outputs: tuple[str, ...] = ()  # files the run writes (relative), scanned for leaks
    env: dict[str, str] = field(default_factory=dict)
    stdout_closed: bool = False
    heavy: bool = False  # a multi-megabyte input (timed in the bench)


# --- building blocks --------------------------------------------------------


def example(d: Path, name: str = "tinyland-infra") -> Path:
    root = d / "o"
    shutil.copytree(EXAMPLES / name, root, symlinks=True, ignore=shutil.ignore_patterns("bazel-*"))
    return root


def put(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or path.is_file():
        path.unlink()
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def git_init(root: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def enroll(root: Path, *more: str) -> list[str]:
    return ["enrollment", "--overlay-root", str(root), "--format", "json", *more]


def overlay_with(rel: str, content: str | bytes, *more: str) -> Callable[[Path], list[str]]:
    def build(d: Path) -> list[str]:
        root = example(d)
        put(root, rel, content)
        return enroll(root, *more)

    return build


def rc(*codes: int) -> Expect:
    return lambda code, _out: None if code in codes else f"exit {code}, expected {codes}"


def has(*needles: str, codes: tuple[int, ...] = ()) -> Expect:
    def judge(code: int, out: str) -> str | None:
        if codes and code not in codes:
            return f"exit {code}, expected {codes}"
        missing = [n for n in needles if n not in out]
        return f"missing {missing}" if missing else None

    return judge


def lacks(*needles: str) -> Expect:
    def judge(_code: int, out: str) -> str | None:
        present = [n for n in needles if n in out]
        return f"output holds {present}" if present else None

    return judge


def both(*judges: Expect) -> Expect:
    def judge(code: int, out: str) -> str | None:
        return next((p for j in judges if (p := j(code, out))), None)

    return judge


INVALID = has("input-invalid", codes=(1,))


def bomb(levels: int = 9) -> str:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefghij", "bcdefghijk"[: levels - 1], strict=False):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- 1.x hostile files --------------------------------------------------------


def _hostile() -> list[Case]:
    c = []
    add = c.append
    for cid, rel in (("1.01", ORG), ("1.02", WF), ("1.03", "k8s/bomb.yaml")):
        add(
            Case(
                cid,
                "hostile",
                f"billion laughs in {rel}",
                overlay_with(rel, bomb()),
                expect=INVALID,
            )
        )
    add(
        Case(
            "1.04",
            "hostile",
            "billion laughs in .overlay-preflight.yaml",
            overlay_with(".overlay-preflight.yaml", bomb()),
            expect=rc(1),
        )
    )
    sub = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]\n"
        for p, n in zip("abcd", "bcde", strict=True)
    )
    add(
        Case(
            "1.05",
            "hostile",
            "sub-limit alias expansion in organization.yaml",
            overlay_with(ORG, sub),
            expect=rc(1),
        )
    )
    merge = "a: &a {k0: 1, k1: 1, k2: 1, k3: 1, k4: 1, k5: 1, k6: 1, k7: 1}\n" + "".join(
        f"{n}: &{n} {{" + ", ".join(f"x{i}: *{p}" for i in range(9)) + "}\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    add(
        Case(
            "1.07",
            "hostile",
            "alias bomb through mappings",
            overlay_with("k8s/merge.yaml", merge),
            expect=INVALID,
        )
    )
    block = "".join(" " * i + f"k{i}:\n" for i in range(1500))
    add(
        Case(
            "1.08", "hostile", "YAML block map 1500 deep", overlay_with(ORG, block), expect=INVALID
        )
    )
    add(
        Case(
            "1.09",
            "hostile",
            "YAML flow seq 10k deep",
            overlay_with(ORG, "[" * 10_000 + "]" * 10_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.10",
            "hostile",
            "YAML flow seq 1M deep (2 MB)",
            overlay_with(ORG, "[" * 1_000_000 + "]" * 1_000_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.11",
            "hostile",
            "YAML flow map 200k deep",
            overlay_with("k8s/deep.yaml", "{a: " * 200_000 + "}" * 200_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.12",
            "hostile",
            "JSON 100k deep",
            overlay_with("data/deep.json", "[" * 100_000 + "]" * 100_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.13",
            "hostile",
            "JSON 1M-deep objects (6 MB)",
            overlay_with("data/deep2.json", '{"a":' * 1_000_000 + "1" + "}" * 1_000_000),
            expect=rc(0, 1),
        )
    )
    add(
        Case(
            "1.14",
            "hostile",
            "HCL 10k deep tuple",
            overlay_with(TFVARS, "a = " + "[" * 10_000 + "]" * 10_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.15",
            "hostile",
            "HCL 10k deep object",
            overlay_with(TFVARS, "a = " + "{a = " * 10_000 + "1" + "}" * 10_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.16",
            "hostile",
            "HCL 100k parentheses",
            overlay_with(TFVARS, "a = " + "(" * 100_000 + "1" + ")" * 100_000),
            # Valid HCL (an expression kept as text): tree-sitter reads it
            # without recursion, so it is no longer refused as too deep.
            expect=both(rc(0, 1), lacks("input-invalid")),
            heavy=True,
        )
    )
    add(
        Case(
            "1.17",
            "hostile",
            "Starlark 100k parentheses",
            overlay_with("MODULE.bazel", "x = " + "(" * 100_000 + "1" + ")" * 100_000),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.19",
            "hostile",
            "Starlark 200k-term sum",
            overlay_with("MODULE.bazel", "x = " + "+".join(["1"] * 200_000) + "\n"),
            expect=rc(0, 1),
        )
    )
    add(
        Case(
            "1.20",
            "hostile",
            "Starlark 200k unary minus in a kwarg",
            overlay_with("MODULE.bazel", "bazel_dep(name = " + "-" * 200_000 + "1)\n"),
            expect=rc(0, 1),
        )
    )
    big_line = "# " + "x" * 1022 + "\n"
    add(
        Case(
            "1.21",
            "hostile",
            "50 MB organization.yaml",
            overlay_with(ORG, big_line * 51_200),
            expect=has("limit", codes=(1,)),
            heavy=True,
        )
    )
    add(
        Case(
            "1.22",
            "hostile",
            "50 MB text file",
            overlay_with("big.txt", big_line * 51_200),
            expect=has("file-too-large-to-scan"),
            heavy=True,
        )
    )
    yaml4 = "".join(f"k{i}: [a, b, c, d]\n" for i in range(190_000))
    add(
        Case(
            "1.24",
            "hostile",
            "plain 4 MB YAML (190k keys, no alias)",
            overlay_with("k8s/big.yaml", yaml4),
            expect=lacks("alias"),
            heavy=True,
        )
    )
    steps = "".join(f"      - run: echo {i}\n" for i in range(60_000))
    workflow = (
        "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: tinyland-nix\n    steps:\n"  # noqa: E501
        + steps
    )
    add(
        Case(
            "1.25",
            "hostile",
            "workflow with 60k steps",
            overlay_with(".github/workflows/big.yml", workflow),
            expect=rc(0, 1),
            heavy=True,
        )
    )
    module = (EXAMPLES / "tinyland-infra/MODULE.bazel").read_text() + "".join(
        f'bazel_dep(name = "dep_{i}", version = "1.0.{i}")\n' for i in range(80_000)
    )
    add(
        Case(
            "1.26",
            "hostile",
            "MODULE.bazel with 80k bazel_dep",
            overlay_with("MODULE.bazel", module),
            expect=rc(0, 1),
            heavy=True,
        )
    )
    just = (EXAMPLES / "tinyland-infra/Justfile").read_text() + "".join(
        f"\nrecipe-{i}:\n    echo {i}\n" for i in range(40_000)
    )
    add(
        Case(
            "1.27",
            "hostile",
            "Justfile with 40k recipes",
            overlay_with("Justfile", just),
            expect=rc(0, 1),
            heavy=True,
        )
    )
    noise = random.Random(7).randbytes(4096)
    add(
        Case(
            "1.28",
            "hostile",
            "random bytes as organization.yaml",
            overlay_with(ORG, noise),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.29",
            "hostile",
            "ELF-ish bytes as tfvars",
            overlay_with(TFVARS, b"\x7fELF\x02\x01\x01" + bytes(64)),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.30",
            "hostile",
            "PNG bytes as a workflow",
            overlay_with(WF, b"\x89PNG\r\n\x1a\n" + noise),
            expect=INVALID,
        )
    )
    for cid, rel in (("1.31", ORG), ("1.32", "MODULE.bazel"), ("1.33", "Justfile")):
        text = (EXAMPLES / "tinyland-infra" / rel).read_bytes() + b"# caf\xe9\n"
        add(Case(cid, "hostile", f"Latin-1 byte in {rel}", overlay_with(rel, text), expect=INVALID))
    token = "ghp_" + "Lat1nT0kenAbCdEfGhIjKlMnOpQrStUvWxYz"[:36]
    add(
        Case(
            "1.34",
            "hostile",
            "Latin-1 text file holding a GitHub token",
            overlay_with("notes.txt", b"caf\xe9 " + token.encode() + b"\n"),
            secrets=(token,),
            expect=has("secret-plaintext", codes=(1,)),
        )
    )
    org = (EXAMPLES / "tinyland-infra" / ORG).read_text()
    add(
        Case(
            "1.35",
            "hostile",
            "UTF-16 organization.yaml",
            overlay_with(ORG, org.encode("utf-16")),
            expect=rc(0, 1),
        )
    )
    for cid, rel in (("1.36", ORG), ("1.37", WF), ("1.38", TFVARS), ("1.39", "MODULE.bazel")):
        text = (EXAMPLES / "tinyland-infra" / rel).read_bytes()
        add(
            Case(
                cid,
                "hostile",
                f"UTF-8 BOM on {rel}",
                overlay_with(rel, b"\xef\xbb\xbf" + text),
                expect=rc(0),
            )
        )
    for cid, rel in (("1.41", ORG), ("1.42", WF), ("1.43", TFVARS), ("1.44", "MODULE.bazel")):
        text = (EXAMPLES / "tinyland-infra" / rel).read_bytes().replace(b"\n", b"\r\n")
        add(Case(cid, "hostile", f"CRLF on {rel}", overlay_with(rel, text), expect=rc(0)))
    add(
        Case(
            "1.46",
            "hostile",
            "CR-only organization.yaml",
            overlay_with(ORG, org.replace("\n", "\r")),
            expect=rc(0, 1),
        )
    )
    add(
        Case(
            "1.47",
            "hostile",
            "duplicate key in organization.yaml",
            overlay_with(ORG, org + "owner: {}\n"),
            expect=INVALID,
        )
    )
    tfv = (EXAMPLES / "tinyland-infra" / TFVARS).read_text()
    add(
        Case(
            "1.50",
            "hostile",
            "duplicate assignment in tfvars",
            overlay_with(TFVARS, tfv + "nix_max_runners = 1\n"),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.51",
            "hostile",
            "duplicate key in data/x.json",
            overlay_with("data/x.json", '{"a": 1, "a": 2}'),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.52",
            "hostile",
            "YAML keys equal after construction",
            overlay_with("k8s/k.yaml", "1: a\n1.0: b\n0x1: c\n"),
            expect=INVALID,
        )
    )
    for cid, tag in (
        ("1.53", "!!python/object/apply:os.system ['touch PWNED']"),
        ("1.54", "!!python/name:os.system"),
        ("1.55", "!!binary aGVsbG8="),
        ("1.56", "!!set {a, b}"),
        ("1.57", "!custom foo"),
        ("1.58", "!!timestamp 2001-12-14t21:59:43.10-05:00"),
        ("1.59", "!!float .nan"),
    ):
        text = org.replace("display_name: Tinyland", f"display_name: {tag}")
        add(
            Case(
                cid,
                "hostile",
                f"YAML tag {tag.split()[0]}",
                overlay_with(ORG, text),
                marker="o/PWNED",
                expect=rc(1),
            )
        )
    add(
        Case(
            "1.60",
            "hostile",
            "YAML complex keys",
            overlay_with(ORG, "? [a, b]\n: 1\n"),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.61",
            "hostile",
            "two YAML documents",
            overlay_with(ORG, org + "---\na: 1\n"),
            expect=INVALID,
        )
    )
    add(Case("1.62", "hostile", "undefined alias", overlay_with(ORG, "a: *nope\n"), expect=INVALID))
    add(
        Case(
            "1.63",
            "hostile",
            "recursive alias",
            overlay_with("k8s/r.yaml", "a: &a {b: *a}\n"),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.65",
            "hostile",
            "recursive alias in a workflow job",
            overlay_with(WF, "on: push\njobs: &j\n  a: *j\n"),
            expect=INVALID,
        )
    )
    add(
        Case(
            "1.66",
            "hostile",
            "recursive alias in the config",
            overlay_with(".overlay-preflight.yaml", "a: &a [*a]\n"),
            expect=rc(1),
        )
    )
    for cid, text in (
        ("1.67", "x = <<EOT\nhello\nEOT\n"),
        ("1.69", 'nix_runner_name = "${var.owner}-nix"\n'),
        ("1.70", "nix_max_runners = max(1, 2)\n"),
        ("1.73", "extra_runner_sets = {for k in [] : k => k}\n"),
        ("1.78", "nix_max_runners = 1e999\n"),
        ("1.79", "x = " + "9" * 5000 + "\n"),
        ("1.80", "nix_max_runners = -3\n"),
        ("1.81", 'resource "x" "y" {}\n'),
        ("1.82", 'x = "unterminated\n'),
        ("1.83", "x = <<EOT\nnever ends\n"),
        ("1.84", "x = {a = 1, a = 2}\n"),
        ("1.89", 'nix_runner_name = "\\x00"\n'),
    ):
        add(
            Case(
                cid,
                "hostile",
                f"tfvars HCL: {text.strip()[:30]}",
                overlay_with(TFVARS, tfv + text),
                expect=rc(0, 1),
            )
        )
    mod = (EXAMPLES / "tinyland-infra/MODULE.bazel").read_text()
    for cid, text in (
        ("1.93", mod.replace(f'"{SHA}"', f'"{SHA[:20]}" + "{SHA[20:]}"')),
        ("1.97", mod + "if True:\n    pass\n"),
        ("1.99", mod.replace(f'commit = "{SHA}",', f'**{{"commit": "{SHA}"}},')),
        ("1.105", mod.replace(f'commit = "{SHA}"', f'commit = b"{SHA}"')),
        ("1.111", "\t" + mod),
        ("1.114", mod + "x = [i for i in range(10**9)]\n"),
        ("1.115", mod + "x = 'a' * 10**12\n"),
        ("1.116", mod.replace(f'commit = "{SHA}"', "commit = 10**100000")),
        ("1.117", mod.replace(f'commit = "{SHA}"', "commit = " + "7" * 5000)),
    ):
        add(
            Case(
                cid,
                "hostile",
                f"MODULE.bazel variant {cid}",
                overlay_with("MODULE.bazel", text),
                expect=rc(0, 1),
            )
        )
    for cid, rel in (
        ("1.118", ORG),
        ("1.119", "MODULE.bazel"),
        ("1.120", "Justfile"),
        ("1.121", TFVARS),
        ("1.122", WF),
        ("1.123", ".overlay-preflight.yaml"),
    ):
        add(Case(cid, "hostile", f"empty {rel}", overlay_with(rel, ""), expect=rc(0, 1)))

    def directory_at(rel: str) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            root = example(d)
            (root / rel).unlink(missing_ok=True)
            (root / rel).mkdir(parents=True)
            return enroll(root)

        return build

    for cid, rel in (
        ("1.124", ORG),
        ("1.125", "MODULE.bazel"),
        ("1.126", "Justfile"),
        ("1.128", TFVARS),
    ):
        add(Case(cid, "hostile", f"a directory at {rel}", directory_at(rel), expect=rc(1)))

    def fifo_at(rel: str, git: bool = False) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            root = example(d)
            if git:
                git_init(root)
            (root / rel).unlink(missing_ok=True)
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            os.mkfifo(root / rel)
            return enroll(root)

        return build

    add(
        Case(
            "1.132",
            "hostile",
            "FIFO as a workflow",
            fifo_at(".github/workflows/evil.yml"),
            expect=INVALID,
        )
    )
    add(Case("1.133", "hostile", "FIFO at organization.yaml", fifo_at(ORG), expect=INVALID))
    add(Case("1.134", "hostile", "FIFO as another file", fifo_at("notes.fifo"), expect=rc(0)))
    add(
        Case(
            "1.135",
            "hostile",
            "FIFO at .overlay-preflight.yaml",
            fifo_at(".overlay-preflight.yaml"),
            expect=rc(1),
        )
    )
    add(
        Case(
            "1.135g",
            "hostile",
            "FIFO as a Justfile in a checkout",
            fifo_at("Justfile", git=True),
            expect=INVALID,
        )
    )

    def link(
        rel: str, target: str | Callable[[Path], str], *, git: bool = False
    ) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            root = example(d)
            outside = d / "outside"
            outside.mkdir(exist_ok=True)
            put(outside, "organization.yaml", "dup: 1\ndup: 2\n# OUTSIDE-CONTENT\n")
            put(outside, "notes.txt", "ghp_0utside0123456789abcdefghijklmnopqrs\n")
            put(
                outside,
                "sup.yaml",
                "suppressions:\n  - {rule: trailing-whitespace, path: notes.md, reason: OUTSIDE-REASON}\n",  # noqa: E501
            )
            path = root / rel
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.symlink_to(target(d) if callable(target) else target)
            put(root, "notes.md", "x  \n")
            if git:
                git_init(root)
            return enroll(root)

        return build

    no_outside = lacks("OUTSIDE", "dup", "ghp_0utside")
    add(
        Case(
            "1.136",
            "hostile",
            "a workflow linked to /dev/zero",
            link(".github/workflows/zero.yml", "/dev/zero"),
            expect=no_outside,
        )
    )
    add(
        Case(
            "1.137",
            "hostile",
            "organization.yaml linked to /etc/passwd",
            link(ORG, "/etc/passwd"),
            expect=both(rc(1), lacks("root:")),
        )
    )
    add(
        Case(
            "1.138",
            "hostile",
            "config/ linked to a directory outside",
            link("config", lambda d: str(d / "outside")),
            expect=no_outside,
        )
    )
    add(
        Case(
            "1.139",
            "hostile",
            "config/ linked outside, in a checkout",
            link("config", lambda d: str(d / "outside"), git=True),
            expect=no_outside,
        )
    )
    add(
        Case(
            "1.140",
            "hostile",
            "notes.txt linked to an outside token",
            link("notes.txt", lambda d: str(d / "outside/notes.txt")),
            expect=no_outside,
        )
    )
    add(
        Case(
            "3.29",
            "hostile",
            "the config linked to a file outside",
            link(".overlay-preflight.yaml", lambda d: str(d / "outside/sup.yaml")),
            expect=no_outside,
        )
    )
    add(Case("1.141", "hostile", "a symlink loop", link("a", "b"), expect=rc(0, 1)))
    add(
        Case(
            "1.143",
            "hostile",
            "a symlink inside the root",
            link("docs/readme.md", "../README.md"),
            expect=rc(0, 1),
        )
    )

    def names(*files: str, fmt: str = "text", git: bool = False) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            root = d / "n"
            root.mkdir()
            for name in files:
                (root / os.fsdecode(name.encode("utf-8", "surrogateescape"))).write_bytes(b"x")
            if git:
                git_init(root)
            return ["hygiene", str(root), "--format", fmt]

        return build

    odd = (
        "my notes.md",
        "\u00fcn\u00efc\u00f8d\u00e9 \u2713.md",
        "new\nline.md",
        "a\x01b.md",
        "tab\tname.md",
        "\n::error file=README.md,line=1::forged\n",
        "\x1b[2K\x1b[1Aansi.md",
        "caf\udce9.md",
        "\u202eevil.md",
        "::warning::lead.md",
    )
    for fmt in ("text", "json", "sarif", "junit"):
        add(
            Case(
                f"1.144-{fmt}",
                "hostile",
                f"odd file names, {fmt}",
                names(*odd, fmt=fmt),
                expect=rc(0),
            )
        )
    add(
        Case(
            "1.152",
            "hostile",
            "odd file names in a checkout",
            names(*odd, fmt="json", git=True),
            expect=rc(0),
        )
    )
    for cid, name in (
        ("1.153", "root with spaces"),
        ("1.154", "r\u00f6\u00f6t \u2713"),
        ("1.155", "root\nnewline"),
    ):

        def odd_root(d: Path, name: str = name) -> list[str]:
            root = d / name
            shutil.copytree(
                EXAMPLES / "tinyland-infra", root, ignore=shutil.ignore_patterns("bazel-*")
            )
            return enroll(root, "--expected-core-ref", SHA)

        add(Case(cid, "hostile", f"overlay root {name!r}", odd_root, expect=rc(0)))
    just = (EXAMPLES / "tinyland-infra/Justfile").read_text()
    for cid, head in (
        ("1.156", "import '/etc/passwd'\n"),
        ("1.157", "import '../outside.just'\n"),
        ("1.158", "import 'pipe.just'\n"),
        ("1.159", "x := `touch PWNED`\ny := shell('touch PWNED')\n"),
        ("1.160", "set dotenv-path := '/etc/shadow'\nset dotenv-load\n"),
        ("1.161", "mod env '/proc/self/environ'\n"),
    ):

        def justfile(d: Path, head: str = head) -> list[str]:
            root = example(d)
            put(d, "outside.just", "ghp_0utsideJust0123456789abcdefghijklmZz := 'x'\n")
            os.mkfifo(root / "pipe.just")
            put(root, "Justfile", head + just)
            return enroll(root)

        add(
            Case(
                cid,
                "hostile",
                f"Justfile: {head.strip()[:40]}",
                justfile,
                marker="o/PWNED",
                secrets=("ghp_0utsideJust0123456789abcdefghijklmZz",),
                expect=lacks("root:"),
            )
        )

    def fsmonitor(d: Path) -> list[str]:
        root = example(d)
        git_init(root)
        hook = f"touch {d / 'FSMONITOR_RAN'}; false"
        subprocess.run(["git", "-C", str(root), "config", "core.fsmonitor", hook], check=True)
        subprocess.run(["git", "-C", str(root), "config", "core.hooksPath", str(d)], check=True)
        return ["hygiene", str(root)]

    add(
        Case(
            "1.162",
            "hostile",
            "a checkout whose .git/config sets core.fsmonitor",
            fsmonitor,
            marker="FSMONITOR_RAN",
            expect=rc(0, 1),
        )
    )
    tok = "ghp_" + "EncodedT0ken0123456789abcdefghijklmn"[:36]
    for cid, rel, data in (
        ("1.163", ".env", f"GITHUB_TOKEN={tok}\n".encode("utf-16")),
        ("1.164", "notes.md", b"caf\xe9 " + tok.encode() + b"\n"),
        ("1.165", "notes.md", tok.encode() + b"\n" + b"\0" * 3 + b"tail\n"),
        ("1.166", "run.sh", b"# \xa9 2026\nexport T=" + tok.encode() + b"\n"),
    ):
        add(
            Case(
                cid,
                "hostile",
                f"a token in {rel} ({cid})",
                overlay_with(rel, data),
                secrets=(tok,),
                expect=has("secret-plaintext", codes=(1,)),
            )
        )
    pem = "-----BEGIN PRIVATE KEY-----\n"
    add(
        Case(
            "1.167",
            "hostile",
            "8,000 PEM BEGIN lines",
            overlay_with("keys.txt", pem * 8000),
            expect=rc(1),
        )
    )
    add(
        Case(
            "1.168",
            "hostile",
            "30,000 PEM BEGIN lines",
            overlay_with("keys.txt", pem * 30_000),
            expect=rc(1),
        )
    )
    for cid, line in (
        ("1.169", "|" + " " * 1500 + "|"),
        ("1.170", "/" * 60_000),
        ("1.171", "api_key" + " " * 1200 + "x"),
        (
            "1.172",
            "\n".join(
                k + " " * 600 + "x" for k in ("api_key", "sl_key", "cos_key", "cloudant_key")
            ),
        ),
        ("1.173", "sk-" * 20_000),
        ("1.174", "api_key" + " " * 2400 + "x"),
        ("1.174b", "//a/:_authToken=" * 4000),
        ("1.174c", "eyJ" + "a" * 60_000),
        ("1.174d", "://" + ":" * 60_000 + "@"),
    ):
        add(
            Case(
                cid,
                "hostile",
                f"regex-hostile line ({cid})",
                overlay_with("notes.md", line + "\n"),
                expect=rc(0, 1),
            )
        )
    return c


# --- 2.x planted secrets ------------------------------------------------------

PLANTED = {
    "cache_pw": "hunter2-S3cretPassw0rd",
    "remote_tok": "ghp_R3mote0123456789abcdefghijABCDEFGHIJ",
    "docker_tok": "dckr_pat_D0ckerT0ken0123456789abcdef",
    "label_tok": "ghp_Labe10123456789abcdefghijABCDEFGHIJK",
    "ref_tok": "glpat-RefT0ken0123456789abcd",
    "dup_key_tok": "ghp_DupKey0123456789abcdefghijABCDEFGHIJ",
    "json_key_tok": "ghp_JsonKey0123456789abcdefghijABCDEFGHI",
    "hcl_key_tok": "ghp_HclKey0123456789abcdefghijABCDEFGHIJ",
    "just_tok": "ghp_Just0123456789abcdefghijABCDEFGHIJKL",
    "slug_tok": "glpat-Sl0gT0ken0123456789abcd",
    "reason_tok": "ghp_Reason0123456789abcdefghijABCDEFGHIJ",
}


def planted_overlay(d: Path) -> Path:
    """The example overlay with each planted secret in a position some rule
    quotes: a URL's userinfo, a remote, an image, a label, a ref, a
    duplicate key (YAML, JSON, HCL), an undefined Justfile variable, a slug."""
    s = PLANTED
    root = example(d)
    tfv = (
        (root / TFVARS)
        .read_text()
        .replace(
            '"grpc://bazel-cache.nix-cache.svc.cluster.local:9092"',
            f'"grpcs://ci:{s["cache_pw"]}@cache.example.com:443"',
        )
    )
    put(root, TFVARS, tfv + f'extra = {{ "{s["hcl_key_tok"]}" = 1, "{s["hcl_key_tok"]}" = 2 }}\n')
    mod = (
        (root / "MODULE.bazel")
        .read_text()
        .replace(
            '"https://github.com/tinyland-inc/GloriousFlywheel.git"',
            f'"https://x-access-token:{s["remote_tok"]}@github.com/other/GloriousFlywheel.git"',
        )
    )
    put(root, "MODULE.bazel", mod)
    wf = (
        (root / WF)
        .read_text()
        .replace(
            "runs-on: [self-hosted, tinyland-nix]", f"runs-on: [self-hosted, {s['label_tok']}]"
        )
    )
    wf = wf.replace("ref: ${{ env.GF_CORE_REF }}", f"ref: {s['ref_tok']}")
    wf = wf.replace(
        "run: just enrollment-preflight-strict",
        "uses: docker://ci:" + s["docker_tok"] + "@registry.example.com/img:1",
    )
    put(root, WF, wf)
    org = (root / ORG).read_text().replace("slug: tinyland-inc", f"slug: {s['slug_tok']}")
    put(root, ORG, org)
    put(root, "k8s/dup.yaml", f"{s['dup_key_tok']}: 1\n{s['dup_key_tok']}: 2\n")
    put(root, "data/dup.json", f'{{"{s["json_key_tok"]}": 1, "{s["json_key_tok"]}": 2}}\n')
    just = (root / "Justfile").read_text()
    put(root, "Justfile", just + f"\nleak := {s['just_tok']}\n")
    put(
        root,
        ".overlay-preflight.yaml",
        f"suppressions:\n  - rule: trailing-whitespace\n    path: notes.md\n    reason: see {s['reason_tok']}\n",  # noqa: E501
    )
    put(root, "notes.md", "x  \n")
    return root


def _secrets() -> list[Case]:
    c = []
    values = tuple(PLANTED.values())
    for command in ("enrollment", "core-pin", "workflows", "secrets", "hygiene", "taxonomy"):
        for fmt in ("text", "json", "sarif", "junit"):

            def build(d: Path, command: str = command, fmt: str = fmt) -> list[str]:
                root = planted_overlay(d)
                writes = [
                    f"--write={f}={d / ('w.' + f)}" for f in ("text", "json", "sarif", "junit")
                ]
                target = (
                    [str(root / TFVARS)] if command == "taxonomy" else ["--overlay-root", str(root)]
                )
                extra = (
                    ["--expected-core-ref", SHA] if command in ("enrollment", "core-pin") else []
                )
                return [
                    command,
                    *target,
                    *extra,
                    "--format",
                    fmt,
                    "--output",
                    str(d / "out"),
                    *writes,
                    "--debug",
                ]

            c.append(
                Case(
                    f"2.{command}.{fmt}",
                    "secrets",
                    f"planted secrets: {command} --format {fmt}",
                    build,
                    secrets=values,
                    outputs=("out", "w.text", "w.json", "w.sarif", "w.junit"),
                )
            )
    found = {  # 2.49-2.75: what the scan must keep finding
        "notes/gitlab.md": "glpat-Gl0bal0123456789abcd\n",
        ".env": "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLF\nSLACK=xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx\n",  # noqa: E501
        "docs/runbook.md": "AGE-SECRET-KEY-1QYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQYQSZQGPQY\n",  # noqa: E501
        "keys/id.pem": "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n",  # noqa: E501
        "tofu/backend.hcl": 'secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"\n',
        "k8s/kubeconfig.yaml": "users:\n- user:\n    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=\n",  # noqa: E501
        "hooks.md": "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\n",
        "stripe.md": "sk_live_4eC39HqLyjWDarjtT1zdp7dc\n",
    }

    def scan(d: Path) -> list[str]:
        root = d / "s"
        for rel, text in found.items():
            put(root, rel, text)
        return ["secrets", str(root), "--format", "json"]

    def all_found(code: int, out: str) -> str | None:
        hits = {f["path"] for f in json.loads(out)["findings"] if f["rule"] == "secret-plaintext"}
        missed = sorted(set(found) - hits)
        return f"missed {missed}" if missed else None

    c.append(
        Case("2.49-2.75", "secrets", "known token shapes are still found", scan, expect=all_found)
    )
    clean = {  # 2.101-2.113: what must not be flagged
        "secrets/app.enc.yaml": "token: ENC[AES256_GCM,data:AbCdEf==,iv:xyz=,tag:abc=,type:str]\nsops:\n  age:\n    - recipient: age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqsk0p7r\n",  # noqa: E501
        "nix/flake.lock": '{"nodes": {"a": {"locked": {"narHash": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}}}}\n',  # noqa: E501
        "nix/nix.conf": "trusted-public-keys = main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s=\n",
        "package-lock.json": '{"integrity": "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="}\n',  # noqa: E501
        "docker/compose.yaml": "image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n",  # noqa: E501
        "docs/uuids.md": "123e4567-e89b-12d3-a456-426614174000\n",
        ".github/workflows/ref.yml": "env:\n  T: ${{ secrets.GF_CORE_READ_TOKEN }}\n",
    }

    def scan_clean(d: Path) -> list[str]:
        root = d / "s"
        for rel, text in clean.items():
            put(root, rel, text)
        return ["secrets", str(root), "--format", "json"]

    c.append(
        Case(
            "2.101-2.113",
            "secrets",
            "no false positives on estate shapes",
            scan_clean,
            expect=lacks("secret-plaintext"),
        )
    )
    return c


# --- 3.x the overlay's config ---------------------------------------------------


def _config() -> list[Case]:
    c = []
    entry = (
        "suppressions:\n  - rule: trailing-whitespace\n    path: notes.md\n    reason: reviewed\n"
    )
    for cid, text in (
        ("3.01", "suppressions: [\n"),
        ("3.02", "- a\n- b\n"),
        ("3.04", "suppressions:\n  - {rule: trailing-whitespace, path: notes.md}\n"),
        ("3.05", "suppressions:\n  - {rule: no-such-rule, path: notes.md, reason: x}\n"),
        ("3.06", "suppressions:\n  - {rule: input-invalid, path: notes.md, reason: x}\n"),
        ("3.07", "suppressions:\n  - {rule: secret-plaintext, path: notes.md, reason: x}\n"),
        ("3.15", entry + "    expires: 2027-03-31 10:00:00\n"),
        ("3.16", entry + "    expires: 2027-03-31T00:00:00Z\n"),
        ("3.17", entry + "    expires: 2027-02-30\n"),
        ("3.19", entry + "    expiry: 2020-01-01\n"),
        ("3.23", "suppressions:\n  - {rule: [a], path: {b: c}, reason: 3}\n"),
        ("3.28", entry.replace("reviewed", "r" * 100_000)),
        ("3.34", "policy:\n  visibility: 2027-02-30\n"),
        ("3.35", "policy:\n  visibility: " + "9" * 5000 + "\n"),
        ("3.43", "policy:\n  visibility: 2027-03-31 10:00:00 -25:00\n"),
        ("3.44", "policy:\n  visibility: 0b" + "1" * 20_000 + "\n"),
    ):

        def build(d: Path, text: str = text) -> list[str]:
            root = example(d)
            put(root, ".overlay-preflight.yaml", text)
            put(root, "notes.md", "x  \n")
            return ["hygiene", str(root), "--format", "json"]

        codes = (0, 1) if cid == "3.28" else (1,)  # a 100 KB reason is still a reason
        c.append(Case(cid, "config", f"config: {text.strip()[:40]!r}", build, expect=rc(*codes)))
    for cid, text in (
        ("3.36", "name: 2026-13-01\n"),
        ("3.37", "x: " + "9" * 5000 + "\n"),
        ("3.38", "release: 2024-02-30\n"),
        ("3.45", "x: " + ":".join(["59"] * 2000) + "\n"),
    ):
        c.append(
            Case(
                cid,
                "config",
                f"a bad scalar in any YAML: {text[:20]!r}",
                overlay_with("k8s/cm.yaml", text),
                expect=rc(0, 1),
            )
        )
    return c


# --- 5.x exit codes -------------------------------------------------------------


def _exit_codes() -> list[Case]:
    c = []

    def argv(*args: str, example_root: bool = False) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            (d / "afile.txt").write_text("x\n")
            (d / "empty").mkdir()
            root = str(example(d)) if example_root else ""
            return [a.replace("ROOT", root).replace("DIR", str(d)) for a in args]

        return build

    for command in ("enrollment", "core-pin", "workflows", "secrets", "hygiene"):
        for what, args, codes in (
            ("unknown flag", ("--bogus",), (2,)),
            ("missing root", ("--overlay-root", "/nonexistent"), (2,)),
            ("root is a file", ("--overlay-root", "DIR/afile.txt"), (2,)),
            ("empty directory", ("--overlay-root", "DIR/empty"), (0, 1)),
            ("--format xml", ("--overlay-root", "ROOT", "--format", "xml"), (2,)),
            ("--write json", ("--overlay-root", "ROOT", "--write", "json"), (2,)),
            (
                "--output into a missing dir",
                ("--overlay-root", "ROOT", "--output", "/nonexistent/r"),
                (2,),
            ),
        ):
            c.append(
                Case(
                    f"5.{command}.{what}",
                    "exit-codes",
                    f"{command}: {what}",
                    argv(command, *args, example_root=True),
                    expect=rc(*codes),
                )
            )
    for cid, args, codes in (
        ("5.53", ("enrollment", "--overlay-root", "ROOT", "--tfvars", "/nonexistent.tfvars"), (1,)),
        ("5.56", ("enrollment", "--overlay-root", "ROOT", "--output", "DIR"), (2,)),
        ("5.57", ("enrollment", "--overlay-root", "ROOT", "--write", "sarif=/proc/nope/x"), (2,)),
        (
            "5.59",
            ("enrollment", "--overlay-root", "ROOT", "--expect-warning", "no-such-rule"),
            (2,),
        ),
        ("5.61", ("enrollment", "--overlay-root", "ROOT", "--core-path", "/nonexistent"), (2,)),
        (
            "5.64",
            (
                "enrollment",
                "--overlay-root",
                "ROOT",
                "--expected-core-ref",
                "--upload-pack=touch PWNED",
                "--core-path",
                "ROOT",
            ),
            (1,),
        ),
        ("5.67", ("enrollment", "--overlay-root", "ROOT", "--today", "not-a-date"), (2,)),
        ("5.72", ("taxonomy", "/nonexistent.tfvars"), (2,)),
        ("5.83", ("schema", "--schema", "/nonexistent.json", "DIR/afile.txt"), (2,)),
        ("5.100", ("plan", "DIR/afile.txt", "--stack-dir", "/nonexistent"), (2,)),
        ("5.104", ("residue", "--live", "DIR/afile.txt"), (2,)),
        ("5.122", ("enrollment", "--overlay-root", "ROOT", "--output", "/dev/full"), (2,)),
    ):
        c.append(
            Case(
                cid,
                "exit-codes",
                " ".join(args)[:60],
                argv(*args, example_root=True),
                marker="PWNED",
                expect=rc(*codes),
            )
        )

    def no_tfvars(d: Path) -> list[str]:
        root = example(d)
        (root / TFVARS).unlink()
        return enroll(root, "--strict", "--expected-core-ref", SHA)

    c.append(
        Case(
            "5.54",
            "exit-codes",
            "enrollment --strict without tfvars",
            no_tfvars,
            expect=has("input-missing", codes=(1,)),
        )
    )
    c.append(
        Case(
            "5.121",
            "exit-codes",
            "stdout closed",
            argv("enrollment", "--overlay-root", "ROOT", example_root=True),
            stdout_closed=True,
            expect=rc(2),
        )
    )
    return c


# --- 7.x captures ---------------------------------------------------------------


def _captures() -> list[Case]:
    c = []
    nodes = json.loads(NODES.read_text())
    live = json.loads((LIVE / "ars.json").read_text())

    def capacity_with(
        mutate: Callable[[dict], object], raw: str | None = None
    ) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            doc = json.loads(json.dumps(nodes))
            out = mutate(doc)
            text = raw if raw is not None else json.dumps(doc if out is None else out)
            put(d, "nodes.json", text)
            return [
                "capacity",
                "--nodes",
                str(d / "nodes.json"),
                str(EXAMPLES / "tinyland-infra"),
                "--format",
                "json",
            ]

        return build

    def alloc(resource: str, value: object) -> Callable[[dict], None]:
        return lambda doc: doc["items"][0]["status"]["allocatable"].__setitem__(resource, value)

    text = NODES.read_text()
    for cid, build in (
        ("7.01", capacity_with(lambda d: None, raw=text[: len(text) // 2])),
        ("7.02", capacity_with(lambda d: None, raw="")),
        ("7.03", capacity_with(lambda d: [])),
        ("7.09", capacity_with(alloc("cpu", "1e309"))),
        ("7.10", capacity_with(alloc("memory", "1e309"))),
        ("7.11", capacity_with(alloc("cpu", "-5"))),
        (
            "7.13",
            capacity_with(lambda d: None, raw=text.replace('"cpu": "', '"cpu": NaN, "x": "', 1)),
        ),
        (
            "7.14",
            capacity_with(
                lambda d: None, raw=text.replace('"memory": "', '"memory": Infinity, "x": "', 1)
            ),
        ),
        ("7.16", capacity_with(alloc("cpu", "1e999999999"))),
        (
            "7.17",
            capacity_with(
                lambda d: None,
                raw=text.replace('"pods": "', '"pods": ' + "9" * 5000 + ', "x": "', 1),
            ),
        ),
        ("7.19", capacity_with(alloc("cpu", "1e-999999"))),
        ("7.21", capacity_with(lambda d: d["items"][0]["spec"].__setitem__("taints", "x"))),
        ("7.24", capacity_with(alloc("cpu", True))),
        (
            "7.51",
            capacity_with(lambda d: None, raw=text.replace('"name": "', '"name": "\\ud800', 1)),
        ),
    ):
        codes = (0, 1) if cid == "7.51" else (1,)  # a lone surrogate is a name, shown escaped
        c.append(Case(cid, "captures", f"capacity --nodes variant {cid}", build, expect=rc(*codes)))
    if live is not None:
        c.append(
            Case(
                "7.05",
                "captures",
                "scale sets given as --nodes",
                capacity_with(lambda d: live),
                expect=has("input-invalid", codes=(1,)),
            )
        )

    def residue(live_text: str) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            put(d, "live.json", live_text)
            return [
                "residue",
                "--live",
                str(d / "live.json"),
                str(EXAMPLES / "tinyland-infra"),
                "--format",
                "text",
            ]

        return build

    c.append(
        Case(
            "7.40",
            "captures",
            "nodes given as --live",
            residue(text),
            expect=has("input-invalid", codes=(1,)),
        )
    )
    if live is not None:
        forged = json.loads(json.dumps(live))
        forged["items"][0]["metadata"]["name"] = "x\n::error::injected\n\u0000"
        c.append(
            Case(
                "7.49",
                "captures",
                "scale-set names forging lines",
                residue(json.dumps(forged)),
                expect=lambda code, out: (
                    "a line starts with ::"
                    if any(line.lstrip().startswith("::") for line in out.splitlines())
                    else None
                ),
            )
        )
        c.append(
            Case(
                "7.44",
                "captures",
                "5000-digit integer in a scale set",
                residue(json.dumps(live).replace("{", '{"n": ' + "9" * 5000 + ", ", 1)),
                expect=rc(1),
            )
        )

    def policy(text: str) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            put(d, "policy.yaml", text)
            return [
                "capacity",
                "--nodes",
                str(NODES),
                "--policy",
                str(d / "policy.yaml"),
                str(EXAMPLES / "tinyland-infra"),
                "--format",
                "json",
            ]

        return build

    for cid, text in (
        ("7.32", "max_oversubscription: {cpu: .inf}\n"),
        ("7.33", "max_oversubscription: {cpu: .nan}\n"),
        ("7.34", "max_oversubscription: {cpu: -1}\n"),
    ):
        c.append(
            Case(
                cid,
                "captures",
                f"policy {text.strip()}",
                policy(text),
                expect=both(rc(1), lacks("Infinity", "NaN")),
            )
        )

    def negative(d: Path) -> list[str]:
        root = example(d)
        tfv = (
            (root / TFVARS)
            .read_text()
            .replace("nix_max_runners           = 6", "nix_max_runners = 40")
        )
        tfv = tfv.replace(
            "extra_runner_sets = {}",
            'extra_runner_sets = { "tinyland-inc-x" = { runner_type = "nix", '
            'runner_label = "tinyland-nix", max_runners = 100, cpu_request = "-100", '
            'memory_request = "-200Gi", ephemeral_storage_request = "-2Ti" } }',
        )
        put(root, TFVARS, tfv)
        return ["capacity", "--nodes", str(NODES), str(root), "--format", "json"]

    c.append(
        Case(
            "7.29",
            "captures",
            "negative requests never cancel an over-policy blocker",
            negative,
            expect=has("capacity-over-policy", "quantity-invalid", codes=(1,)),
        )
    )

    def plan(text: str) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            put(d, "plan.json", text)
            return ["plan", str(d / "plan.json"), "--format", "text"]

        return build

    change = {
        "address": "x",
        "mode": "managed",
        "type": "t",
        "name": "n",
        "change": {"actions": ["delete"], "before": {}, "after": None},
    }
    for cid, doc in (
        (
            "7.63",
            {
                "format_version": "1.2",
                "resource_changes": [{**change, "address": "a\n::error::forged"}],
            },
        ),
        (
            "7.66",
            {"format_version": "1.2", "resource_changes": [{**change, "address": "x" * 100_000}]},
        ),
    ):
        c.append(
            Case(
                cid,
                "captures",
                f"plan variant {cid}",
                plan(json.dumps(doc)),
                expect=lambda code, out: (
                    "a line starts with ::"
                    if any(line.lstrip().startswith("::") for line in out.splitlines())
                    else None
                ),
            )
        )
    c.append(
        Case(
            "7.64",
            "captures",
            "5000-digit integer in a plan",
            plan('{"format_version": "1.2", "x": ' + "9" * 5000 + "}"),
            expect=rc(1),
        )
    )
    c.append(
        Case(
            "7.65",
            "captures",
            "NaN in a plan",
            plan('{"format_version": "1.2", "x": NaN}'),
            expect=rc(1),
        )
    )
    return c


# --- 8.x network ------------------------------------------------------------------


def _network() -> list[Case]:
    def schema(ref: str) -> Callable[[Path], list[str]]:
        def build(d: Path) -> list[str]:
            put(d, "s.json", json.dumps({"$ref": ref}))
            put(d, "d.yaml", "a: 1\n")
            return ["schema", "--schema", str(d / "s.json"), str(d / "d.yaml")]

        return build

    return [
        Case(
            "8.10",
            "network",
            "schema with a remote $ref",
            schema("http://169.254.169.254/latest"),
            expect=has("input-invalid", codes=(1,)),
        ),
        Case(
            "8.18",
            "network",
            "schema with a loopback $ref",
            schema("http://127.0.0.1:9/x.json"),
            expect=has("input-invalid", codes=(1,)),
        ),
        Case(
            "5.88",
            "network",
            "schema with a dangling local $ref",
            schema("#/$defs/nope"),
            expect=has("input-invalid", codes=(1,)),
        ),
        Case(
            "8.19",
            "network",
            "schema with a file $ref",
            schema("file:///etc/passwd"),
            expect=both(rc(1), lacks("root:")),
        ),
    ]


def cases() -> list[Case]:
    """Every case, in a stable order."""
    return [*_hostile(), *_secrets(), *_config(), *_exit_codes(), *_captures(), *_network()]
