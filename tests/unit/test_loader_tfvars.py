import pytest

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.tfvars import parse_tfvars_text

TEXT = """# comment
cluster_context = "honey"
deploy_arc_controller = false
nix_max_runners = 8
extra_runner_sets = {
  "jess-kit" = {
    runner_label = "tinyland-nix"
    max_runners  = 2
  }
}
tolerations = [
  { key = "dedicated", effect = "NoSchedule" },
]
ref = var.something
"""


def test_values_are_plain_python_with_lines():
    tf = parse_tfvars_text(TEXT, "x.tfvars")
    assert tf.get("cluster_context") == "honey"
    assert tf.get("deploy_arc_controller") is False
    assert tf.get("nix_max_runners") == 8
    assert tf.get("extra_runner_sets") == {
        "jess-kit": {"runner_label": "tinyland-nix", "max_runners": 2}
    }
    assert tf.line("extra_runner_sets", "jess-kit", "max_runners") == 8
    assert tf.line("tolerations", 0, "effect") == 12
    assert tf.get("ref") == "${var.something}"


@pytest.mark.parametrize(
    "text,line,words",
    [
        ("a = \n", 1, "invalid HCL"),
        ("a = 1\nb = 2\na = 3\n", 3, "assigned twice"),
        ('resource "x" "y" {}\n', 1, "not blocks"),
        ("x = {\n  a = 1\n  a = 2\n}\n", 3, "set twice"),
    ],
)
def test_malformed_tfvars(text, line, words):
    with pytest.raises(LoadError) as err:
        parse_tfvars_text(text, "x.tfvars")
    assert err.value.line == line and words in err.value.message


def test_error_never_quotes_the_offending_text():
    with pytest.raises(LoadError) as err:
        parse_tfvars_text('token = "ghp_abc\n', "x.tfvars")
    assert "ghp_" not in str(err.value)
