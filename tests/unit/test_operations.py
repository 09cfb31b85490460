"""What a command does: raw tofu state operations, kubectl mutations,
imperative pins and the recipes of a `just` call."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overlay_preflight.loaders import Source
from overlay_preflight.loaders.justfile import load_justfile
from overlay_preflight.loaders.shell import parse_script
from overlay_preflight.model import operations


def _one(text: str):
    (command,) = parse_script(text).commands
    return command


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("tofu plan", "plan"),
        ("terraform -chdir=x apply -auto-approve", "apply"),
        ("tofu state rm x", "state"),
        ("tofu import a b", "import"),
        ("tofu fmt -check", None),
        ("tofu -chdir=x init -backend=false", None),
        ("tofu validate", None),
        ("echo tofu apply", None),
    ],
)
def test_tofu_operation(text, verb):
    assert operations.tofu_operation(_one(text)) == verb


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("kubectl apply -k k8s/web", "apply"),
        ("kubectl --kubeconfig k -n web delete pod x", "delete"),
        ("kubectl -n web set image deploy/x a=b", "set image"),
        ("kubectl rollout undo deploy/x", "rollout undo"),
        ("kubectl scale deploy/x --replicas=0", "scale"),
        ("kubectl apply --dry-run=server -k k8s/web", None),
        ("kubectl diff -k k8s/web", None),
        ("kubectl rollout status deploy/x", None),
        ("kubectl --kubeconfig k config set-cluster c --server=https://x", None),
        ("kubectl kustomize k8s/web", None),
    ],
)
def test_kubectl_mutation(text, verb):
    assert operations.kubectl_mutation(_one(text)) == verb


def test_kustomize_piped_into_kubectl_apply():
    piped = parse_script("kustomize build k8s/web | kubectl apply -f -\n").commands[1]
    assert operations.kustomize_piped_apply(piped)
    also = parse_script("kubectl kustomize k8s/web | kubectl apply -f -\n").commands[1]
    assert operations.kustomize_piped_apply(also)
    alone = parse_script("cat x.yaml | kubectl apply -f -\n").commands[1]
    assert not operations.kustomize_piped_apply(alone)


@pytest.mark.parametrize(
    ("text", "pin"),
    [
        ("kubectl set image deploy/x a=b", "kubectl set image"),
        ("kubectl scale deploy/x --replicas=3", "kubectl scale"),
        ("kubectl rollout undo deploy/x", "kubectl rollout undo"),
        (
            """kubectl patch deploy/x -p '{"spec":{"replicas":0}}'""",
            "kubectl patch of replicas or image",
        ),
        ("""kubectl patch deploy/x -p '{"metadata":{"labels":{"a":"b"}}}'""", None),
        ("kubectl rollout restart deploy/x", None),
        ("kubectl apply -k x", None),
    ],
)
def test_imperative_pin(text, pin):
    assert operations.imperative_pin(_one(text)) == pin


@pytest.fixture
def justfile(tmp_path):
    path = tmp_path / "Justfile"
    path.write_text(
        "alias v := validate\n\nvalidate target:\n    echo {{ target }}\n\n"
        "check:\n    echo\n\nmany +items:\n    echo {{ items }}\n"
    )
    return load_justfile(Source(path, "Justfile"))


@pytest.mark.parametrize(
    ("text", "recipes"),
    [
        ("just check", ["check"]),
        ("just validate web check", ["validate", "check"]),
        ("just v web check", ["v", "check"]),
        ("just --justfile J -d . check", ["check"]),
        ("just --set a b FOO=1 check", ["check"]),
        ("just many a b c", ["many"]),
        ("just --list", []),
        ("just --fmt --check", []),
        ("just", []),
    ],
)
def test_just_calls_follow_parameters(justfile, text, recipes):
    assert [c.recipe.text for c in operations.just_calls(_one(text), justfile)] == recipes


def test_a_dynamic_recipe_is_not_literal(justfile):
    (call,) = operations.just_calls(_one('just "$RECIPE"'), justfile)
    assert not call.recipe.literal


def test_recipe_script_keeps_lines_and_skips_other_interpreters(tmp_path):
    path = tmp_path / "Justfile"
    path.write_text(
        "x := 'v'\n\n"
        "a:\n    @echo {{ x }}\n    -kubectl scale deploy/y --replicas=0\n\n"
        "b:\n    #!/usr/bin/env bash\n    kubectl set image d/x c={{ x }}\n\n"
        "c:\n    #!/usr/bin/env python3\n    print('kubectl scale')\n\n"
        '[script("python3")]\nd:\n    print(1)\n'
    )
    justfile = load_justfile(Source(path, "Justfile"))
    recipes = justfile.recipe_details
    assert (recipes["a"].line, recipes["b"].line) == (3, 7)
    script_a = operations.recipe_script(recipes["a"])
    lines = [(c.line, c.argv[:2]) for c in parse_script(script_a, recipes["a"].body_line).commands]
    assert lines == [(4, ("echo", operations.JUST_INTERPOLATION)), (5, ("kubectl", "scale"))]
    script_b = operations.recipe_script(recipes["b"])
    assert [c.line for c in parse_script(script_b, recipes["b"].body_line).commands] == [9]
    assert operations.recipe_script(recipes["c"]) is None
    assert operations.recipe_script(recipes["d"]) is None


def test_github_expressions_are_non_literal_words_and_keep_lines():
    script = parse_script('just "${{ inputs.r }}"\necho ${{\n x }}\nkubectl apply\n', github=True)
    first, _, last = script.commands
    assert not first.words[1].literal and first.words[1].text == '"${{ inputs.r }}"'
    assert last.line == 4


def _quoted(piece: str, how: str) -> str:
    return {
        "plain": piece,
        "single": f"'{piece}'",
        "double": f'"{piece}"',
        "ansi": f"$'{piece}'",
        "escaped": "".join("\\" + c for c in piece),
        "continued": piece + "\\\n",
    }[how]


_HOW = st.sampled_from(["plain", "single", "double", "ansi", "escaped", "continued"])
_WRAP = st.sampled_from(
    ["", "sudo ", "env A=1 ", "/usr/local/bin/", "nix develop -c ", "k3s ", "timeout 5 "]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 6), max_size=3, unique=True),
    st.lists(_HOW, min_size=4, max_size=4),
    _WRAP,
    st.sampled_from(
        ["bash -c '{}'", "bash <<'EOF'\n{}\nEOF", "{}", "x=$({})", "if true; then {}; fi"]
    ),
)
def test_the_kubectl_gate_never_hides_a_kubectl_command(cuts, hows, wrapper, frame):
    """Whatever quoting, escaping or splitting spells `kubectl`, a script that
    runs it passes `may_run_kubectl` (the gate before a recipe is parsed)."""
    bounds = [0, *sorted(cuts), 7]
    pieces = ["kubectl"[a:b] for a, b in itertools.pairwise(bounds) if a < b]
    name = "".join(_quoted(p, h) for p, h in zip(pieces, hows, strict=False))
    script = frame.format(f"{wrapper}{name} set image deploy/web web=x:1")
    runs = [c for c in parse_script(script).commands if c.name == "kubectl"]
    if runs:
        assert operations.may_run_kubectl(script), script


def test_the_kubectl_gate_lets_other_scripts_through_unparsed():
    assert not operations.may_run_kubectl("echo kube-ctl\nkubectx prod")
    assert not operations.may_run_kubectl("helm upgrade web ./chart")
    assert operations.may_run_kubectl('k"ube"\\ctl scale --replicas=0 deploy/web')
