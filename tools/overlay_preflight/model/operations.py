"""What a shell command does to a cluster or to OpenTofu state, read from
its argv (`loaders.shell.Command`): raw `tofu`/`terraform` state operations,
raw `kubectl` mutations, imperative image or replica pins, and the recipes a
`just` call runs. Also the shell text of workflow `run:` blocks and Justfile
recipe bodies, ready for `loaders.shell`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from ..loaders.justfile import Justfile, Recipe
from ..loaders.shell import SHELLS, Command, Word

TOFU = frozenset({"tofu", "terraform"})
TOFU_STATEFUL = frozenset(
    {"plan", "apply", "destroy", "import", "state", "refresh", "taint", "untaint", "force-unlock"}
)
KUBECTL_MUTATING = frozenset({"apply", "delete", "patch", "replace", "edit", "scale"})
DOC_KUBECTL_MUTATING = frozenset({"apply", "delete"})
# kubectl global flags that take the next word as their value.
_KUBECTL_VALUED = frozenset(
    {"--kubeconfig", "--context", "--cluster", "--user", "-n", "--namespace", "-s", "--server",
     "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "--certificate-authority",
     "--client-certificate", "--client-key", "--tls-server-name", "-v", "--v", "--cache-dir",
     "--profile", "--profile-output", "--log-file", "--password", "--username"}
)  # fmt: skip
# just options that take values, and options under which just runs no recipe.
_JUST_VALUED = {
    "-f": 1, "--justfile": 1, "-d": 1, "--working-directory": 1, "--set": 2, "--shell": 1,
    "--shell-arg": 1, "--dotenv-path": 1, "--dotenv-filename": 1, "--color": 1,
    "--chooser": 1, "--command-color": 1, "--list-heading": 1, "--list-prefix": 1,
    "--timestamp-format": 1, "--tempdir": 1, "--alias-style": 1,
}  # fmt: skip
_JUST_NOT_RUNNING = frozenset(
    {"-l", "--list", "--dump", "--evaluate", "--summary", "-h", "--help", "-V", "--version",
     "--fmt", "--choose", "--init", "-e", "--edit", "--variables", "--groups", "--completions",
     "-s", "--show", "--man", "--changelog", "--usage"}
)  # fmt: skip
JUST_INTERPOLATION = "$__just_interpolation"  # stands for {{ ... }}: not literal


def _split(command: Command, valued: frozenset[str]) -> list[Word]:
    """The words after the program that are not flags (or flag values)."""
    out, words, i = [], command.words[1:], 0
    while i < len(words):
        text = words[i].text
        if text.startswith("-") and len(text) > 1:
            i += 2 if text in valued else 1
            continue
        out.append(words[i])
        i += 1
    return out


def _dry_run(command: Command) -> bool:
    return any(
        w.text in ("--dry-run", "--dry-run=client", "--dry-run=server") for w in command.words
    )


def tofu_operation(command: Command) -> str | None:
    """`plan`, `apply`, ... when the command is a raw tofu/terraform state operation."""
    if command.name not in TOFU:
        return None
    rest = _split(command, frozenset())
    verb = rest[0].text if rest else None
    return verb if verb in TOFU_STATEFUL else None


def kubectl_verb(command: Command) -> tuple[str, list[Word]] | None:
    """The kubectl sub-command (`set image`, `rollout undo` as two words) and its arguments."""
    if command.name != "kubectl":
        return None
    rest = _split(command, _KUBECTL_VALUED)
    if not rest:
        return None
    verb = rest[0].text
    if verb in ("set", "rollout") and len(rest) > 1:
        return f"{verb} {rest[1].text}", rest[2:]
    return verb, rest[1:]


def kubectl_mutation(command: Command, verbs: frozenset[str] = KUBECTL_MUTATING) -> str | None:
    """The mutating kubectl verb the command runs, or None (dry runs are not mutations)."""
    found = kubectl_verb(command)
    if found is None or _dry_run(command):
        return None
    verb = found[0]
    if verb in verbs or (verbs is KUBECTL_MUTATING and verb in ("set image", "rollout undo")):
        return verb
    return None


def kustomize_piped_apply(command: Command) -> bool:
    """`kustomize build | kubectl apply` (or `kubectl kustomize | ...`)."""
    upstream = command.upstream
    if upstream is None or kubectl_mutation(command) != "apply":
        return False
    if upstream.name == "kustomize":
        return True
    found = kubectl_verb(upstream)
    return found is not None and found[0] == "kustomize"


# What a shell word can lose between its source text and the command name
# the shell runs: quotes, backslashes, the `$` of `$'...'`, and blanks and
# line breaks (kept apart by a continuation). Dropping all of them can only
# join letters, so a script whose text, so dropped, has no `kubectl` runs no
# kubectl (an expansion is never a literal name).
_NOT_IN_A_NAME = str.maketrans("", "", "'\"\\$ \t\r\n")


def may_run_kubectl(script: str) -> bool:
    """Cheap test before parsing: can any command of `script` be kubectl?"""
    return "kubectl" in script.translate(_NOT_IN_A_NAME)


def imperative_pin(command: Command) -> str | None:
    """An imperative image or replica pin: set image, scale, a replicas or
    image patch, rollout undo."""
    found = kubectl_verb(command)
    if found is None or _dry_run(command):
        return None
    verb, args = found
    if verb in ("set image", "scale", "rollout undo"):
        return f"kubectl {verb}"
    if verb == "patch" and any("replicas" in w.text or "image" in w.text for w in args):
        return "kubectl patch of replicas or image"
    return None


@dataclass(frozen=True)
class JustCall:
    recipe: Word  # as written
    line: int


def just_calls(command: Command, justfile: Justfile | None) -> Iterator[JustCall]:
    """The recipes a `just` command runs: the first non-option word, then,
    past each recipe's parameters (from the Justfile), the next ones."""
    if command.name != "just":
        return
    words, i = command.words[1:], 0
    while i < len(words):
        text = words[i].text
        if text in _JUST_NOT_RUNNING or (text.startswith("--") and text[2:] in ("show",)):
            return
        if text == "--":
            i += 1
            break
        if text.startswith("-") and len(text) > 1 and words[i].literal:
            i += 1 + _JUST_VALUED.get(text, 0)
        elif words[i].literal and "=" in text:
            i += 1  # a variable override: NAME=value
        else:
            break
    while i < len(words):
        word = words[i]
        yield JustCall(word, command.line)
        i += 1 + _arity(word, justfile, len(words) - i - 1)


def _arity(word: Word, justfile: Justfile | None, left: int) -> int:
    """How many of the `left` following words the recipe takes as arguments."""
    if not word.literal or justfile is None:
        return left  # unknown: the rest are its arguments
    name = justfile.aliases.get(word.text, word.text)
    recipe = justfile.recipe_details.get(name)
    if recipe is None:
        return left
    if any(kind in ("plus", "star") for _, kind, _ in recipe.parameters):
        return left
    return min(left, len(recipe.parameters))


def _interpreter(recipe: Recipe, first: str) -> tuple[str, bool]:
    """The program that runs the body, and whether `first` is its shebang line."""
    for attribute in recipe.attributes:
        value = json.loads(attribute) if attribute.startswith("{") else {}
        if "script" in value:  # [script("cmd", ...)]; bare [script] is `sh -eu`
            spec = value["script"]
            command = spec.get("command") if isinstance(spec, dict) else None
            return str(command or "sh").rsplit("/", 1)[-1], False
    if recipe.shebang and first.startswith("#!"):
        words = first[2:].split()
        if words and words[0].rsplit("/", 1)[-1] == "env":
            words = [w for w in words[1:] if not w.startswith("-")]
        return (words[0].rsplit("/", 1)[-1] if words else ""), True
    return "sh", False


def recipe_script(recipe: Recipe) -> str | None:
    """The shell text of a recipe body (interpolations as non-literal words,
    one line per body line), or None when another interpreter runs it."""
    lines = [
        "".join(text if kind == "text" else JUST_INTERPOLATION for kind, text in line)
        for line in recipe.body
    ]
    program, shebang = _interpreter(recipe, lines[0] if lines else "")
    if program not in SHELLS:
        return None
    if shebang:
        return "\n".join(["", *lines[1:]])
    if recipe.shebang:
        return "\n".join(lines)
    return "\n".join(line.lstrip("@-") for line in lines)
