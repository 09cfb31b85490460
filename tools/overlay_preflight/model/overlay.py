"""The loaded overlay: every input a command's checks read, parsed once.

Loading never raises and never reports: a file that cannot be read or parsed
is left out of the model and kept as a `LoadError` value in `errors`, and a
required file that is absent becomes one there too. `checks.inputs` turns
them into findings, so every command reports them the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..discovery import OverlayFiles
from ..loaders import MAX_CONFIG_BYTES, LoadError, Source, attempt, decode_text, read_bytes
from ..loaders.organization import Organization
from ..loaders.tfvars import Tfvars
from ..loaders.workflow import Workflow
from .config import Config, read_config
from .ignores import Ignore, collect_files
from .kinds import (
    DATA,
    JUSTFILE,
    KUSTOMIZATIONS,
    MODULE_BAZEL,
    ORGANIZATION,
    TEXTS,
    TFVARS,
    WORKFLOWS,
)
from .lanes import Lane, deployed_lanes

T = TypeVar("T")


# How a required file that is absent is named in its finding.
_DESCRIBED = {
    ORGANIZATION: ("organization settings", "config/organization.yaml"),
    MODULE_BAZEL: ("MODULE.bazel", "MODULE.bazel"),
    JUSTFILE: ("Justfile", "Justfile"),
}


@dataclass
class Overlay:
    files: OverlayFiles
    config: Config = field(default_factory=lambda: Config(""))  # .overlay-preflight.yaml
    organization: Organization | None = None
    module_bazel: Any = None  # loaders.module_bazel.ModuleFile
    justfile: Any = None  # loaders.justfile.Justfile
    tfvars: list[Tfvars] = field(default_factory=list)
    workflows: list[Workflow] = field(default_factory=list)
    kustomizations: list[Any] = field(default_factory=list)  # loaders.kustomization
    texts: dict[str, str] = field(default_factory=dict)  # path -> text of every text file
    lanes: list[tuple[Tfvars, Lane]] = field(default_factory=list)  # every deployed lane
    errors: list[LoadError] = field(default_factory=list)
    # Files the text scan skipped, by reason ("binary", "too large"); None
    # when texts were not read.
    skipped: dict[str, list[str]] | None = None
    too_large: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes)
    ignores: list[Ignore] = field(default_factory=list)  # inline ignores of the files read

    @property
    def root(self) -> Path:
        return self.files.root

    @property
    def escaping_links(self) -> list[Source]:
        return self.files.escaping_links


class _Loading:
    def __init__(self, overlay: Overlay):
        self.overlay = overlay

    def one(self, loader: Callable[[Source], T], src: Source | None) -> T | None:
        if src is None:
            return None
        value, err = attempt(loader, src)
        if err is not None:
            self.overlay.errors.append(err)
        return value

    def many(self, loader: Callable[[Source], T], sources: list[Source]) -> list[T]:
        loaded = (self.one(loader, s) for s in sources)
        return [v for v in loaded if v is not None]

    def require(self, kind: str, src: Source | None) -> bool:
        """Record a required file that is absent; True when it is there."""
        if src is not None and (src.path.exists() or src.path.is_symlink()):
            return True
        what, default = _DESCRIBED[kind]
        expected = src.rel if src is not None else default
        self.overlay.errors.append(
            LoadError(expected, None, f"{what} not found at {expected}", missing=True)
        )
        return False


def _no_tfvars(files: OverlayFiles) -> LoadError:
    """No arc-runners tfvars: what the runner checks would judge is absent.
    A tfvars elsewhere under the stack directory is named (OpenTofu reads
    only the one the operator passes, and this preflight only those)."""
    from ..discovery import DEFAULT_TFVARS_DIR

    where = f"{DEFAULT_TFVARS_DIR}/*.tfvars"
    stray = sorted(
        s.rel
        for s in files.others
        if s.rel.startswith(DEFAULT_TFVARS_DIR + "/") and ".tfvars" in s.rel.rsplit("/", 1)[-1]
    )
    why = f"no arc-runners tfvars at {where}, so no runner lane is checked"
    if stray:
        why += f"; found {stray[0]}" + (f" and {len(stray) - 1} more" if len(stray) > 1 else "")
        why += " (pass it with --tfvars)"
    return LoadError(DEFAULT_TFVARS_DIR, None, why, missing=True)


def _texts(overlay: Overlay) -> None:
    overlay.skipped = {"binary": [], "too large": []}
    for src in overlay.files.all():
        if not src.path.is_file():
            continue  # named files that are missing are the loaders' findings
        size = src.path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            overlay.skipped["too large"].append(src.rel)
            overlay.too_large.append((src.rel, size))
            continue
        try:
            text = decode_text(read_bytes(src))
        except LoadError as err:
            overlay.errors.append(err)
            continue
        if text is None:
            overlay.skipped["binary"].append(src.rel)
        else:
            overlay.texts[src.rel] = text


def _data(overlay: Overlay, typed: set[str], loading: _Loading) -> None:
    from ..loaders.datafile import SUFFIXES, load_data_file

    for src in overlay.files.all():
        if src.rel in overlay.texts and src.rel.endswith(SUFFIXES) and src.rel not in typed:
            loading.one(load_data_file, src)


def load_overlay(
    files: OverlayFiles, needs: Iterable[str], required: Iterable[str] = ()
) -> Overlay:
    """Load the inputs of kinds `needs`; a `required` one that is absent is an error."""
    from ..loaders.justfile import load_justfile
    from ..loaders.module_bazel import load_module_bazel
    from ..loaders.organization import load_organization
    from ..loaders.tfvars_json import load_any_tfvars
    from ..loaders.workflow import load_workflow

    wanted, must = set(needs), set(required)
    overlay = Overlay(files, read_config(files.config))
    loading = _Loading(overlay)
    named: list[tuple[str, Callable[[Source], Any], Source | None]] = [
        (ORGANIZATION, load_organization, files.organization),
        (MODULE_BAZEL, load_module_bazel, files.module_bazel),
        (JUSTFILE, load_justfile, files.justfile),
    ]
    for kind, loader, src in named:
        if kind in wanted and (kind not in must or loading.require(kind, src)):
            setattr(overlay, kind, loading.one(loader, src))
    if TFVARS in wanted:
        if TFVARS in must and not files.tfvars:
            overlay.errors.append(_no_tfvars(files))
        overlay.tfvars = loading.many(load_any_tfvars, files.tfvars)
        overlay.lanes = [(t, lane) for t in overlay.tfvars for lane in deployed_lanes(t)]
    if WORKFLOWS in wanted:
        overlay.workflows = loading.many(load_workflow, files.workflows)
    if KUSTOMIZATIONS in wanted:
        from ..loaders.kustomization import is_kustomization, load_kustomization

        found = [s for s in files.all() if is_kustomization(s.rel)]
        overlay.kustomizations = loading.many(load_kustomization, found)
    if TEXTS in wanted or DATA in wanted:
        _texts(overlay)
    if DATA in wanted:
        typed = {s.rel for s in (files.config,) if s is not None}
        if ORGANIZATION in wanted and files.organization is not None:
            typed.add(files.organization.rel)
        if WORKFLOWS in wanted:
            typed.update(s.rel for s in files.workflows)
        if KUSTOMIZATIONS in wanted:
            from ..loaders.kustomization import is_kustomization

            typed.update(s.rel for s in files.all() if is_kustomization(s.rel))
        _data(overlay, typed, loading)
    overlay.ignores = collect_files(_read(files, wanted), overlay.texts)
    return overlay


def _read(files: OverlayFiles, wanted: set[str]) -> list[Source]:
    """The files the model read: those of the kinds `wanted`, or every file
    when their texts were read."""
    if TEXTS in wanted or DATA in wanted:
        return files.all()
    named = [
        (ORGANIZATION, files.organization),
        (MODULE_BAZEL, files.module_bazel),
        (JUSTFILE, files.justfile),
    ]
    out = [src for kind, src in named if kind in wanted and src is not None]
    out += files.tfvars if TFVARS in wanted else []
    out += files.workflows if WORKFLOWS in wanted else []
    if KUSTOMIZATIONS in wanted:
        from ..loaders.kustomization import is_kustomization

        out += [s for s in files.all() if is_kustomization(s.rel)]
    return out
