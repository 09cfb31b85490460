"""Core code runs only from the pinned checkout: no shell clone or fetch of
the core, no `uses:` of an action or reusable workflow from the core
repository (even SHA-pinned), and every core flake reference (the `#ci`
devshell) carries the pin: `github:<core>/${GF_CORE_REF}` (or the pinned SHA),
or `path:` to a core checkout of the same job (which must be HEAD-asserted)."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .. import registry
from ..loaders.workflow import Workflow
from ..loaders.yamlfile import LineDict, LineList
from ..model import kinds
from ..model.context import Context
from ..model.github import normalize_repo
from ..report import Finding, finding
from . import workflow_core as core
from . import workflow_shell
from .workflow_policy import core_repository

CONCERN = "workflows"
SHELL_CLONE = registry.rule(
    "core-shell-clone",
    registry.BLOCKER,
    "A workflow script clones or fetches the core repository itself (git clone/fetch, "
    "gh repo clone, or curl/wget of its files at a ref that is not a full commit SHA), past "
    "the pinned, HEAD-asserted checkout.",
    "Check the core out with actions/checkout at ${{ env.GF_CORE_REF }} and assert HEAD.",
    concern=CONCERN,
)
REMOTE_USES = registry.rule(
    "core-remote-uses",
    registry.BLOCKER,
    "A workflow uses an action or reusable workflow straight from the core repository "
    "(even SHA-pinned): core code runs only from the pinned checkout.",
    "Check the core out at the pin and use the action by path (uses: ./<core path>/...).",
    concern=CONCERN,
)
DEVSHELL = registry.rule(
    "core-devshell-unpinned",
    registry.BLOCKER,
    "A core flake reference in a workflow (the #ci devshell) does not carry the pin: "
    "github:<core> without ${GF_CORE_REF} or the pinned SHA, or path: to something other "
    "than the job's core checkout.",
    "Use github:<core>/${GF_CORE_REF}#ci, or path:<the core checkout's path>#ci after the "
    "HEAD assertion.",
    concern=CONCERN,
)

RULES = (SHELL_CLONE, REMOTE_USES, DEVSHELL)
NEEDS = frozenset({kinds.ORGANIZATION, kinds.WORKFLOWS})

CORE_CI = "GF_CORE_CI_PATH"  # the variable that names the core's #ci devshell
_FETCHING = {("clone",), ("fetch",), ("pull",), ("remote", "add"), ("submodule", "add")}


@dataclass(frozen=True)
class _Text:
    """A string of a job: where it is, and how its `$X` resolve."""

    value: str
    line: int
    step: LineDict | None
    script: bool  # a shell script (run:, or a multi-word `with:` value)
    key: str = ""  # the mapping key that holds it

    def line_at(self, row: int) -> int:
        """The file line of the script's line `row` (a block scalar starts below its key)."""
        return self.line + 1 + row if "\n" in self.value else self.line


def _repo(arg: str) -> str | None:
    if "://" in arg and "@" in arg.split("://", 1)[1].split("/", 1)[0]:
        scheme, rest = arg.split("://", 1)
        arg = f"{scheme}://{rest.split('@', 1)[1]}"
    return normalize_repo(arg)


def _texts(job: LineDict) -> Iterator[_Text]:
    def strings(
        value: object, line: int, step: LineDict | None, script: bool, key: str = ""
    ) -> Iterator[_Text]:
        if isinstance(value, str):
            yield _Text(value, line, step, script or "\n" in value.strip(), key)
        elif isinstance(value, LineDict):
            for k, item in value.items():
                yield from strings(item, value.line_of(k), step, script or k == "run", str(k))
        elif isinstance(value, LineList):
            for i, item in enumerate(value):
                yield from strings(item, value.line_of(i), step, script)

    for key, value in job.items():
        if key != "steps":
            yield from strings(value, job.line_of(key), None, False)
    for step in core.steps(job):
        yield from strings(step, step.line, step, False)


def _flake(text: str) -> tuple[str, str, str] | None:
    """(kind, repository or path, ref) of a github:/path: flake reference."""
    for kind in ("github:", "path:"):
        if text.lower().startswith(kind):
            body = text[len(kind) :].split("#", 1)[0]
            body, _, query = body.partition("?")
            params = dict(p.partition("=")[::2] for p in query.split("&") if p)
            if kind == "path:":
                return "path", body, ""
            parts = body.split("/")
            ref = "/".join(parts[2:]) or params.get("rev", "") or params.get("ref", "")
            return "github", "/".join(parts[:2]), ref
    return None


class _Job:
    def __init__(self, ctx: Context, wf: Workflow, job_id: str, job: LineDict):
        self.ctx, self.wf, self.job_id, self.job = ctx, wf, job_id, job
        self.core = normalize_repo(core_repository(ctx)) or ""
        self.dirs = {
            posixpath.basename(c.directory)
            for c in core.core_checkouts(ctx, wf)
            if c.job_id == job_id
        }

    def judge(self, text: str, step: object, named_core: bool = False) -> str | None:
        """Why `text` (a flake reference) does not carry the pin, or None."""
        flake = _flake(text.strip())
        if flake is None:
            return None
        kind, target, ref = flake
        if kind == "path":
            base = posixpath.basename(posixpath.normpath(target)) if target else ""
            coreish = named_core or self.core.split("/")[-1] in target.lower() or base in self.dirs
            if "$" in base or not coreish or base in self.dirs:
                return None
            return f"{text[:100]!r} is not the path of this job's pinned core checkout"
        if normalize_repo(target) != self.core:
            return None
        if not ref:
            return f"{text[:100]!r} names no ref, so it follows the default branch"
        name = ref.strip("${}")
        if ref.startswith("$") and name == core.CORE_REF:
            if core.env_value(self.wf, self.job, step, core.CORE_REF)[0]:
                return None
            return f"{text[:100]!r} reads {core.CORE_REF}, which the workflow does not define"
        value = core.sha(ref)
        allowed = core.allowed_shas(self.ctx, self.wf.rel)
        if value and (value in allowed or not allowed):
            return None
        return f"{text[:100]!r} is not at ${{{core.CORE_REF}}} or the pinned commit"


def _words(j: _Job, text: _Text) -> Iterator[tuple[str, int, workflow_shell.Command | None, bool]]:
    """(word with its variables resolved, row, command, names the core's devshell) of
    every assignment value and command word of a script; GF_CORE_REF stays a
    reference (core_pin judges it)."""
    if not text.script:
        yield text.value, 0, None, text.key == CORE_CI
        return
    script = workflow_shell.parse(text.value)
    assigned = [(n, v, offset) for n, v, offset in script.assignments() if v is not None]

    def resolver(upto: int, depth: int = 0) -> Callable[[str], str | None]:
        def resolve(name: str) -> str | None:
            if name == core.CORE_REF or depth > 3:
                return None
            for var, node, offset in reversed(assigned):
                if var == name and offset < upto:
                    return script.word(node, resolver(offset, depth + 1))
            found, value = core.env_value(j.wf, j.job, text.step, name)
            return value if found and isinstance(value, str) and "${{" not in value else None

        return resolve

    def shown(word: str) -> str:
        for placeholder, expr in script.expressions.items():
            word = word.replace(placeholder, "${" + expr.removeprefix("env.") + "}")
        return word

    for name, node, offset in assigned:
        word = shown(script.word(node, resolver(offset)))
        yield word, node.start_point[0], None, name == CORE_CI
    for node in script.walk():
        if node.type == "command":
            row, resolve = node.start_point[0], resolver(node.start_byte)
            name = node.child_by_field_name("name")
            args = [shown(script.word(a, resolve)) for a in node.children_by_field_name("argument")]
            words = (script.word(name) if name is not None else "", *args)
            yield "", row, workflow_shell.Command(words, row), False
            for arg in args:
                yield arg, row, None, False


def _check_job(j: _Job) -> Iterator[Finding]:
    rel, where = j.wf.rel, f"job {j.job_id}"
    for text in _texts(j.job):
        seen: set[str] = set()
        for word, row, command, named_core in _words(j, text):
            if command is not None:
                yield from _clone(j, text, command)
                continue
            why = j.judge(word, text.step, named_core)
            if why and why not in seen:
                seen.add(why)
                yield finding(
                    DEVSHELL, rel, text.line_at(row), f"{where}: core flake reference {why}"
                )


def literal_refs(ctx: Context, wf: Workflow) -> Iterator[tuple[int, str]]:
    """(line, commit) of every core flake reference in `wf` that names a full
    commit literally, where the commit is written (words as written, no
    variable resolved): the sites `bump-core` rewrites."""
    repo = normalize_repo(core_repository(ctx))
    env = wf.data.get("env")
    texts = (
        [_Text(v, env.line_of(k), None, False, str(k)) for k, v in env.items()]
        if (isinstance(env, LineDict))
        else []
    )
    for job in wf.jobs.values():
        texts += list(_texts(job)) if isinstance(job, LineDict) else []
    for text in texts:
        if not isinstance(text.value, str):
            continue
        words: list[tuple[str, int]] = [(text.value, 0)]
        if text.script:
            script = workflow_shell.parse(text.value)
            words = [
                (script.word(n), n.start_point[0])
                for n in script.walk()
                if n.type in ("word", "string", "raw_string", "concatenation")
                and n.parent is not None
                and n.parent.type not in ("string", "concatenation")
            ]
        for word, row in words:
            flake = _flake(word.strip())
            if flake and flake[0] == "github" and normalize_repo(flake[1]) == repo:
                commit = core.sha(flake[2])
                if commit:
                    yield text.line_at(row), commit


def _download(j: _Job, url: str) -> bool:
    """A URL that fetches core files at a ref that is not a full commit SHA."""
    parts = url.split("://", 1)[-1].split("?")[0].split("/")
    host, path = parts[0].lower(), parts[1:]
    if host == "api.github.com" and path[:1] == ["repos"]:
        path = path[1:]
        ref_at = 3 if path[2:3] in (["tarball"], ["zipball"]) else None
    elif host == "raw.githubusercontent.com":
        ref_at = 2
    elif host in ("github.com", "codeload.github.com"):
        ref_at = 3 if path[2:3] in (["archive"], ["raw"], ["blob"], ["tar.gz"], ["zip"]) else None
    else:
        return False
    if normalize_repo("/".join(path[:2])) != j.core or ref_at is None:
        return False
    ref = path[ref_at] if len(path) > ref_at else ""
    return core.sha(ref.removesuffix(".tar.gz").removesuffix(".zip")) is None


def _fetches_core(j: _Job, words: tuple[str, ...]) -> str | None:
    """How `words` clone, fetch or download the core; None when they do not."""
    if words[:3] == ("gh", "repo", "clone"):
        return "gh repo clone" if any(_repo(w) == j.core for w in words[3:]) else None
    if words[:1] in (("curl",), ("wget",)):
        url = next((w for w in words[1:] if "://" in w and _download(j, w)), None)
        return f"{words[0]} {url[:100]}" if url else None
    if words[:1] != ("git",):
        return None
    rest = list(words[1:])
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] in ("-C", "-c") else rest[1:]
    verb = next((v for v in _FETCHING if tuple(rest[: len(v)]) == v), None)
    targets = rest[len(verb) :] if verb else []
    hit = any(_repo(t) == j.core for t in targets if not t.startswith("-"))
    return f"git {' '.join(verb)}" if verb and hit else None


def _clone(j: _Job, text: _Text, command: workflow_shell.Command) -> Iterator[Finding]:
    verb = _fetches_core(j, command.words)
    if verb is not None:
        yield finding(
            SHELL_CLONE,
            j.wf.rel,
            text.line_at(command.line),
            f"job {j.job_id} runs `{verb}` of the core repository {core_repository(j.ctx)}",
        )


def _remote_uses(ctx: Context, wf: Workflow) -> Iterator[Finding]:
    repo = normalize_repo(core_repository(ctx))
    for job_id, job in wf.jobs.items():
        holders = [job, *core.steps(job)] if isinstance(job, LineDict) else []
        for holder in holders:
            uses = holder.get("uses")
            if not isinstance(uses, str) or uses.strip().startswith(("./", "docker://")):
                continue
            target = "/".join(uses.strip().split("@")[0].split("/")[:2])
            if normalize_repo(target) == repo:
                yield finding(
                    REMOTE_USES,
                    wf.rel,
                    holder.line_of("uses"),
                    f"job {job_id} uses {uses.strip()[:100]!r} straight from the core repository",
                )


def check(ctx: Context) -> Iterator[Finding]:
    for wf in ctx.overlay.workflows:
        yield from _remote_uses(ctx, wf)
        for job_id, job in wf.jobs.items():
            if isinstance(job, LineDict):
                yield from _check_job(_Job(ctx, wf, str(job_id), job))
