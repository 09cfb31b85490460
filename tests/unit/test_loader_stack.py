import pytest

from overlay_preflight.loaders import LoadError
from overlay_preflight.loaders.stack import Block, parse_blocks


def test_top_level_blocks_with_labels_and_lines():
    text = (
        '# stack\nresource "helm_release" "this" {\n  name = "x"\n  set {\n    v = 1\n  }\n}\n'
        'import {\n  to = module.a.b\n  id = "ns/x"\n}\nlocals { a = 1 }\nx = 1\n'
    )
    assert parse_blocks(text, "main.tf") == [
        Block("resource", ("helm_release", "this"), 2),
        Block("import", (), 8),
        Block("locals", (), 12),
    ]


def test_a_syntax_error_names_its_line():
    with pytest.raises(LoadError) as err:
        parse_blocks('module "a" {\n  source = "x"\n\nremoved {\n', "main.tf")
    assert err.value.line == 4 and err.value.message.startswith("invalid HCL: missing")
