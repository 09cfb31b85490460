"""Validate YAML or JSON files against a JSON Schema (2020-12 or older).

overlay-preflight schema --schema schemas/organization.schema.json config/organization.yaml
"""

from __future__ import annotations

from pathlib import Path

from ..checks.organization_schema import SCHEMA_VIOLATION
from ..cli import UsageError
from ..loaders import LoadError, Source, read_text
from ..loaders import schema as schema_loader
from ..loaders.jsonfile import load_json_text
from ..loaders.yamlfile import load_yaml_text
from ..overlay import INPUT_INVALID
from ..report import Report, finding


def add_arguments(parser) -> None:
    parser.add_argument(
        "--schema",
        metavar="FILE",
        required=True,
        help="the JSON Schema file, or the name of one in schemas/",
    )
    parser.add_argument("files", metavar="DATA_FILE", nargs="+", help="YAML or JSON files")


def _schema_source(name: str) -> Source:
    path = Path(name)
    if not path.exists() and (schema_loader.schema_dir() / name).is_file():
        path = schema_loader.schema_dir() / name
    if not path.is_file():
        raise UsageError(f"--schema: {name} is not a file")
    return Source.under(Path.cwd(), path)


def run(args) -> Report:
    report = Report("schema")
    report.rules_run.update((SCHEMA_VIOLATION.id, INPUT_INVALID.id))
    try:
        schema = schema_loader.load_schema(_schema_source(args.schema))
    except LoadError as err:
        raise UsageError(str(err)) from None
    for name in args.files:
        src = Source.under(Path.cwd(), name)
        try:
            text = read_text(src)
            load = load_json_text if src.rel.endswith(".json") else load_yaml_text
            data = load(text, src.rel)
        except LoadError as err:
            report.findings.append(finding(INPUT_INVALID, err.path, err.line, err.message))
            continue
        for err in schema_loader.validate(data, schema):
            report.findings.append(
                finding(SCHEMA_VIOLATION, src.rel, err.line, f"{err.where}: {err.message}")
            )
    return report
