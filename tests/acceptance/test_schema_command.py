"""`overlay-preflight schema`: YAML or JSON files against a JSON Schema."""

import json

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["team"],
    "properties": {"team": {"type": "string"}, "size": {"type": "integer", "minimum": 1}},
}


def write(tmp_path):
    (tmp_path / "team.schema.json").write_text(json.dumps(SCHEMA))
    (tmp_path / "good.yaml").write_text("team: infra\nsize: 3\n")
    (tmp_path / "bad.yaml").write_text("team: infra\nsize: 0\n")
    (tmp_path / "bad.json").write_text('{\n  "size": 2\n}\n')


def test_good_file_passes(run_cli, tmp_path):
    write(tmp_path)
    result = run_cli("schema", "--schema", "team.schema.json", "good.yaml", cwd=tmp_path)
    assert result.code == 0 and result.last_line == "0 blockers / 0 warnings"


def test_violations_name_file_line_and_constraint(run_cli, tmp_path):
    write(tmp_path)
    result = run_cli("schema", "--schema", "team.schema.json", "bad.yaml", "bad.json", cwd=tmp_path)
    assert result.code == 1
    assert "bad.yaml:2: blocker [schema-violation] size: value is less than 1" in result.out
    assert (
        "bad.json:1: blocker [schema-violation] (document): 'team' is a required property"
        in result.out
    )


def test_builtin_schema_by_name(run_cli, tmp_path):
    (tmp_path / "org.yaml").write_text("schema_version: 1\n")
    result = run_cli("schema", "--schema", "organization.schema.json", "org.yaml", cwd=tmp_path)
    assert result.code == 1 and "'owner' is a required property" in result.out


def test_malformed_data_and_schema(run_cli, tmp_path):
    write(tmp_path)
    (tmp_path / "broken.json").write_text('{"team": ')
    result = run_cli("schema", "--schema", "team.schema.json", "broken.json", cwd=tmp_path)
    assert result.code == 1 and "broken.json:1: blocker [input-invalid] invalid JSON" in result.out
    (tmp_path / "not-a-schema.json").write_text('{"type": 12}')
    assert run_cli("schema", "--schema", "not-a-schema.json", "good.yaml", cwd=tmp_path).code == 2
    assert run_cli("schema", "--schema", "missing.json", "good.yaml", cwd=tmp_path).code == 2
