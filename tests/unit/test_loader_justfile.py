import pytest

from overlay_preflight.loaders import LoadError, Source
from overlay_preflight.loaders.justfile import load_justfile


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
