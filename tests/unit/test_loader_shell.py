"""The shell loader: tree-sitter-bash commands with argv words and lines."""

from __future__ import annotations

from overlay_preflight.loaders.shell import parse_script


def _commands(text: str, first: int = 1) -> list[tuple[int, tuple[str, ...]]]:
    return [(c.line, c.argv) for c in parse_script(text, first).commands]


def test_multi_line_blocks_continuations_and_substitutions():
    text = (
        "echo start\n"
        'nix develop "${CI}" -c \\\n'
        "  tofu -chdir=stacks/edge \\\n"
        "  plan\n"
        'name="$(kubectl config view -o name)"\n'
        "if true; then sudo -u root kubectl delete ns x; fi\n"
    )
    assert _commands(text, 10) == [
        (10, ("echo", "start")),
        (11, ("tofu", "-chdir=stacks/edge", "plan")),
        (14, ("kubectl", "config", "view", "-o", "name")),
        (15, ("true",)),
        (15, ("kubectl", "delete", "ns", "x")),
    ]


def test_wrappers_are_unwrapped():
    text = (
        "env A=1 B=2 timeout 5m nice -n 5 just deploy\n"
        "nix develop . --command just check\n"
        "xargs -I{} kubectl apply -f {}\n"
        "k3s kubectl get pods\n"
    )
    assert [argv for _, argv in _commands(text)] == [
        ("just", "deploy"),
        ("just", "check"),
        ("kubectl", "apply", "-f", "{}"),
        ("kubectl", "get", "pods"),
    ]


def test_pipelines_know_their_upstream():
    (first, second) = parse_script("kustomize build . | kubectl apply -f -\n").commands
    assert second.upstream is first and first.upstream is None
    assert second.argv == ("kubectl", "apply", "-f", "-")


def test_words_keep_whether_they_are_literal():
    command, inner = parse_script('just \'a b\' "c" d"e" "$X" $(pwd) ${Y}\n').commands
    assert inner.argv == ("pwd",)
    assert [(w.text, w.literal) for w in command.words] == [
        ("just", True),
        ("a b", True),
        ("c", True),
        ("de", True),
        ('"$X"', False),
        ("$(pwd)", False),
        ("${Y}", False),
    ]


def test_shell_strings_and_heredocs_fed_to_a_shell_are_scripts():
    text = "bash -euo pipefail -c 'tofu apply'\nsh <<'EOF'\nkubectl delete ns y\nEOF\n"
    argvs = [argv for _, argv in _commands(text)]
    assert ("tofu", "apply") in argvs and ("kubectl", "delete", "ns", "y") in argvs


def test_heredoc_data_and_comments_are_not_commands():
    text = "# kubectl apply -k x\ncat <<'EOF' > notes\nkubectl apply -f x\nEOF\necho 'tofu apply'\n"
    assert [argv[0] for _, argv in _commands(text)] == ["cat", "echo"]


def test_broken_shell_is_tolerated_and_located():
    script = parse_script("echo ok\nif [ x; then\n", 5)
    assert script.commands[0].argv == ("echo", "ok")
    assert script.error_lines
