"""Which files an overlay holds: git's view of a checkout, or a walk of the
tree, or exactly the files named (Bazel's runfiles). Never `.git/`, never a
file whose real path is outside the root (a symlink out, or a path through
a symlinked directory); nothing here reads a file's content. git runs with
the checkout's own config neutralised (`safe_git`)."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from . import safe_git
from .loaders import Source

DEFAULT_TFVARS_DIR = "tofu/stacks/arc-runners"
CONFIG_FILE = ".overlay-preflight.yaml"


@dataclass
class OverlayFiles:
    root: Path
    organization: Source | None = None
    module_bazel: Source | None = None
    justfile: Source | None = None
    config: Source | None = None
    tfvars: list[Source] = field(default_factory=list)
    workflows: list[Source] = field(default_factory=list)
    others: list[Source] = field(default_factory=list)
    escaping_links: list[Source] = field(default_factory=list)

    def all(self) -> list[Source]:
        """Every file once, by path."""
        named = [self.organization, self.module_bazel, self.justfile, self.config]
        seen: set[str] = set()
        out = []
        for src in [*named, *self.tfvars, *self.workflows, *self.others]:
            if src is not None and src.rel not in seen:
                seen.add(src.rel)
                out.append(src)
        return sorted(out, key=lambda s: s.rel)

    def rebased(self, base: Path) -> OverlayFiles:
        """The same files, each named relative to `base` (several overlays in
        one report stay apart by their directory)."""

        def here(src: Source | None) -> Source | None:
            return Source.under(base, src.path) if src is not None else None

        def many(sources: list[Source]) -> list[Source]:
            return [Source.under(base, s.path) for s in sources]

        return OverlayFiles(
            self.root,
            here(self.organization),
            here(self.module_bazel),
            here(self.justfile),
            here(self.config),
            many(self.tfvars),
            many(self.workflows),
            many(self.others),
            many(self.escaping_links),
        )


def _git_files(root: Path) -> list[str] | None:
    """Tracked and not-ignored untracked files, when root is in a git work tree."""
    try:
        proc = safe_git.run(
            root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name",
            "--", ".",
        )  # fmt: skip
        top = safe_git.run(root, "rev-parse", "--show-toplevel", text=True)
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0 or top.returncode != 0:
        return None
    toplevel = Path(top.stdout.strip()).resolve()
    names = sorted({n for n in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if n})
    out = []
    for name in names:
        full = toplevel / name
        try:
            out.append(full.relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return out


def _walk_files(root: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d != ".git" and not d.startswith("bazel-"))
        for name in filenames:
            out.append((Path(dirpath) / name).relative_to(root).as_posix())
        for name in dirnames:
            if (Path(dirpath) / name).is_symlink():
                out.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(out)


def inside(root: Path, path: Path) -> bool:
    """Is `path`, every symlink on the way resolved, within `root`?"""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def is_tfvars(rel: str) -> bool:
    """An arc-runners tfvars: tofu/stacks/arc-runners/<name>.tfvars (or the
    JSON form, <name>.tfvars.json)."""
    return (
        rel.startswith(DEFAULT_TFVARS_DIR + "/")
        and rel.count("/") == 3
        and rel.endswith((".tfvars", ".tfvars.json"))
    )


def is_workflow(rel: str) -> bool:
    return (
        rel.startswith(".github/workflows/")
        and rel.count("/") == 2
        and rel.endswith((".yml", ".yaml"))
    )


def discover(root: Path) -> OverlayFiles:
    """Every file of the overlay: git's view when it is a checkout."""
    root = root.resolve()
    names = _git_files(root)
    if names is None:
        names = _walk_files(root)
    files = OverlayFiles(root)
    for name in names:
        if name.startswith(".git/") or "/.git/" in name:
            continue
        src = Source(root / name, name)
        if not inside(root, src.path):
            if src.path.is_symlink():
                files.escaping_links.append(src)
            continue
        if not src.path.exists() or src.path.is_dir():
            continue
        files.others.append(src)
    by_rel = {s.rel: s for s in files.others}

    def named(*names: str) -> Source | None:
        for name in names:
            if name in by_rel:
                return by_rel[name]
        # Present but not a regular file (a directory, say): let the loader
        # say what is wrong with it rather than calling it missing. Never
        # through a symlink, nor through a directory that leads out.
        odd = [
            n
            for n in names
            if (root / n).exists() and not (root / n).is_symlink() and inside(root, root / n)
        ]
        return Source(root / odd[0], odd[0]) if odd else None

    files.organization = named("config/organization.yaml")
    files.module_bazel = named("MODULE.bazel")
    files.justfile = named("Justfile", "justfile")
    files.config = named(CONFIG_FILE)
    files.tfvars = [s for r, s in by_rel.items() if is_tfvars(r)]
    files.workflows = [s for r, s in by_rel.items() if is_workflow(r)]
    return files


def explicit(root: Path, **named: str | list[str] | None) -> OverlayFiles:
    """The overlay as exactly the files named (Bazel's runfiles view)."""
    root = root.resolve() if root.is_absolute() else root
    files = OverlayFiles(root)

    def one(key: str) -> Source | None:
        path = named.get(key)
        return Source.under(root, path) if isinstance(path, str) and path else None

    def many(key: str) -> list[Source]:
        paths = named.get(key) or []
        return [Source.under(root, p) for p in paths if isinstance(p, str)]

    files.organization = one("organization")
    files.module_bazel = one("module_bazel")
    files.justfile = one("justfile")
    files.config = one("config")
    files.tfvars = many("tfvars")
    files.workflows = many("workflows")
    files.others = many("others")
    return files


def discover_here(root: Path) -> OverlayFiles:
    """The overlay at `root`, every file named relative to the current
    directory, so that findings from several overlays name their overlay."""
    return discover(root).rebased(Path.cwd())
