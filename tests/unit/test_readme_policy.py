"""The README's `.overlay-preflight.yaml` examples are valid policy files."""

from __future__ import annotations

from markdown_it import MarkdownIt

from support.cli import run_cli
from support.paths import REPO


def _policy_blocks() -> list[str]:
    tokens = MarkdownIt().parse((REPO / "README.md").read_text())
    return [
        t.content
        for t in tokens
        if t.type == "fence"
        and t.info.strip() == "yaml"
        and t.content.lstrip().startswith(("policy:", "suppressions:"))
    ]


def test_every_policy_example_in_the_readme_matches_the_schema(tmp_path):
    blocks = _policy_blocks()
    assert len(blocks) >= 2  # the suppression example and the policy example
    for n, block in enumerate(blocks):
        path = tmp_path / f"policy-{n}.yaml"
        path.write_text(block)
        result = run_cli("schema", "--schema", REPO / "schemas/overlay-preflight.schema.json", path)
        assert result.code == 0, (block, result.out, result.err)
