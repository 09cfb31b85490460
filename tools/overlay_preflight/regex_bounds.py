"""Regular expressions with bounded repetition, for scanning hostile text.

A pattern such as `//.+/:_authToken=` (detect-secrets' npm detector) costs
time quadratic in the length of a line of slashes: every start position runs
`.+` to the end of the line and back. `bounded` compiles the same pattern
with every unbounded repeat (`*`, `+`, `{n,}`) capped at `limit`, so each
start position costs at most a bounded amount and a search stays linear in
the line. Matches shorter than the cap are unchanged.

The pattern is rewritten on the parse tree of Python's own regex compiler
(`re._parser`, `sre_parse` before 3.11), never by editing its text.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

try:  # Python >= 3.11
    _sre_parse: Any = importlib.import_module("re._parser")
    _sre_compile: Any = importlib.import_module("re._compiler")
except ImportError:  # Python 3.10
    _sre_parse = importlib.import_module("sre_parse")
    _sre_compile = importlib.import_module("sre_compile")

LIMIT = 256
# The shortest literal a gate uses: two characters already rule out most text
# (Cloudant's `cl`, GitHub's `gh`, Artifactory's `ap`), and a miss costs one
# substring search where the pattern's own search would cost a regex step at
# every position.
MIN_LITERAL = 2

_REPEATS = {
    _sre_parse.MAX_REPEAT,
    _sre_parse.MIN_REPEAT,
    *([_sre_parse.POSSESSIVE_REPEAT] if hasattr(_sre_parse, "POSSESSIVE_REPEAT") else []),
}


def _cap(items: Any, limit: int) -> None:
    """Cap every unbounded repeat in a parsed (sub)pattern, in place."""
    for index, (op, av) in enumerate(items.data if hasattr(items, "data") else items):
        if op in _REPEATS:
            low, high, sub = av
            if high == _sre_parse.MAXREPEAT:
                high = max(low, limit)
            _cap(sub, limit)
            items[index] = (op, (low, high, sub))
        elif op is _sre_parse.SUBPATTERN:
            _cap(av[-1], limit)
        elif op is _sre_parse.BRANCH:
            for branch in av[1]:
                _cap(branch, limit)
        elif op in (_sre_parse.ASSERT, _sre_parse.ASSERT_NOT):
            _cap(av[1], limit)
        elif op is _sre_parse.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    _cap(branch, limit)
        elif getattr(_sre_parse, "ATOMIC_GROUP", None) is op:
            _cap(av, limit)


def bounded(pattern: str | re.Pattern[str], limit: int = LIMIT, flags: int = 0) -> re.Pattern[str]:
    """`pattern` with every unbounded repeat capped at `limit` (and `flags` added)."""
    source, own = (
        (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    )
    flags = (own | flags) & ~re.UNICODE  # implied for str patterns; the parser rejects it twice
    tree = _sre_parse.parse(source, flags)
    _cap(tree, limit)
    compiled: re.Pattern[str] = _sre_compile.compile(tree, flags)
    return compiled


def required_literals(pattern: str | re.Pattern[str]) -> tuple[str, ...] | None:
    """Case-folded strings one of which every match of `pattern` contains, or
    None when none can be told. A search is skipped when the case-folded text
    holds none of them: a cheap gate, never a different answer."""
    source, flags = (
        (pattern.pattern, pattern.flags) if isinstance(pattern, re.Pattern) else (pattern, 0)
    )
    if source is None:
        return None
    best = _sequence(_sre_parse.parse(source, flags & ~re.UNICODE))
    return tuple(sorted(best)) if best else None


def _run(items: Any) -> str:
    """The literal characters an item sequence starts with."""
    out = []
    for op, av in items:
        if op is not _sre_parse.LITERAL:
            break
        out.append(chr(av))
    return "".join(out).casefold()


def _sequence(items: Any) -> set[str] | None:
    """The best literal set of a sequence: every match holds one of them."""
    best: set[str] | None = None
    items = list(items)
    for index, (op, av) in enumerate(items):
        found: set[str] | None = None
        if op is _sre_parse.LITERAL and (
            index == 0 or items[index - 1][0] is not _sre_parse.LITERAL
        ):
            run = _run(items[index:])
            found = {run} if len(run) >= MIN_LITERAL else None
        elif op is _sre_parse.SUBPATTERN:
            found = _sequence(av[-1])
        elif op is _sre_parse.BRANCH:
            runs = [_sequence(branch) or None for branch in av[1]]
            if all(runs):
                found = set().union(*runs)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _sequence(av[2])
        if found and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found
    return best
