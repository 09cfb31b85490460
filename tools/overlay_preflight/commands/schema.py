"""Validate YAML or JSON files against a JSON Schema (2020-12 or older).

overlay-preflight schema --schema schemas/organization.schema.json config/organization.yaml

Nothing is fetched: a `$ref` that the schema file itself cannot resolve (a
remote URL, another file, a pointer to nowhere) is an input-invalid finding
on the schema, and no document is judged against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..checks import data_schema, inputs
from ..errors import UsageError
from ..loaders import LoadError, Source, read_text
from ..loaders import schema as schema_loader
from ..loaders.jsonfile import load_json_text
from ..loaders.yamlfile import load_yaml_text
from ..model.captures import Captures
from ..report import Report
from . import Outcome
from .common import run_checks


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


def _document(src: Source) -> Any:
    load = load_json_text if src.rel.endswith(".json") else load_yaml_text
    return load(read_text(src), src.rel)


def run(args) -> Outcome:
    schema_src = _schema_source(args.schema)
    try:
        schema = schema_loader.load_schema(schema_src)
    except LoadError as err:
        raise UsageError(str(err)) from None
    captures = Captures()
    captures.errors += schema_loader.unresolvable_refs(schema, schema_src.rel)
    if captures.errors:
        return Outcome(run_checks(Report("schema"), (inputs,), captures))
    documents = []
    for name in args.files:
        src = Source.under(Path.cwd(), name)
        failed = len(captures.errors)
        data = captures.load(_document, src)
        if len(captures.errors) == failed:  # it loaded (an empty document is None)
            documents.append((src.rel, data))
    report = run_checks(Report("schema"), (inputs,), captures)
    return Outcome(run_checks(report, (data_schema,), data_schema.Documents(schema, documents)))
