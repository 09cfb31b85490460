import pytest

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.module_bazel import Computed, parse_module_text

TEXT = """module(name = "o", version = "0.1.0")

bazel_dep(name = "attic-iac", version = "0.1.0")
bazel_dep(name = "rules_shell", version = "0.6.1", dev_dependency = True)
pip = use_extension("@rules_python//python/extensions:pip.bzl", "pip")

git_override(
    module_name = "attic-iac",
    remote = "https://github.com/tinyland-inc/GloriousFlywheel.git",
    commit = COMMIT,
)
local_path_override(module_name = "other", path = "../other")
"""


def test_extracts_module_deps_and_overrides_with_lines():
    mod = parse_module_text(TEXT, "MODULE.bazel")
    assert mod.module.get("name") == "o"
    assert [d.get("name") for d in mod.deps] == ["attic-iac", "rules_shell"]
    assert mod.deps[1].get("dev_dependency") is True
    (git,) = mod.overrides_for("attic-iac")
    assert git.name == "git_override" and git.line == 7
    assert git.line_of("remote") == 9
    assert isinstance(git.get("commit"), Computed) and git.get("commit").source == "COMMIT"
    assert mod.overrides_for("other")[0].name == "local_path_override"


def test_is_never_executed(tmp_path):
    marker = tmp_path / "ran"
    text = f'__import__("pathlib").Path("{marker}").write_text("x")\nmodule(name = "o")\n'
    parse_module_text(text, "MODULE.bazel")
    assert not marker.exists()


@pytest.mark.parametrize(
    "text,line",
    [
        ('module(name = "o"\n\nbazel_dep(name = "x")\n', 1),
        ('module(name = "o")\nbazel_dep(name = "x", )))\n', 2),
        ("def f(:\n", 1),
    ],
)
def test_syntax_errors_name_the_line(text, line):
    with pytest.raises(LoadError) as err:
        parse_module_text(text, "MODULE.bazel")
    assert err.value.path == "MODULE.bazel"
    assert err.value.line == line
    assert "Starlark" in err.value.message
