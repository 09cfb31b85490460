"""The pieces of the substrate, public-surface, kustomize and docs guards."""

from __future__ import annotations

import pytest

from overlay_preflight.checks import kustomize, operator_docs, public_surface, substrate
from overlay_preflight.loaders import markdown
from overlay_preflight.loaders.kustomization import references
from overlay_preflight.loaders.yamlfile import load_yaml_text
from overlay_preflight.model.config import Policy
from overlay_preflight.model.state_keys import state_keys

REPO = "tinyland-inc/blahaj"


@pytest.mark.parametrize(
    ("rel", "text", "kinds"),
    [
        ("scripts/x.sh", "gh api repos/tinyland-inc/blahaj/dispatches\n", ["repository reference"]),
        (
            ".github/workflows/x.yml",
            "uses: Tinyland-Inc/Blahaj/.github/x.yml@v1\n",
            ["repository reference"],
        ),
        ("Justfile", "cd ~/git/blahaj && just apply\n", ["sibling-checkout path"]),
        ("tofu/a.tf", 'source = "../../blahaj//m"\n', ["sibling-checkout path"]),
        ("tofu/b.s3.hcl", 'key = "blahaj/mail/terraform.tfstate"\n', ["state key"]),
        (
            "tofu/c.tf",
            'data "terraform_remote_state" "s" {\n  config = {\n    key = "blahaj/x"\n  }\n}\n',
            ["state key"],
        ),
        ("scripts/i.sh", "tofu init -backend-config=key=blahaj/x\n", ["state key"]),
        ("scripts/n.sh", "tinyland-inc/blahaj-docs and blahaj alone\n", []),
        ("tofu/d.s3.hcl", 'key = "example-infra/blahaj/x"\n', []),
    ],
)
def test_substrate_reaches(rel, text, kinds):
    assert [k for _, k in substrate.reaches(rel, text, REPO)] == kinds


def test_state_key_line_comes_from_the_hcl_file():
    text = 'bucket = "s"\n\nkey = "blahaj/mail/terraform.tfstate"\n'
    assert list(state_keys("tofu/b.hcl", text, "blahaj")) == [3]


def test_state_keys_are_read_from_the_parsed_hcl():
    """Keys of backend blocks and of object values, quoted or bare, at their
    own line; a `key = ...` inside a string or a comment is no key. HCL the
    parser refuses falls back to the text scan."""
    text = (
        'terraform {\n  backend "s3" {\n    key = "blahaj/a"\n  }\n}\n'
        'data "terraform_remote_state" "s" {\n  config = {\n    bucket = "key = blahaj/no"\n'
        '    "key" = "blahaj/b"\n  }\n}\n# key = "blahaj/comment"\n'
        'x = { key = "other/c", key2 = "blahaj/d" }\n'
    )
    assert list(state_keys("tofu/c.tf", text, "blahaj")) == [3, 9]
    assert list(state_keys("tofu/e.tfbackend", 'key = "blahaj/${var.x}"\n', "blahaj")) == [1]
    broken = 'key = "blahaj/x"\nb = {\n'
    assert list(state_keys("tofu/f.tf", broken, "blahaj")) == [1]


@pytest.mark.parametrize(
    ("rel", "code"),
    [
        ("tofu/stacks/x/main.tf", True),
        (".github/workflows/ci.yml", True),
        ("Justfile", True),
        ("rules/defs.bzl", True),
        ("BUILD.bazel", True),
        ("tofu/stacks/x/README.md", False),
        ("docs/boundary.md", False),
        ("observability/dash.json", False),
    ],
)
def test_code_surfaces(rel, code):
    assert substrate.is_code_surface(rel) is code


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (
            {
                "path_prefix": "t/",
                "interface": "i",
                "provenance": {"decision": "d", "date": "2026-01-02"},
            },
            None,
        ),
        ({"path_prefix": "t/", "interface": "i"}, "lacks provenance"),
        (
            {
                "path_prefix": "",
                "interface": "i",
                "provenance": {"decision": "d", "date": "2026-01-02"},
            },
            "lacks path_prefix",
        ),
        (
            {
                "path_prefix": "t/",
                "interface": "i",
                "provenance": {"decision": "d", "date": "soon"},
            },
            "lacks provenance.date (YYYY-MM-DD)",
        ),
        ("t/", "is not an object"),
    ],
)
def test_allowlist_entries(entry, problem):
    assert substrate._entry_problem(entry) == problem


POLICY = Policy(
    pii_allow_emails=("postmaster@latoolb.us",), pii_allow_domains=("lists.latoolb.us",)
)


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("mail jane@corp.io.", ["public-email"]),
        ("mail jane@corp.io, bob@corp.io", ["public-email", "public-email"]),
        ("postmaster@latoolb.us or POSTMASTER@LATOOLB.US", []),
        ("announce@lists.latoolb.us and x@sub.lists.latoolb.us", []),
        ("ops@example.org, a@mail.example.com, git@github.com:o/r", []),
        ("ghcr.io/o/i@sha256:abc actions/checkout@v4.2.2 pkg@1.2.3", []),
        ("41898282+github-actions[bot]@users.noreply.github.com", []),
        ("call (555) 867-5309 or +1 555.867.5309", ["public-phone-number", "public-phone-number"]),
        ("run 28673911406 on 2026-08-22 from 10.0.0.1 v1.234.567.8901", []),
        ("/home/jane/x and /Users/jane", ["public-home-path", "public-home-path"]),
        ("/home/runner/run.sh $HOME/x ~/git/x https://e.org/home/x /var/home/y", []),
    ],
)
def test_personal_data(text, rules):
    assert [rule.id for _, rule, _ in public_surface.personal_data(text, POLICY)] == rules


def test_exempt_paths_take_files_directories_and_globs():
    patterns = ("scripts/validate-pii.py", "fixtures/", "docs/*.txt")
    assert public_surface.exempt("scripts/validate-pii.py", patterns)
    assert public_surface.exempt("fixtures/a/b.md", patterns)
    assert public_surface.exempt("docs/a.txt", patterns)
    assert not public_surface.exempt("scripts/other.py", patterns)


def test_kustomization_references_cover_every_field():
    doc = load_yaml_text(
        "resources: [a.yaml]\nbases: [../base]\ncomponents: [c]\ngenerators: [g.yaml]\n"
        "transformers:\n  - t.yaml\n  - |\n    apiVersion: x\n    kind: Inline\n"
        "configurations: [conf.yaml]\ncrds: [crd.yaml]\nopenapi: {path: schema.json}\n"
        "patches:\n  - path: p.yaml\n  - patch: '[]'\npatchesJson6902:\n  - path: j.yaml\n"
        "configMapGenerator:\n  - name: x\n    files: [key=f.conf]\n    envs: [e.env]\n"
        "secretGenerator:\n  - name: s\n    files: [s.txt]\n",
        "kustomization.yaml",
    )
    found = [(r.field, r.value) for r in references(doc)]
    assert found == [
        ("resources", "a.yaml"),
        ("bases", "../base"),
        ("components", "c"),
        ("generators", "g.yaml"),
        ("transformers", "t.yaml"),
        ("configurations", "conf.yaml"),
        ("crds", "crd.yaml"),
        ("openapi.path", "schema.json"),
        ("patches[].path", "p.yaml"),
        ("patchesJson6902[].path", "j.yaml"),
        ("configMapGenerator[].files", "f.conf"),
        ("configMapGenerator[].envs", "e.env"),
        ("secretGenerator[].files", "s.txt"),
    ]


PRESENT = {"", "k8s", "k8s/web", "k8s/web/base", "k8s/web/prod", "k8s/web/prod/a.yaml", "k8s/mail"}


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("a.yaml", None),
        ("../base", None),
        ("./a.yaml", None),
        ("https://example.com/x.yaml", "kustomize-remote-reference"),
        ("git::https://example.com/r.git//k8s", "kustomize-remote-reference"),
        ("ssh://git@example.com/r.git", "kustomize-remote-reference"),
        ("github.com/org/repo//k8s?ref=v1", "kustomize-remote-reference"),
        ("git@github.com:org/repo.git", "kustomize-remote-reference"),
        ("../../mail", "kustomize-path-escape"),
        ("../../../../etc", "kustomize-path-escape"),
        ("/etc/passwd", "kustomize-path-escape"),
        ("b.yaml", "kustomize-path-missing"),
        ("sub.d/x.yaml", "kustomize-path-missing"),
    ],
)
def test_kustomize_judgement(value, rule):
    broken = kustomize.judge(value, "k8s/web/prod", "k8s/web", PRESENT)
    assert (broken[0].id if broken else None) == rule


def test_stack_of():
    assert kustomize.stack_of("k8s/web/prod/kustomization.yaml") == "k8s/web"
    assert kustomize.stack_of("deploy/overlays/prod/kustomization.yaml") == "deploy"
    assert kustomize.stack_of("kustomization.yaml") == ""


def test_markdown_code_and_its_sentence():
    doc = (
        "# Runbook\n"
        "Deploy with `kubectl apply -k k8s/web`. Never run `kubectl delete ns web`.\n\n"
        "Do not do this:\n\n```sh\nkubectl apply -k x\n```\n"
        "1. Step\n   ~~~bash\n   just apply\n   ~~~\n"
    )
    found = [
        (c.text, c.line, c.info, bool(operator_docs._NEGATED.search(c.context)))
        for c in markdown.code(doc)
    ]
    assert found == [
        ("kubectl apply -k k8s/web", 2, "", False),
        ("kubectl delete ns web", 2, "", True),
        ("kubectl apply -k x", 7, "sh", True),
        ("just apply", 11, "bash", False),
    ]


def test_doc_findings_skip_data_blocks_and_console_prompts_count():
    doc = (
        "```yaml\n# kubectl apply -f this.yaml\n```\n\n```console\n$ kubectl apply -f x.yaml\n```\n"
    )
    assert [f.line for f in operator_docs.doc_findings("a.md", doc)] == [6]
