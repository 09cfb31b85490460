import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overlay_preflight.loaders import LoadError, Source
from overlay_preflight.loaders.justfile import (
    _assignment_lines,
    _header_line,
    _header_lines,
    load_justfile,
)


def write(tmp_path, text):
    path = tmp_path / "Justfile"
    path.write_text(text)
    return Source(path, "Justfile")


def test_reads_assignments_with_just_itself(tmp_path):
    src = write(
        tmp_path,
        'x := "1"\n\ngf_core_sha := "abc"\np := env_var_or_default("A", "b")\n'
        "\nrecipe:\n    echo hi\n",
    )
    jf = load_justfile(src)
    assert jf.assignments["gf_core_sha"].value == "abc"
    assert jf.assignments["gf_core_sha"].line == 3
    assert jf.assignments["p"].value is None  # an expression
    assert jf.recipes == ["recipe"]


def test_invalid_justfile_names_the_line(tmp_path):
    with pytest.raises(LoadError) as err:
        load_justfile(write(tmp_path, 'a := "1"\nb := \n'))
    assert err.value.line == 2 and "invalid Justfile" in err.value.message


def test_recipe_and_assignment_lines(tmp_path):
    src = write(
        tmp_path,
        'build := "x"\nexport token := "t"\n\n@build-all:\n    echo a\n'
        "\ndeploy target='a':\n    echo {{target}}\n\nbuild:\n    echo b\n",
    )
    jf = load_justfile(src)
    assert jf.assignments["build"].line == 1
    assert jf.assignments["token"].line == 2
    assert jf.recipe_details["build-all"].line == 4
    assert jf.recipe_details["deploy"].line == 7
    assert jf.recipe_details["build"].line == 10  # line 1 is an assignment, not its header


def _find_line_reference(lines, name):
    """The one-name scan that the index replaced."""
    for number, line in enumerate(lines, 1):
        words = line.replace(":=", " := ").split()
        if words[:1] in ([name], ["export"]) and ":=" in words[:3] and name in words[:2]:
            return number
    return None


_WORDS = st.sampled_from(["a", "b", "a-b", "export", "@a", "@", ":", ":=", "=", " ", "\t", "x:"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_WORDS, max_size=5).map("".join), max_size=12))
def test_line_indexes_agree_with_the_one_name_scans(lines):
    headers, assigned = _header_lines(lines), _assignment_lines(lines)
    for name in ("a", "b", "a-b", "export", "x"):
        assert headers.get(name) == _header_line(lines, name)
        assert assigned.get(name) == _find_line_reference(lines, name)
