"""Property-based fuzzing of every loader: any input gives data or a clean
LoadError naming the file, never another exception, in bounded time."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES
from overlay_preflight.loaders import LoadError, Source
from overlay_preflight.loaders.justfile import load_justfile
from overlay_preflight.loaders.module_bazel import parse_module_text
from overlay_preflight.loaders.organization import load_organization
from overlay_preflight.loaders.tfvars import parse_tfvars_text
from overlay_preflight.loaders.workflow import load_workflow
from overlay_preflight.loaders.yamlfile import load_yaml_text

FUZZ = settings(
    max_examples=150,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

ORG = EXAMPLES / "tinyland-infra"
SEEDS = {
    "module": (ORG / "MODULE.bazel").read_text(),
    "org": (ORG / "config/organization.yaml").read_text(),
    "tfvars": (ORG / "tofu/stacks/arc-runners/tinyland.tfvars").read_text(),
    "justfile": (ORG / "Justfile").read_text(),
    "workflow": (ORG / ".github/workflows/validate.yml").read_text(),
}
SYNTAX = st.sampled_from([*list("{}[]()=:\"'#\n\t ,-&*!|>%@`\\$"), "${", "<<", ":=", "\x00"])


@st.composite
def mutated(draw, seed: str):
    """A real file with a few random edits: deep in the grammar, not just noise."""
    text = SEEDS[seed]
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "dup"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(SYNTAX, st.text(max_size=5))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        else:
            text = text[:at] + text[at : at + 40] + text[at:]
    return text


def either(load, text):
    try:
        load(text)
    except LoadError as err:
        assert err.path and err.message
        assert err.line is None or err.line >= 1


@FUZZ
@given(st.one_of(mutated("module"), st.text(max_size=300)))
def test_module_bazel(text):
    either(lambda t: parse_module_text(t, "MODULE.bazel"), text)


@FUZZ
@given(st.one_of(mutated("tfvars"), st.text(max_size=300)))
def test_tfvars(text):
    either(lambda t: parse_tfvars_text(t, "x.tfvars"), text)


@FUZZ
@given(st.one_of(mutated("org"), mutated("workflow"), st.text(max_size=300)))
def test_yaml(text):
    either(lambda t: load_yaml_text(t, "x.yaml"), text)


@FUZZ
@given(st.one_of(mutated("org"), st.text(max_size=200)))
def test_organization(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("org") / "organization.yaml"
    path.write_bytes(text.encode("utf-8", "replace"))
    either(lambda _: load_organization(Source(path, "config/organization.yaml")), text)


@FUZZ
@given(st.one_of(mutated("workflow"), st.text(max_size=200)))
def test_workflow(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("wf") / "w.yml"
    path.write_bytes(text.encode("utf-8", "replace"))
    either(lambda _: load_workflow(Source(path, "w.yml")), text)


@settings(
    max_examples=40,
    deadline=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(mutated("justfile"), st.text(max_size=120)))
def test_justfile(tmp_path_factory, text):
    path = Path(tmp_path_factory.mktemp("just")) / "Justfile"
    path.write_bytes(text.encode("utf-8", "replace"))
    either(lambda _: load_justfile(Source(path, "Justfile")), text)
