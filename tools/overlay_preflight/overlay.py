"""An overlay: which files it holds, loaded once, load errors kept as findings."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import registry
from .loaders import MAX_CONFIG_BYTES, LoadError, Source, read_bytes
from .report import Finding, finding

INPUT_INVALID = registry.rule(
    "input-invalid",
    registry.BLOCKER,
    "An input file cannot be read or parsed (bad YAML, HCL, Starlark, JSON, wrong types).",
    "Fix the syntax at the named line; the file must parse before anything else is judged.",
    group="input",
    suppressible=False,
)
INPUT_MISSING = registry.rule(
    "input-missing",
    registry.BLOCKER,
    "A file the check needs is absent.",
    "Add the file at the expected path, or point the matching flag at it.",
    group="input",
    suppressible=False,
)
SYMLINK_ESCAPES = registry.rule(
    "symlink-escapes-root",
    registry.WARNING,
    "A symlink in the overlay points outside the overlay root; it is not followed.",
    "Replace the symlink with the file itself, or remove it.",
    group="input",
)

TOO_LARGE = registry.rule(
    "file-too-large-to-scan",
    registry.WARNING,
    "A file over the size limit was not scanned for secrets or hygiene.",
    "Keep generated or vendored blobs out of the overlay, or scan them separately.",
    group="input",
)

DEFAULT_TFVARS_DIR = "tofu/stacks/arc-runners"


@dataclass
class OverlayFiles:
    root: Path
    organization: Source | None = None
    module_bazel: Source | None = None
    justfile: Source | None = None
    tfvars: list[Source] = field(default_factory=list)
    workflows: list[Source] = field(default_factory=list)
    others: list[Source] = field(default_factory=list)
    escaping_links: list[Source] = field(default_factory=list)

    def all(self) -> list[Source]:
        named = [self.organization, self.module_bazel, self.justfile]
        seen, out = set(), []
        for src in [*named, *self.tfvars, *self.workflows, *self.others]:
            if src is not None and src.rel not in seen:
                seen.add(src.rel)
                out.append(src)
        return sorted(out, key=lambda s: s.rel)


def _git_files(root: Path) -> list[str] | None:
    """Tracked and not-ignored untracked files, when root is in a git work tree."""
    try:
        proc = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--full-name",
                "--",
                ".",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
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


def discover(root: Path) -> OverlayFiles:
    """Every file of the overlay: git's view when it is a checkout."""
    root = root.resolve()
    names = _git_files(root)
    if names is None:
        names = _walk_files(root)
    files = OverlayFiles(root)
    real_root = str(root) + os.sep
    for name in names:
        if name.startswith(".git/") or "/.git/" in name:
            continue
        src = Source(root / name, name)
        if src.path.is_symlink():
            target = os.path.realpath(src.path)
            if not (target + os.sep).startswith(real_root):
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
        # say what is wrong with it rather than calling it missing.
        odd = [n for n in names if (root / n).exists() and not (root / n).is_symlink()]
        return Source(root / odd[0], odd[0]) if odd else None

    files.organization = named("config/organization.yaml")
    files.module_bazel = named("MODULE.bazel")
    files.justfile = named("Justfile", "justfile")
    files.tfvars = [
        s
        for r, s in by_rel.items()
        if r.startswith(DEFAULT_TFVARS_DIR + "/") and r.count("/") == 3 and r.endswith(".tfvars")
    ]
    files.workflows = [
        s
        for r, s in by_rel.items()
        if r.startswith(".github/workflows/")
        and r.count("/") == 2
        and r.endswith((".yml", ".yaml"))
    ]
    return files


class Overlay:
    """Lazy, memoised loading; every load error becomes one finding."""

    def __init__(self, files: OverlayFiles):
        self.files = files
        self.root = files.root
        self._cache: dict[tuple[str, str], Any] = {}
        self._texts: dict[str, str] | None = None
        # Files texts() skipped, by reason; None until texts() runs.
        self.skipped: dict[str, list[str]] | None = None
        self.load_findings: list[Finding] = [
            finding(SYMLINK_ESCAPES, s.rel, None, "symlink points outside the overlay root")
            for s in files.escaping_links
        ]

    def load(self, loader: Callable[[Source], Any], src: Source | None) -> Any:
        if src is None:
            return None
        key = (loader.__module__ + "." + loader.__name__, src.rel)
        if key not in self._cache:
            try:
                self._cache[key] = loader(src)
            except LoadError as err:
                self._cache[key] = None
                missing = not src.path.exists() and not src.path.is_symlink()
                rule = INPUT_MISSING if missing else INPUT_INVALID
                self.load_findings.append(finding(rule, err.path, err.line, err.message))
        return self._cache[key]

    def require(self, what: str, src: Source | None, expected: str) -> bool:
        """Record a missing required file once; True when present."""
        if src is not None and src.path.exists():
            return True
        key = ("missing", expected)
        if key not in self._cache:
            self._cache[key] = True
            self.load_findings.append(
                finding(INPUT_MISSING, expected, None, f"{what} not found at {expected}")
            )
        return False

    # Typed accessors used by the checks.
    def organization(self, *, required: bool = True):
        """organization.yaml, loaded once. `required=False`: an overlay
        without one (bare tfvars, a package repo's workflows) gets None and
        no input-missing finding; a named file that is broken is still one."""
        from .loaders.organization import load_organization

        src = self.files.organization
        if not required and (src is None or not src.path.exists()):
            return None
        if not self.require(
            "organization settings",
            self.files.organization,
            self._rel(self.files.organization, "config/organization.yaml"),
        ):
            return None
        return self.load(load_organization, self.files.organization)

    def module_bazel(self):
        from .loaders.module_bazel import load_module_bazel

        if not self.require(
            "MODULE.bazel",
            self.files.module_bazel,
            self._rel(self.files.module_bazel, "MODULE.bazel"),
        ):
            return None
        return self.load(load_module_bazel, self.files.module_bazel)

    def justfile(self):
        from .loaders.justfile import load_justfile

        return self.load(load_justfile, self.files.justfile)

    def tfvars(self) -> list:
        from .loaders.tfvars import load_tfvars

        return [t for t in (self.load(load_tfvars, s) for s in self.files.tfvars) if t]

    def workflows(self) -> list:
        from .loaders.workflow import load_workflow

        return [w for w in (self.load(load_workflow, s) for s in self.files.workflows) if w]

    def texts(self) -> dict[str, str]:
        """Every text file of the overlay by path; binary and oversized files
        are skipped and listed in `skipped`, unreadable ones are findings."""
        if self._texts is None:
            self._texts = {}
            self.skipped = {"binary": [], "too large": []}
            for src in self.files.all():
                if not src.path.is_file():
                    continue  # named files that are missing are the loaders' findings
                size = src.path.stat().st_size
                if size > MAX_CONFIG_BYTES:
                    self.skipped["too large"].append(src.rel)
                    self.load_findings.append(
                        finding(
                            TOO_LARGE,
                            src.rel,
                            None,
                            f"{size} bytes, over the {MAX_CONFIG_BYTES}-byte limit: not scanned",
                        )
                    )
                    continue
                try:
                    text = read_bytes(src).decode("utf-8")
                except LoadError as err:
                    self.load_findings.append(
                        finding(INPUT_INVALID, err.path, err.line, err.message)
                    )
                    continue
                except UnicodeDecodeError:
                    text = None
                if text is None or "\0" in text:
                    self.skipped["binary"].append(src.rel)
                else:
                    self._texts[src.rel] = text.removeprefix("\ufeff")
        return self._texts

    @staticmethod
    def _rel(src: Source | None, default: str) -> str:
        return src.rel if src is not None else default


def explicit(root: Path, **named) -> OverlayFiles:
    """The overlay as exactly the files named (Bazel's runfiles view)."""
    root = root.resolve() if root.is_absolute() else root
    files = OverlayFiles(root)

    def src(path):
        return Source.under(root, path) if path else None

    files.organization = src(named.get("organization"))
    files.module_bazel = src(named.get("module_bazel"))
    files.justfile = src(named.get("justfile"))
    files.tfvars = [src(p) for p in named.get("tfvars") or []]
    files.workflows = [src(p) for p in named.get("workflows") or []]
    files.others = [src(p) for p in named.get("others") or []]
    return files
