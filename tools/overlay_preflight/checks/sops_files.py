"""SOPS files are encrypted: a file the overlay's `.sops.yaml` creation
rules cover (or named `*.sops.*` / `*.enc.*`) carries SOPS metadata, and every
value SOPS would encrypt is `ENC[...]` ciphertext. A decrypted file committed
by mistake is a leak whatever its values look like, so this does not depend
on recognising a token format. Values are never quoted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .. import registry
from ..loaders import LoadError
from ..loaders.jsonfile import load_json_text
from ..loaders.yamlfile import LineDict, LineList, load_yaml_text
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

UNENCRYPTED = registry.rule(
    "sops-file-unencrypted",
    registry.BLOCKER,
    "A file meant to hold SOPS ciphertext has no SOPS metadata, or holds a value SOPS "
    "would encrypt in plain text.",
    "Encrypt it with `sops --encrypt --in-place <file>` (and rotate anything that was "
    "committed in plain text); keep plain keys plain with SOPS's unencrypted_suffix or "
    "encrypted_regex, not by editing ciphertext away.",
    concern="secrets",
    suppressible=registry.Suppressible.NEVER,
)

RULES = (UNENCRYPTED,)
NEEDS = frozenset({kinds.TEXTS})

CREATION_RULES = ".sops.yaml"
CONVENTIONAL = re.compile(r"\.(sops|enc)\.(ya?ml|json)$")
# The keys under `sops:` that name where the data key is kept.
KEY_GROUPS = ("age", "pgp", "kms", "gcp_kms", "azure_kv", "hc_vault", "key_groups")


def _covered(ctx: Context) -> set[str]:
    """Paths the overlay's SOPS creation rules cover, plus conventional names."""
    texts = ctx.overlay.texts
    patterns = []
    if CREATION_RULES in texts:
        try:
            doc = load_yaml_text(texts[CREATION_RULES], CREATION_RULES)
        except LoadError:
            doc = None  # the data parse reports it
        rules = doc.get("creation_rules") if isinstance(doc, dict) else None
        for rule in rules if isinstance(rules, list) else []:
            regex = rule.get("path_regex") if isinstance(rule, dict) else None
            try:
                patterns.append(re.compile(regex)) if isinstance(regex, str) else None
            except re.error:
                continue
    return {
        rel
        for rel in texts
        if rel != CREATION_RULES
        and rel.endswith((".yaml", ".yml", ".json"))
        and (CONVENTIONAL.search(rel) or any(p.search(rel) for p in patterns))
    }


def _regex(meta: dict[str, Any], name: str) -> re.Pattern[str] | None:
    pattern = meta.get(name)
    try:
        return re.compile(pattern) if isinstance(pattern, str) else None
    except re.error:
        return None


def _plain_leaves(
    node: Any, meta: dict[str, Any], path: list[str], forced: bool = False
) -> Iterator[tuple[str, int]]:
    """(key path, line) of every leaf value SOPS would have encrypted but is
    plain. As SOPS does: a key ending in unencrypted_suffix, or matching
    unencrypted_regex, stays plain with its subtree; with encrypted_regex,
    only subtrees under a matching key are encrypted; otherwise everything is."""
    suffix = meta.get("unencrypted_suffix")
    encrypted, unencrypted = _regex(meta, "encrypted_regex"), _regex(meta, "unencrypted_regex")
    items = node.items() if isinstance(node, LineDict) else enumerate(node)
    for key, value in items:
        name = str(key)
        if isinstance(node, LineDict):
            if isinstance(suffix, str) and suffix and name.endswith(suffix):
                continue
            if unencrypted is not None and unencrypted.search(name):
                continue
        here = (
            forced
            or encrypted is None
            or (isinstance(node, LineDict) and encrypted.search(name) is not None)
        )
        if isinstance(value, (LineDict, LineList)):
            yield from _plain_leaves(value, meta, [*path, name], here)
        elif here and not _is_ciphertext(value):
            yield ".".join([*path, name]), node.line_of(key)


def _is_ciphertext(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.startswith("ENC[AES256_GCM,"))


def check(ctx: Context) -> Iterator[Finding]:
    for rel in sorted(_covered(ctx)):
        text = ctx.overlay.texts[rel]
        try:
            doc = load_json_text(text, rel) if rel.endswith(".json") else load_yaml_text(text, rel)
        except LoadError:
            continue  # not parseable: the data parse reports it
        meta = doc.get("sops") if isinstance(doc, LineDict) else None
        if not isinstance(meta, LineDict) or not any(k in meta for k in KEY_GROUPS):
            yield finding(UNENCRYPTED, rel, getattr(doc, "line", None), "no SOPS metadata")
            continue
        if not isinstance(meta.get("mac"), str):
            yield finding(UNENCRYPTED, rel, meta.line, "SOPS metadata without a mac")
        body = LineDict({k: v for k, v in doc.items() if k != "sops"})
        body.line, body.lines = doc.line, doc.lines
        for where, line in _plain_leaves(body, meta, []):
            yield finding(UNENCRYPTED, rel, line, f"{where} is in plain text", key=where)
