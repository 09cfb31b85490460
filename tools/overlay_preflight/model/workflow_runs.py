"""What a workflow (or a composite action) runs, as shell commands: each
step's `run:` script (and action inputs that take a command), and what they
reach inside the overlay, followed to the file that holds it: repo-local
scripts a command runs (`./scripts/x.sh`, `bash scripts/x.sh`,
`. scripts/env.sh`; resolved against the step's working directory) and
local composite actions a step uses (`uses: ./path`). Each group of
commands names its file and the workflow step that runs it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..loaders import LoadError
from ..loaders.comments import SHELL, kind_of
from ..loaders.shell import SHELLS, Command, parse_script
from ..loaders.yamlfile import LineDict, load_yaml_text

# Inputs of actions that run their value as a shell script (the core's
# nix-job action takes `command`); actions/github-script's `script` is JavaScript.
SCRIPT_INPUTS = ("run", "command", "commands", "script")
NOT_SHELL_ACTIONS = ("actions/github-script",)
MAX_DEPTH = 4  # scripts calling scripts (and actions using actions) followed this deep
_SOURCE = frozenset({".", "source"})


@dataclass(frozen=True)
class Commands:
    rel: str  # the file that holds them
    commands: tuple[Command, ...]
    via: str  # the workflow step that runs this file; "" for a file's own steps


def working_directory(doc: Any, job: Any, step: LineDict) -> str:
    """A step's working directory: its own, else the job's or workflow's defaults."""
    if isinstance(step.get("working-directory"), str):
        return str(step["working-directory"])
    for holder in (job, doc):
        defaults = holder.get("defaults") if isinstance(holder, dict) else None
        run = defaults.get("run") if isinstance(defaults, dict) else None
        if isinstance(run, dict) and isinstance(run.get("working-directory"), str):
            return str(run["working-directory"])
    return "."


def first_line(lines: list[str], key: str, key_line: int) -> int:
    """The line of a value's first line (`lines`: its file's): the next one
    for a block scalar."""
    if 0 < key_line <= len(lines):
        head = lines[key_line - 1].partition(f"{key}:")[2].strip()
        if head[:1] in ("|", ">"):
            return key_line + 1
    return key_line


def steps(doc: Any) -> Iterator[tuple[str, Any, LineDict]]:
    """(where, job, step) of every step of a workflow's jobs or a composite action."""
    holders: list[tuple[str, Any]] = []
    if isinstance(doc, dict) and isinstance(doc.get("jobs"), dict):
        holders = [(f"job {job_id} ", job) for job_id, job in doc["jobs"].items()]
    elif isinstance(doc, dict) and isinstance(doc.get("runs"), dict):
        holders = [("", doc["runs"])]
    for prefix, holder in holders:
        items = holder.get("steps") if isinstance(holder, dict) else None
        for index, step in enumerate(items if isinstance(items, list) else ()):
            if isinstance(step, LineDict):
                yield f"{prefix}step {index + 1}", holder, step


def scripts(step: LineDict) -> Iterator[tuple[LineDict, str]]:
    """(holder, key) of each shell script of a step: `run`, or an action
    input that takes a command."""
    if isinstance(step.get("run"), str):
        shell = step.get("shell")
        if not isinstance(shell, str) or shell.split()[:1] in (["bash"], ["sh"]):
            yield step, "run"
    inputs = step.get("with")
    uses = step.get("uses")
    if not isinstance(inputs, LineDict) or (
        isinstance(uses, str) and uses.startswith(NOT_SHELL_ACTIONS)
    ):
        return
    for key in SCRIPT_INPUTS[1:]:
        if isinstance(inputs.get(key), str):
            yield inputs, key


def _local(word: str, workdir: str) -> str | None:
    """The overlay path a literal path word names, relative to `workdir`."""
    for prefix in ("${GITHUB_WORKSPACE}/", "$GITHUB_WORKSPACE/"):
        word = word.removeprefix(prefix)
    if not word or word.startswith(("/", "~", "$", "-")) or "/" not in word:
        return None
    path = posixpath.normpath(posixpath.join(workdir, word))
    return None if path.startswith("../") else path


def script_path(command: Command, workdir: str) -> tuple[str, bool] | None:
    """(path, run by a shell) of a repo-local script the command runs."""
    words = command.words
    if not words or not words[0].literal:
        return None
    name = command.name
    if name in SHELLS or name in _SOURCE:
        first, rest = None, list(words[1:])
        while rest and first is None:
            word = rest.pop(0)
            if word.text.startswith(("-", "+")) and len(word.text) > 1:
                if word.text.endswith("c") and not word.text.startswith("--"):
                    return None  # `bash -c '...'`: the loader reads the string as a script
                if word.text.endswith("o") and not word.text.startswith("--"):
                    rest = rest[1:]  # `-o pipefail`
            else:
                first = word
        if first is None or not first.literal:
            return None
        path = _local(first.text if "/" in first.text else f"./{first.text}", workdir)
        return (path, True) if path else None
    path = _local(words[0].text, workdir)
    return (path, False) if path else None


class _Follower:
    def __init__(self, texts: dict[str, str]):
        self.texts = texts

    def commands(self, rel: str, doc: Any, via: str, depth: int = 0) -> Iterator[Commands]:
        text = self.texts.get(rel)
        lines = text.splitlines() if text else []  # once per file, not once per step
        for where, job, step in steps(doc):
            here = via or f"{rel} {where}"
            workdir = working_directory(doc, job, step)
            for holder, key in scripts(step):
                start = first_line(lines, key, holder.line_of(key))
                found = parse_script(holder[key], start, github=True).commands
                yield Commands(rel, tuple(found), via)
                yield from self.scripts(found, workdir, here, depth)
            uses = step.get("uses")
            if isinstance(uses, str) and uses.strip().startswith("./") and depth < MAX_DEPTH:
                yield from self.action(uses.strip(), here, depth + 1)

    def scripts(
        self, commands: list[Command], workdir: str, via: str, depth: int
    ) -> Iterator[Commands]:
        if depth >= MAX_DEPTH:
            return
        for command in commands:
            found = script_path(command, workdir)
            if found is None or found[0] not in self.texts:
                continue
            path, by_shell = found
            text = self.texts[path]
            if not by_shell and kind_of(path, text) != SHELL:
                continue
            inner = parse_script(text, 1).commands
            yield Commands(path, tuple(inner), via)
            yield from self.scripts(inner, workdir, via, depth + 1)

    def action(self, uses: str, via: str, depth: int) -> Iterator[Commands]:
        base = posixpath.normpath(uses.split("@", 1)[0])
        for name in ("action.yml", "action.yaml"):
            rel = posixpath.join(base, name)
            if rel not in self.texts:
                continue
            try:
                doc = load_yaml_text(self.texts[rel], rel)
            except LoadError:
                return  # a broken action is the action check's (and the inputs') finding
            yield from self.commands(rel, doc, via, depth)
            return


def commands(rel: str, doc: Any, texts: dict[str, str]) -> Iterator[Commands]:
    """The commands of a workflow or composite action `doc` (at `rel`), then
    those of every repo-local script and local action it reaches."""
    yield from _Follower(texts).commands(rel, doc, "")
