"""`--format github`: one workflow command per finding, escaped so that the
runner reads back exactly the path, line, rule and message, and nothing else."""

from overlay_preflight.render import github
from overlay_preflight.report import Finding, Report
from support.workflow_commands import parse

HOSTILE = "a\n::error file=README.md,line=1::forged\r%0A, x:y"


def finding(path="MODULE.bazel", line=11, message="pin differs", **kw) -> Finding:
    fields = dict(rule="core-pin-mismatch", severity="blocker", hint="Refresh the pins.")
    fields.update(kw)
    return Finding(path=path, line=line, message=message, fingerprint="f" * 32, **fields)


def test_one_error_per_blocker_with_file_line_and_rule():
    report = Report("enrollment", [finding()])
    lines = github.render(report).splitlines()
    assert lines == [
        "::error file=MODULE.bazel,line=11,title=core-pin-mismatch::"
        "pin differs%0Ahint: Refresh the pins.",
        "1 blockers / 0 warnings",
    ]


def test_levels_warning_expected_and_suppressed():
    report = Report(
        "enrollment",
        [
            finding(path="a", severity="warning"),
            finding(path="b", severity="warning", expected=True),
            finding(path="c", suppressed="reviewed in 2026-11"),
        ],
    )
    parsed = [parse(line) for line in github.render(report).splitlines()[:-1]]
    assert [(c, f["file"], f["title"]) for c, f, _ in parsed] == [
        ("warning", "a", "core-pin-mismatch"),
        ("warning", "b", "core-pin-mismatch (expected)"),
        ("notice", "c", "core-pin-mismatch"),
    ]
    assert parsed[2][2] == "pin differs\nsuppressed: reviewed in 2026-11"


def test_no_line_means_a_file_annotation_and_no_path_means_none():
    out = github.render(Report("x", [finding(line=None), finding(path="", line=None)]))
    no_path, no_line = out.splitlines()[:2]  # sorted by path
    assert no_line.startswith("::error file=MODULE.bazel,title=core-pin-mismatch::")
    assert no_path.startswith("::error title=core-pin-mismatch::")


def test_hostile_values_round_trip_and_forge_nothing():
    report = Report("hygiene", [finding(path=HOSTILE, message=HOSTILE)])
    lines = github.render(report).splitlines()
    assert len(lines) == 2  # one annotation and the tally: no injected line
    command, fields, message = parse(lines[0])
    assert command == "error"
    assert fields == {"file": HOSTILE, "line": "11", "title": "core-pin-mismatch"}
    assert message == HOSTILE + "\nhint: Refresh the pins."


def test_escaping_follows_the_toolkit():
    assert github.escape_data("100%\r\n:,") == "100%25%0D%0A:,"
    assert github.escape_property("100%\r\n:,") == "100%25%0D%0A%3A%2C"
