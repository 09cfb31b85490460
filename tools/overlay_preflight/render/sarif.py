"""SARIF 2.1.0 as GitHub code scanning accepts it; rules from the registry."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .. import __version__, registry
from ..catalog import RULES
from ..report import Report
from ..rule_docs import help_uri

LEVEL = {registry.BLOCKER: "error", registry.WARNING: "warning"}
FINGERPRINT_KEY = "overlayPreflight/v1"


def _rules() -> list[dict[str, Any]]:
    return [
        {
            "id": r.id,
            "name": "".join(part.capitalize() for part in r.id.split("-")),
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.summary},
            "help": {"text": r.hint},
            "helpUri": help_uri(r.id),
            "defaultConfiguration": {"level": LEVEL[r.severity]},
            "properties": {
                "concern": r.concern,
                "suppressible": r.suppressible.value,
            },
        }
        for r in sorted(RULES.values(), key=lambda r: r.id)
    ]


def render(report: Report) -> str:
    rules = _rules()
    index = {r["id"]: n for n, r in enumerate(rules)}
    results = []
    for f in report.sorted():
        result = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(f.path), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line or 1},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
            "properties": {"expected": f.expected},
        }
        if f.suppressed is not None:
            kind = "inSource" if f.in_source else "external"
            result["suppressions"] = [{"kind": kind, "justification": f.suppressed}]
        results.append(result)
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "overlay-preflight",
                        "version": __version__,
                        "informationUri": "https://github.com/tinyland-inc/overlay-preflight",
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"overlay-preflight/{report.command}/"},
                "columnKind": "utf16CodeUnits",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
