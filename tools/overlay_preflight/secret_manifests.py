"""Plain-text values in a Kubernetes Secret's `stringData`: a key naming a
password (or token, API key, secret) with a literal value. The YAML is
parsed (every document of the stream), so only `kind: Secret` documents
count; SOPS ciphertext (`ENC[...]`), templates and placeholders do not."""

from __future__ import annotations

import re

from .loaders import LoadError
from .loaders.yamlfile import LineDict, load_yaml_stream
from .secret_scan import Hit

SECRET_KEY = re.compile(r"(?i)pass(?:word|wd)|token|api[-_]?key|secret")
SUFFIXES = (".yaml", ".yml")


def _placeholder(value: str) -> bool:
    v = value.strip()
    return (
        len(v) < 8
        or v.startswith(("ENC[", "${", "{{", "<", "$("))
        or v.upper().startswith(("REPLACE", "CHANGEME", "TODO", "XXX"))
    )


def stringdata_hits(rel: str, text: str) -> list[Hit]:
    if not rel.endswith(SUFFIXES) or "stringData" not in text or "Secret" not in text:
        return []
    try:
        docs = load_yaml_stream(text, rel)
    except LoadError:
        return []  # the data check reports a file that does not parse
    hits = []
    for doc in docs:
        data = doc.get("stringData") if isinstance(doc, LineDict) else None
        if doc.get("kind") != "Secret" or not isinstance(data, LineDict):
            continue
        for key, value in data.items():
            if SECRET_KEY.search(str(key)) and isinstance(value, str) and not _placeholder(value):
                hits.append(Hit("Kubernetes Secret stringData value", data.line_of(key), value))
    return hits


def scan(texts: dict[str, str]) -> dict[str, list[Hit]]:
    """Hits per path, like `secret_scan.scan_texts`."""
    out = {}
    for rel, text in texts.items():
        hits = stringdata_hits(rel, text)
        if hits:
            out[rel] = hits
    return out
