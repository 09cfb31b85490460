"""Every loader's malformed input is a blocker naming file and line."""

import pytest

CASES = [
    ("config/organization.yaml", "owner:\n  slug: [unclosed\n", 3, "invalid YAML"),
    ("config/organization.yaml", "owner: {}\nowner: {}\n", 2, "duplicate key"),
    ("config/organization.yaml", "- just\n- a list\n", 1, "expected a mapping"),
    ("MODULE.bazel", 'module(name = "x"\nbazel_dep(name = "y")\n', 1, "Starlark"),
    # Named at the last token before the missing "}", not past the end of the file.
    ("tofu/stacks/arc-runners/tinyland.tfvars", 'a = "x"\nb = {\n', 2, 'invalid HCL: missing "}"'),
    ("Justfile", 'x := "1"\ny := \n', 2, "invalid Justfile"),
    (".github/workflows/validate.yml", "on: push\njobs: {a: 1\n", 3, "invalid YAML"),
    # Any other data file: JSON with its duplicate key's line.
    ("data/values.json", '{\n  "a": 1,\n  "a": 2\n}\n', 3, "duplicate key 'a' (first at line 2)"),
]


@pytest.mark.parametrize(
    "path,text,line,words", CASES, ids=[c[0] + str(n) for n, c in enumerate(CASES)]
)
def test_malformed_file_is_an_input_invalid_blocker(run_cli, overlay_copy, path, text, line, words):
    root = overlay_copy()
    (root / path).parent.mkdir(exist_ok=True)
    (root / path).write_text(text)
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 1
    assert "Traceback" not in result.out + result.err
    first = [ln for ln in result.out.splitlines() if "[input-invalid]" in ln]
    assert len(first) == 1
    assert first[0].startswith(f"{path}:{line}: blocker [input-invalid]")
    assert words in first[0]


def test_wrong_types_are_schema_blockers_with_lines(run_cli, overlay_copy):
    root = overlay_copy()
    org = root / "config/organization.yaml"
    org.write_text(
        org.read_text()
        .replace("schema_version: 1", "schema_version: one")
        .replace("account_kind: organization", "account_kind: company")
    )
    result = run_cli("enrollment", "--overlay-root", root)
    lines = [ln for ln in result.out.splitlines() if "[organization-schema]" in ln]
    assert lines == [
        "config/organization.yaml:10: blocker [organization-schema] owner.account_kind: value "
        'is not one of ["organization", "user"]',
        "config/organization.yaml:4: blocker [organization-schema] schema_version: value is "
        'not of type "integer"',
    ] or sorted(lines) == sorted(
        [
            "config/organization.yaml:4: blocker [organization-schema] schema_version: value is "
            'not of type "integer"',
            "config/organization.yaml:10: blocker [organization-schema] owner.account_kind: value "
            'is not one of ["organization", "user"]',
        ]
    )


def test_missing_required_files(run_cli, overlay_copy):
    root = overlay_copy()
    (root / "MODULE.bazel").unlink()
    (root / "config/organization.yaml").unlink()
    result = run_cli("enrollment", "--overlay-root", root)
    assert result.code == 1
    assert "MODULE.bazel: blocker [input-missing]" in result.out
    assert "config/organization.yaml: blocker [input-missing]" in result.out


def test_a_named_file_that_does_not_exist_is_missing_not_invalid(run_cli, overlay_copy):
    root = overlay_copy()
    result = run_cli("enrollment", "--overlay-root", root, "--tfvars", "nope.tfvars")
    assert result.code == 1
    assert "nope.tfvars: blocker [input-missing] file not found" in result.out
    assert "[input-invalid]" not in result.out
