"""Escaping for the line-oriented formats (text, JUnit): a value from the
overlay (a file name, a label, a scale-set name, a plan address) can never
add a line, move the cursor, reorder text or carry a character XML 1.0
forbids, and no line of a report starts a GitHub Actions workflow command.
"""

from __future__ import annotations

import re

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# C0 and C1 controls, DEL, line/paragraph separators, bidi overrides and
# isolates, and the two non-characters XML refuses.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group(0)
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def display(value: object) -> str:
    """`value` as one printable line."""
    return _UNSAFE.sub(_escape, str(value))


def no_workflow_command(line: str) -> str:
    """GitHub Actions reads a log line whose first non-blank characters are
    `::` as a workflow command (`::error file=...::`); such a line gets its
    first colon escaped."""
    stripped = line.lstrip()
    if stripped.startswith("::"):
        cut = len(line) - len(stripped)
        return line[:cut] + "\\x3a" + stripped[1:]
    return line
