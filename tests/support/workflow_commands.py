"""What the GitHub Actions runner reads from one output line: a workflow
command `::name k=v,k=v::data` (ActionCommand v2), with values unescaped as
the runner does (%0D %0A, and %3A %2C in properties; %25 last)."""

from __future__ import annotations


def unescape(value: str, prop: bool) -> str:
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else [])
    for token, char in [*pairs, ("%25", "%")]:
        value = value.replace(token, char)
    return value


def parse(line: str) -> tuple[str, dict[str, str], str] | None:
    """(command, properties, data), or None when the line is no command."""
    if not line.startswith("::") or line.find("::", 2) < 0:
        return None
    end = line.index("::", 2)
    command, _, props = line[2:end].partition(" ")
    fields = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        fields[key] = unescape(value, prop=True)
    return command, fields, unescape(line[end + 2 :], prop=False)
