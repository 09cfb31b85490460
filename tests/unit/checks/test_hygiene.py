from __future__ import annotations

from overlay_preflight.checks import hygiene, justfile_format


def rules(findings):
    return [(f.rule, f.line, f.message) for f in findings]


def test_clean_text_and_crlf_raise_nothing():
    assert rules(hygiene.whitespace("a", "one\ntwo\n")) == []
    assert rules(hygiene.whitespace("a", "one\r\ntwo\r\n")) == []
    assert rules(hygiene.whitespace("a", "")) == []


def test_trailing_whitespace_names_the_first_line_and_counts():
    found = rules(hygiene.whitespace("a", "ok\nx \ny\t\n"))
    assert found == [("trailing-whitespace", 2, "trailing whitespace on 2 line(s)")]


def test_blank_lines_at_end_and_missing_newline():
    assert rules(hygiene.whitespace("a", "x\n\n\n")) == [
        ("trailing-whitespace", 2, "2 blank line(s) at the end of the file")
    ]
    assert rules(hygiene.whitespace("a", "x\ny")) == [
        ("final-newline-missing", 2, "no newline at the end of the file")
    ]


def test_setext_heading_is_not_a_conflict_but_a_conflict_is():
    assert rules(hygiene.conflict_markers("a", "Title\n=======\n")) == []
    found = rules(hygiene.conflict_markers("a", "<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n"))
    assert [(r, n) for r, n, _ in found] == [
        ("conflict-marker", 1),
        ("conflict-marker", 3),
        ("conflict-marker", 5),
    ]


def test_first_changed_line_of_a_fmt_diff():
    assert justfile_format.first_changed_line(" a\n b\n-c\n+c \n") == 3
    assert justfile_format.first_changed_line("-a\n+b\n") == 1
