"""`*.tfvars.json`: the JSON form of a tfvars file that OpenTofu and
Terraform read beside `*.tfvars`, loaded into the same `Tfvars` (with lines,
through `jsonfile`), so every taxonomy check sees its lanes."""

from __future__ import annotations

from . import LoadError, Source
from .jsonfile import load_json
from .tfvars import Tfvars, load_tfvars
from .yamlfile import LineDict

SUFFIX = ".tfvars.json"


def load_tfvars_json(src: Source) -> Tfvars:
    values = load_json(src)
    if not isinstance(values, LineDict):
        raise LoadError(
            src.rel, getattr(values, "line", 1), "a .tfvars.json file holds one JSON object"
        )
    return Tfvars(src.rel, values)


def load_any_tfvars(src: Source) -> Tfvars:
    """A tfvars file in either form, by its name."""
    return load_tfvars_json(src) if src.rel.endswith(SUFFIX) else load_tfvars(src)
