"""The overlay's own `.overlay-preflight.yaml`: its policy and its reviewed
suppressions, one file and one schema (schemas/overlay-preflight.schema.json).

Every policy key is optional; `Policy()` holds the defaults a real overlay
with no such file needs to pass. Loading never raises: structural problems
(bad YAML, unknown keys, wrong types) are kept as `Problem` values, a policy
key with a bad value keeps its default, and the gate reports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from ..loaders import Source, attempt

SCHEMA = "overlay-preflight.schema.json"

# Defaults of the policy keys that have one (the rest are unset: None).
DEFAULT_ALLOWED_PERMISSIONS = (
    ("contents", "read"),
    ("id-token", "write"),
    ("security-events", "write"),
)
DEFAULT_ACTION_PINS = (("actions/*", "ref"), ("github/*", "ref"), ("*", "hash"))


@dataclass(frozen=True)
class RolePin:
    sha: str
    justfile: tuple[str, ...] = ()  # Justfile variables that carry it
    workflows: tuple[str, ...] = ()  # workflow files that carry it


@dataclass(frozen=True)
class Policy:
    """`policy:` of .overlay-preflight.yaml (see FORMATS in the README)."""

    visibility: str | None = None  # public | private; None: unknown
    core_access: str | None = None  # public | private; None: none or the deploy key
    allowed_permissions: tuple[tuple[str, str], ...] = DEFAULT_ALLOWED_PERMISSIONS
    action_pins: tuple[tuple[str, str], ...] = DEFAULT_ACTION_PINS
    action_pin_severity: str = "warning"
    github_hosted: str | None = None  # allow | warn | forbid; None: organization.yaml, warn
    pull_request_self_hosted: str = "warn"
    repository_dispatch: str = "warn"
    cache_exempt_lanes: tuple[str, ...] = ()
    role_pins: dict[str, RolePin] = field(default_factory=dict)
    apply_recipes: tuple[str, ...] = ()
    workflow_recipes: tuple[str, ...] | None = None  # None: any literal recipe
    registration_hosts: tuple[str, ...] = ()  # besides github.com
    substrate_repository: str | None = None
    substrate_allowlist: str | None = None
    pii_allow_emails: tuple[str, ...] = ()
    pii_allow_domains: tuple[str, ...] = ()
    pii_exempt_paths: tuple[str, ...] = ()
    plan_tofu_version: str | None = None  # `plan`: the pinned terraform_version
    plan_output_changes: str = "scope"  # scope | ignore: output changes against --scope


@dataclass(frozen=True)
class Problem:
    """A structural problem of the file: `section` is "policy",
    "suppressions" (with the entry's index) or "" (the file itself)."""

    section: str
    index: int | None
    line: int | None
    message: str


@dataclass
class Config:
    rel: str  # the file, as findings name it ("" when there is none)
    policy: Policy = field(default_factory=Policy)
    suppressions: list[tuple[int, Any]] = field(default_factory=list)  # (line, raw entry)
    problems: list[Problem] = field(default_factory=list)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value)


def _policy(raw: Any, bad: set[str]) -> Policy:
    """The policy from a schema-checked mapping; keys in `bad` keep their default."""
    if not isinstance(raw, dict):
        return Policy()
    known = {f.name for f in fields(Policy)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key in bad or value is None:
            continue
        if key == "allowed_permissions":
            values[key] = tuple((str(k), str(v)) for item in value for k, v in item.items())
        elif key == "action_pins":
            values[key] = tuple((str(k), str(v)) for k, v in value.items())
        elif key == "role_pins":
            values[key] = {
                str(role): RolePin(
                    str(spec["sha"]),
                    _strings(spec.get("justfile") or ()),
                    _strings(spec.get("workflows") or ()),
                )
                for role, spec in value.items()
            }
        elif key in ("substrate", "pii", "plan"):
            for sub, item in value.items():
                name = f"{key}_{sub}"
                values[name] = str(item) if isinstance(item, str) else _strings(item)
        elif key in known:
            values[key] = _strings(value) if isinstance(value, list) else value
    return Policy(**values)


def read_config(src: Source | None) -> Config:
    """The config at `src`; an absent file is the default config."""
    if src is None or not (src.path.exists() or src.path.is_symlink()):
        return Config("")
    from ..loaders import schema
    from ..loaders.yamlfile import LineList, load_yaml

    doc, err = attempt(load_yaml, src)
    config = Config(src.rel)
    if err is not None:
        config.problems.append(Problem("", None, err.line, err.message))
        return config
    bad_policy: set[str] = set()
    for error in schema.validate(doc, schema.builtin_schema(SCHEMA)):
        parts = error.where.split(".")
        section = parts[0] if parts[0] in ("policy", "suppressions") else ""
        index = int(parts[1]) if section == "suppressions" and len(parts) > 1 else None
        if section == "policy" and len(parts) > 1:
            bad_policy.add(parts[1])
        elif section == "policy":
            bad_policy.add("*")
        config.problems.append(
            Problem(section, index, error.line, f"{error.where}: {error.message}")
        )
    if isinstance(doc, dict):
        if "*" not in bad_policy:
            config.policy = _policy(doc.get("policy"), bad_policy)
        items = doc.get("suppressions")
        if isinstance(items, LineList):
            config.suppressions = [(items.line_of(i), item) for i, item in enumerate(items)]
    return config
