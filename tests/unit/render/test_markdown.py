"""`--format markdown`: a job summary that a real CommonMark+GFM-tables parser
reads as the tally, a table by rule and one row per finding; overlay values
stay text (no link, tag, emphasis, mention or extra cell)."""

import pytest
from markdown_it import MarkdownIt

from overlay_preflight.render import markdown
from overlay_preflight.report import Finding, Report, Table

HOSTILE = "x|y <img src=x onerror=alert(1)> [a](https://e.example) *b* `c` @octocat\n#d\x01"


def finding(path="MODULE.bazel", line=11, message="pin differs", **kw) -> Finding:
    fields = dict(rule="core-pin-mismatch", severity="blocker", hint="h")
    fields.update(kw)
    return Finding(path=path, line=line, message=message, fingerprint="f" * 32, **fields)


def tokens(text: str):
    return MarkdownIt("commonmark").enable("table").parse(text)


def tables(text: str) -> list[list[list[str]]]:
    """Each table as rows of cell texts (inline content, escapes resolved)."""
    out, rows, row, cell = [], None, None, False
    for tok in tokens(text):
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            cell = True
        elif tok.type == "inline" and cell:
            row.append("".join(c.content for c in tok.children))
            cell = False
        elif tok.type in ("th_close", "td_close") and cell:  # an empty cell
            row.append("")
            cell = False
        elif tok.type == "tr_close":
            rows.append(row)
        elif tok.type == "table_close":
            out.append(rows)
    return out


def inline_kinds(text: str) -> set[str]:
    return {c.type for t in tokens(text) if t.type == "inline" for c in t.children}


def test_heading_tally_by_rule_and_findings():
    report = Report(
        "enrollment",
        [
            finding(),
            finding(path="w.yml", line=None, rule="action-not-pinned", severity="warning"),
            finding(path="s.md", rule="trailing-whitespace", suppressed="docs only"),
        ],
    )
    text = markdown.render(report)
    assert text.startswith("### overlay-preflight enrollment: failed\n\n**1 blockers / 1 warnings")
    assert "1 suppressed" in text.splitlines()[2]
    by_rule, active, suppressed = tables(text)
    assert by_rule == [
        ["rule", "blockers", "warnings", "suppressed"],
        ["action-not-pinned", "0", "1", "0"],
        ["core-pin-mismatch", "1", "0", "0"],
        ["trailing-whitespace", "0", "0", "1"],
        ["total", "1", "1", "1"],
    ]
    assert active[1:] == [
        ["blocker", "MODULE.bazel:11", "core-pin-mismatch", "pin differs"],
        ["warning", "w.yml", "action-not-pinned", "pin differs"],
    ]
    assert suppressed == [
        ["severity", "where", "rule", "reason"],
        ["blocker", "s.md:11", "trailing-whitespace", "docs only"],
    ]


def test_a_clean_report_is_the_heading_and_the_tally():
    report = Report("enrollment", [finding(severity="warning", expected=True)], strict=True)
    text = markdown.render(report)
    assert text.startswith("### overlay-preflight enrollment: passed\n\n")
    assert "**0 blockers / 1 warnings (1 expected)**" in text
    assert tables(text)[1][1][0] == "warning (expected)"
    assert markdown.render(Report("taxonomy")) == (
        "### overlay-preflight taxonomy: passed\n\n**0 blockers / 0 warnings**\n"
    )


def test_hostile_values_stay_one_text_cell():
    text = markdown.render(Report("hygiene", [finding(path=HOSTILE, message=HOSTILE)]))
    rows = tables(text)[1]
    assert len(rows) == 2 and len(rows[1]) == 4
    shown = HOSTILE.replace("\n", " ").replace("\x01", "\\x01").replace("@", "@\u200b")
    assert rows[1][1] == shown + ":11"
    assert rows[1][3] == shown
    assert inline_kinds(text) <= {"text", "code_inline", "strong_open", "strong_close"}


def test_tables_of_figures_are_escaped_too():
    report = Report("capacity", tables=[Table("per | node", ("node", "cpu"), (("a|b", 2),))])
    text = markdown.render(report)
    assert tables(text) == [[["node", "cpu"], ["a|b", "2"]]]


@pytest.mark.parametrize("count", [markdown.MAX_ROWS, markdown.MAX_ROWS + 3])
def test_long_reports_stop_and_say_how_many_more(count):
    report = Report("secrets", [finding(path=f"f{n:04}") for n in range(count)])
    text = markdown.render(report)
    assert len(tables(text)[1]) == 1 + markdown.MAX_ROWS
    assert ("and 3 more" in text) is (count > markdown.MAX_ROWS)
