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


@pytest.mark.parametrize(
    "text,value",
    [
        ("a = var.x[0].id\n", "${var.x[0].id}"),
        ('a = merge({a = 1}, {b = "x"})\n', '${merge({a = 1}, {b = "x"})}'),
        ("a = var.on ? 1 : 2\n", "${var.on ? 1 : 2}"),
        ("a = [for x in var.l : upper(x)]\n", "${[for x in var.l : upper(x)]}"),
        ("a = merge(\n  {a = 1},\n  {b = 2}\n)\n", "${merge( {a = 1}, {b = 2} )}"),
        ("a = (1)\n", "${(1)}"),
        ('a = "x-${var.y}-z"\n', "x-${var.y}-z"),
        ('a = "$${var.y} %%{x}"\n', "$${var.y} %%{x}"),
        ('a = "q\\"x\\\\y\\n\\t\\u00e9\\U0001F600"\n', 'q"x\\y\n\té\U0001f600'),
        ("a = -1.5\n", -1.5),
        ("a = 007\n", 7),
        ("a = 1.5e3\n", 1500.0),
        ("a = 1e3\n", 1000.0),
        ("a = -2E-2\n", -0.02),
        ("a = null\n", None),
        ("a = <<EOT\nline1\n  line2\nEOT\n", "line1\n  line2\n"),
        ("a = <<-EOT\n    line1\n      ${var.x}\n    EOT\n", "line1\n  ${var.x}\n"),
        ("a = <<EOT\nEOT\n", ""),
    ],
)
def test_expressions_and_literals(text, value):
    got = parse_tfvars_text(text, "x.tfvars").get("a")
    assert got == value and type(got) is type(value)


def test_object_keys_and_lines():
    tf = parse_tfvars_text(
        'a = {\n  b: 1,\n  "c.d" = 2\n  (var.k) = 3\n  var.j = 4\n'
        "  5 = [\n    6,\n    7,\n  ]\n}\n",
        "x.tfvars",
    )
    assert tf.get("a") == {"b": 1, "c.d": 2, "${(var.k)}": 3, "${var.j}": 4, "5": [6, 7]}
    assert [tf.line("a", k) for k in ("b", "c.d", "${(var.k)}", "${var.j}", "5")] == [2, 3, 4, 5, 6]
    assert (tf.line("a", "5", 0), tf.line("a", "5", 1)) == (7, 8)


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("a = \n", 1, "invalid HCL: missing a value at column 4"),
        ('a = "x"\nb = {\n', 2, 'invalid HCL: missing "}" at column 6'),
        ("a = [1, 2\nb = 3\n", 1, 'invalid HCL: missing "]" at column 10'),
        ("a = 1\n@@@\n", 2, "invalid HCL: unexpected text at column 1"),
        ('a = "x" "y"\n', 1, "invalid HCL: unexpected string at column 5"),
        ("a = <<EOT\nx\n", 2, "invalid HCL: missing the heredoc's closing marker at column 2"),
        ('é = "ü" @\n', 1, "invalid HCL: unexpected text at column 9"),
        ("a = 0x10\n", 1, "invalid HCL: numbers are decimal (no 0x)"),
        ('a = "x\ny"\n', 1, "invalid HCL: a quoted string cannot span lines"),
        ('{"a": 1}\n', 1, "invalid HCL: a tfvars file holds assignments, not an object"),
        ("\n\na = " + "[" * 300 + "]" * 300 + "\n", 3, "invalid HCL: nesting too deep to read"),
    ],
)
def test_malformed_hcl_names_line_and_column(text, line, message):
    with pytest.raises(LoadError) as err:
        parse_tfvars_text(text, "x.tfvars")
    assert (err.value.line, err.value.message) == (line, message)


def test_an_exponent_without_fraction_keeps_the_lines_after_it():
    values = parse_tfvars_text("a = [1e3, 2]\nb = 2\n\nc = 4e0\n", "x.tfvars")
    assert (list(values.get("a")), values.get("b"), values.get("c")) == ([1000.0, 2], 2, 4.0)
    assert values.line("c") == 4
