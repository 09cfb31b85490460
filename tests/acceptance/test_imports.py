"""Which libraries each command imports (a fresh interpreter's sys.modules
after the run; behaviour, not timing). The rule catalog is complete for every
command, so every check module is imported every time: a check, a loader or
a command module that imported a parser, a schema validator or a scanner at
module level would put it in every run. They import them where they use
them, so `--help`, `rules` and every command's `--help` import none, and a
command imports only what its checks read."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import CORE_SHA, EXAMPLES, REPO

HEAVY = (
    "yaml",
    "jsonschema",
    "referencing",
    "tree_sitter",
    "tree_sitter_hcl",
    "tree_sitter_bash",
    "detect_secrets",
    "requests",
    "markdown_it",
    "hcl2",
    "lark",
    "matplotlib",
)
RUN = """import json, sys
from overlay_preflight import cli
heavy = set(sys.argv.pop(1).split(","))
try:
    code = cli.main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
print("\\nLOADED " + json.dumps([code, sorted({m.split(".")[0] for m in sys.modules} & heavy)]))
"""
EVERY_PARSER = """import json, sys
from overlay_preflight import catalog, cli
from overlay_preflight.commands import COMMANDS
for command in COMMANDS:
    cli.build_parser(command.name)
heavy = set(sys.argv[1].split(","))
print(json.dumps([len(catalog.RULES), sorted({m.split(".")[0] for m in sys.modules} & heavy)]))
"""
ENV = {"PYTHONPATH": str(REPO / "tools"), "PATH": "/usr/bin:/bin"}


def loaded(*argv: str) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", RUN, ",".join(HEAVY), *argv],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
    )
    last = proc.stdout.rstrip().splitlines()[-1]
    assert last.startswith("LOADED "), proc.stdout + proc.stderr
    code, names = json.loads(last.removeprefix("LOADED "))
    return code, set(names)


def test_help_and_rules_import_no_parser():
    assert loaded("--help") == (0, set())
    assert loaded("rules") == (0, set())
    assert loaded("taxonomy", "--help") == (0, set())


def test_the_catalog_and_every_command_module_import_no_parser():
    proc = subprocess.run(
        [sys.executable, "-c", EVERY_PARSER, ",".join(HEAVY)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=ENV,
    )
    assert proc.returncode == 0, proc.stderr
    rules, names = json.loads(proc.stdout)
    assert rules > 100 and names == [], names


def test_taxonomy_parses_hcl_and_yaml_and_nothing_else(tmp_path):
    # An overlay without .overlay-preflight.yaml: nothing to validate.
    stack = tmp_path / "tofu/stacks/arc-runners"
    stack.mkdir(parents=True)
    source = EXAMPLES / "tinyland-infra/tofu/stacks/arc-runners/tinyland.tfvars"
    (stack / "tinyland.tfvars").write_text(source.read_text())
    plain = loaded("taxonomy", str(stack / "tinyland.tfvars"))
    assert plain == (0, {"yaml", "tree_sitter", "tree_sitter_hcl"})
    # The example's policy file is validated against its JSON Schema first.
    with_policy = loaded("taxonomy", str(source))
    assert with_policy == (
        0,
        {"yaml", "jsonschema", "referencing", "tree_sitter", "tree_sitter_hcl"},
    )


def test_enrollment_reads_hcl_with_tree_sitter_and_draws_nothing_extra():
    code, names = loaded(
        "enrollment",
        "--overlay-root",
        str(EXAMPLES / "tinyland-infra"),
        "--expected-core-ref",
        CORE_SHA,
    )
    assert code == 0
    # The secret scan's own imports are its business (detect-secrets and the
    # requests it pulls in); everything else is named.
    assert names - {"detect_secrets", "requests"} == {
        "yaml",
        "jsonschema",
        "referencing",
        "tree_sitter",
        "tree_sitter_hcl",
        "tree_sitter_bash",
    }


def test_secrets_runs_no_schema_validator_and_no_hcl_parser(tmp_path):
    key = "AKIA" + "Q3EGRIT2XKPN7W4Z"  # an AWS access key id
    (tmp_path / "notes.md").write_text(f"key: {key}\n")
    code, names = loaded("secrets", str(tmp_path), "--format", "json")
    assert code == 1
    assert not names & {"jsonschema", "tree_sitter_hcl", "hcl2", "lark", "matplotlib"}
