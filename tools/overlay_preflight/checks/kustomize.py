"""Kustomize references stay inside their stack: every path a kustomization
names (resources, bases, components, generators, transformers,
configurations, crds, openapi.path, patches[].path, patchesJson6902[].path,
configMapGenerator/secretGenerator files and envs) is a local file or
directory of the overlay inside that kustomization's stack (`k8s/<stack>/`,
so `../base` is fine; outside k8s/, its top-level directory). A remote
reference makes `kubectl kustomize` fetch over the network on the runner."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from .. import registry
from ..loaders.kustomization import Kustomization
from ..model import kinds
from ..model.context import Context
from ..registry import Rule
from ..report import Finding, finding

CONCERN = "kustomize"
REMOTE = registry.rule(
    "kustomize-remote-reference",
    registry.BLOCKER,
    "A kustomization references a remote resource (URL, git::, ssh://, host/path): "
    "kustomize fetches it over the network when it renders.",
    "Vendor the manifests into the stack and reference the local copy.",
    concern=CONCERN,
)
ESCAPE = registry.rule(
    "kustomize-path-escape",
    registry.BLOCKER,
    "A kustomization references a path outside its stack (an absolute path or a `../` "
    "escape out of k8s/<stack>/).",
    "Keep a stack's manifests under k8s/<stack>/ (`../base` inside the stack is fine).",
    concern=CONCERN,
)
MISSING = registry.rule(
    "kustomize-path-missing",
    registry.BLOCKER,
    "A kustomization references a local path that is not a file or directory of the overlay.",
    "Fix the path, or add the file; an absent entry fails the render.",
    concern=CONCERN,
)

RULES = (REMOTE, ESCAPE, MISSING)
NEEDS = frozenset({kinds.KUSTOMIZATIONS})

_SCHEMES = ("git::", "git@", "ssh:", "http:", "https:", "file:", "s3::", "gcs::", "hg::")


def stack_of(rel: str) -> str:
    """The directory a kustomization's references must stay in."""
    parts = rel.split("/")
    if parts[0] == "k8s" and len(parts) >= 3:
        return "/".join(parts[:2])
    return parts[0] if len(parts) >= 2 else ""


def _remote(value: str) -> bool:
    if "://" in value or value.lower().startswith(_SCHEMES):
        return True
    host = value.split("/", 1)[0]
    tld = host.rpartition(".")[2]
    return (
        "/" in value and "." in host and host not in (".", "..") and len(tld) >= 2 and tld.isalpha()
    )


def _inside(path: str, directory: str) -> bool:
    return directory == "" or path == directory or path.startswith(directory + "/")


def judge(value: str, home: str, stack: str, present: set[str]) -> tuple[Rule, str] | None:
    """The rule a reference breaks, and why, for a kustomization in `home`."""
    if value.startswith("/"):
        return ESCAPE, "is an absolute path"
    path = posixpath.normpath(posixpath.join(home, value)) if value else home
    if path not in present and _remote(value):
        return REMOTE, "is remote"
    if path == ".." or path.startswith("../") or not _inside(path, stack):
        return ESCAPE, f"resolves outside {f'stack {stack}/' if stack else 'the overlay'}"
    if path not in present:
        return MISSING, "does not exist in the overlay"
    return None


def _present(ctx: Context) -> set[str]:
    """Every file of the overlay and every directory above one."""
    out: set[str] = {""}
    for src in ctx.overlay.files.all():
        parts = src.rel.split("/")
        out.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


def findings_of(kustomization: Kustomization, present: set[str]) -> Iterator[Finding]:
    home, stack = kustomization.directory, stack_of(kustomization.rel)
    for ref in kustomization.references:
        broken = judge(ref.value, home, stack, present)
        if broken is not None:
            rule, why = broken
            message = f"{ref.field} entry '{ref.value[:120]}' {why}"
            yield finding(rule, kustomization.rel, ref.line, message, key=ref.value)


def check(ctx: Context) -> Iterator[Finding]:
    present = _present(ctx) if ctx.overlay.kustomizations else set()
    for kustomization in ctx.overlay.kustomizations:
        yield from findings_of(kustomization, present)
