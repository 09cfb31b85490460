"""The sub-commands: each is a `Command` listed here once, implemented by a
module under `commands/` with `add_arguments(parser)` and
`run(args) -> Outcome | int | None` (an int: the exit code of a command that
prints for itself). Only the chosen command's module is imported,
so `--help` imports none."""

from __future__ import annotations

import argparse
import importlib
from dataclasses import dataclass
from typing import Protocol

from ..model.config import Config
from ..model.ignores import Ignore
from ..report import Report


@dataclass
class Outcome:
    """What a command produced: its report and the overlay's config (policy
    and reviewed suppressions) that applies to it (None: none)."""

    report: Report
    config: Config | None = None
    ignores: tuple[Ignore, ...] = ()  # the inline ignores of the files the command read


class Implementation(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> Outcome | int | None: ...


@dataclass(frozen=True)
class Command:
    name: str
    summary: str  # the one-line help
    module: str  # under overlay_preflight.commands
    reports: bool = True  # takes the shared report and pass/fail flags

    def load(self) -> Implementation:
        module: Implementation = importlib.import_module(f"{__name__}.{self.module}")
        return module


COMMANDS = (
    Command(
        "enrollment",
        "the whole per-overlay preflight: pins, schema, taxonomy, workflows, hygiene",
        "enrollment",
    ),
    Command("core-pin", "core-pin agreement and the selected core ref", "core_pin"),
    Command(
        "taxonomy",
        "labels, registration scope, runner groups, controller, names, caches",
        "taxonomy",
    ),
    Command(
        "topology",
        "one controller owner per cluster, attached overlays, owner-distinct identities",
        "topology",
    ),
    Command(
        "workflows",
        "workflow schema, runner labels, the core checkout, pins, permissions, pull-request reach",
        "workflows",
    ),
    Command("secrets", "plain-text secrets in every text file of the overlay", "secrets"),
    Command(
        "hygiene", "Justfile formatting, whitespace, conflict markers, YAML/JSON parse", "hygiene"
    ),
    Command(
        "surface",
        "operator surface: no raw tofu/kubectl in workflows, literal just recipes, "
        "no imperative pins outside apply recipes, no copy-paste kubectl apply in docs",
        "surface",
    ),
    Command(
        "substrate",
        "the substrate repository reached only through allowlisted interfaces",
        "substrate",
    ),
    Command("pii", "no personal data in a public overlay (emails, phones, home paths)", "pii"),
    Command(
        "kustomize", "kustomizations reference only local paths inside their stack", "kustomize"
    ),
    Command("schema", "validate YAML/JSON files against a JSON Schema", "schema"),
    Command(
        "plan",
        "prove a `tofu show -json` plan non-destructive (and stacks free of imports)",
        "plan",
    ),
    Command(
        "residue",
        "audit captured live ARC scale sets for residue against the overlays (read-only)",
        "residue",
    ),
    Command(
        "capacity",
        "worst-case runner demand per owner against node-pool capacity and a policy",
        "capacity",
    ),
    Command(
        "baseline",
        "suppress every current suppressible finding in .overlay-preflight.yaml (adopt --strict)",
        "baseline",
    ),
    Command(
        "bump-core",
        "move every carrier of the core pin (or of a role pin) to one commit; print the diff",
        "bump_core",
        reports=False,
    ),
    Command("rules", "list every rule id with a one-line doc", "rules", reports=False),
    Command(
        "explain",
        "a rule's doc, an example that fires and one that does not, fix and suppress",
        "explain",
        reports=False,
    ),
)
BY_NAME = {c.name: c for c in COMMANDS}
