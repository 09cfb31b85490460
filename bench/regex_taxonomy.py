"""A stand-in for the operators' own runner-taxonomy validator, for timing only.

It works the way theirs does (one pass of line regexes over the tfvars and a
brace counter for `extra_runner_sets`, no HCL parser) and imports the same
standard modules, so its start-up and run time are a fair baseline for
`validate-overlay-runner-taxonomy`. It is not a validator to rely on: it
misreads any value written across lines, in a heredoc or as an expression.

  python bench/regex_taxonomy.py [--allow-repo-registration-anchor] TFVARS...
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

SHARED = {"tinyland-nix", "tinyland-docker", "tinyland-dind"} | {
    f"tinyland-nix-{s}" for s in ("heavy", "kvm", "gpu")
}
FAMILIES = {"nix", "docker", "dind"}
SUFFIXES = {
    *("aarch64", "arm64", "browser", "dawn", "darwin", "gpu", "heavy", "kvm", "linux"),
    *("macos", "privileged", "riscv", "vm", "webgpu", "x86_64"),
}
IDENTITY = {"7810", "dell", "personal", "massageithaca", "scheduling", "xoxdwm"}
IDENTITY |= {"gftb", "great", "falls", "toolbus"}
KEY = "main:eaUydxuDu7xBoy5cCo3MdknYAkVyTIASQ7DGuwxa+XA="
CACHELESS = {"personal-docker"}


@dataclass
class Entry:
    key: str
    line: int
    fields: dict = field(default_factory=dict)


def code_part(line: str) -> str:
    """The line up to a `#` or `//` comment that is not inside a string."""
    quoted = False
    for i, ch in enumerate(line):
        if ch == '"' and (i == 0 or line[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and (ch == "#" or line.startswith("//", i)):
            return line[:i]
    return line


def braces(line: str) -> int:
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', code_part(line))
    return bare.count("{") - bare.count("}")


ASSIGN = re.compile(r'^\s*([A-Za-z0-9_-]+)\s*=\s*"([^"]*)"\s*$')
OPEN = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=\s*\{\s*$')


def scan(lines: list[str]) -> tuple[dict, list[Entry]]:
    """Every `name = "value"` line, and the entries of extra_runner_sets."""
    strings: dict[str, list[tuple[int, str]]] = {}
    entries: list[Entry] = []
    depth, current = 0, None
    for number, raw in enumerate(lines, 1):
        line = code_part(raw)
        match = ASSIGN.match(line)
        if match:
            strings.setdefault(match.group(1), []).append((number, match.group(2)))
        if depth == 0 and re.match(r"^\s*extra_runner_sets\s*=\s*\{\s*$", line):
            depth = 1
            continue
        if depth == 1 and OPEN.match(line):
            current = Entry(OPEN.match(line).group(1), number)
            entries.append(current)
        elif current is not None and match:
            current.fields[match.group(1)] = match.group(2)
        if depth:
            depth += braces(line)
            if depth == 1:
                current = None
    return strings, entries


def label_problems(label: str) -> list[str]:
    if label in SHARED:
        return []
    parts = label.lower().split("-")
    if len(parts) < 2 or parts[0] != "tinyland" or parts[1] not in FAMILIES:
        return ["not a tinyland-<nix|docker|dind> capability label"]
    out = [f"unknown suffix {s}" for s in parts[2:] if s not in SUFFIXES]
    out += [f"identity token {t}" for t in sorted(IDENTITY & set(parts))]
    return out


def url_problem(url: str, anchors: bool) -> str | None:
    parsed = urlparse(url)
    parts = [p for p in parsed.path.split("/") if p]
    if (
        parsed.scheme != "https"
        or parsed.netloc.lower() != "github.com"
        or len(parts) not in (1, 2)
    ):
        return f"github_config_url {url!r} is not a GitHub owner or repository URL"
    if len(parts) == 2 and not anchors:
        return f"github_config_url {url!r} is repo scoped"
    return None


def check(path: Path, anchors: bool) -> list[str]:
    strings, entries = scan(path.read_text(encoding="utf-8").splitlines())
    out = [
        f"{path}:{n}: runner_label {label!r}: {p}"
        for n, label in strings.get("runner_label", [])
        for p in label_problems(label)
    ]
    for n, url in strings.get("github_config_url", []):
        problem = url_problem(url, anchors)
        if problem:
            out.append(f"{path}:{n}: {problem}")
    keys = strings.get("attic_public_key", [])
    if strings.get("attic_server") and not keys:
        out.append(f"{path}:{strings['attic_server'][0][0]}: attic_public_key is missing")
    out += [f"{path}:{n}: attic_public_key is not the shared key" for n, k in keys if k != KEY]
    for e in entries:
        f = e.fields
        for name in ("runner_label", "github_config_url"):
            if name not in f:
                out.append(f"{path}:{e.line}: {e.key}: missing {name}")
        if f.get("bazel_executor_endpoint") and not f.get("bazel_cache_endpoint"):
            out.append(f"{path}:{e.line}: {e.key}: executor without a cache")
        if f.get("runner_type") in FAMILIES and e.key not in CACHELESS:
            if not f.get("bazel_cache_endpoint"):
                out.append(f"{path}:{e.line}: {e.key}: no bazel_cache_endpoint")
            if f.get("runner_type") == "nix" and not f.get("attic_server"):
                out.append(f"{path}:{e.line}: {e.key}: no attic_server")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--allow-repo-registration-anchor", action="store_true")
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args()
    problems = [p for path in args.paths for p in check(path, args.allow_repo_registration_anchor)]
    if problems:
        print("runner taxonomy validation failed:", *(f"- {p}" for p in problems), sep="\n")
        return 1
    print("runner taxonomy validation passed: " + ", ".join(map(str, args.paths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
