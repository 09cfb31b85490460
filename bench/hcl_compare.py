"""python-hcl2 (the former HCL readers, bench/hcl2_reference.py) against
tree-sitter-hcl (overlay_preflight.loaders.hcl and its users), side by side:
time per process and per parse, and fidelity on every tfvars text the tests
use and on every `.tf`, `.hcl` and `.tfbackend` file of the examples, the
test fixtures and the real overlay.

Fidelity compares the loaded values (with their Python types) and the line of
every key and item, or, for malformed input, the line each loader names; for
stack and backend files, the top-level blocks (type, labels, line) and the
lines of the state keys under each prefix the file uses. The cases where the
two differ are listed in the notes.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tools"), str(REPO / "tests")]

from overlay_preflight.loaders import LoadError  # noqa: E402
from overlay_preflight.loaders.stack import parse_blocks  # noqa: E402
from overlay_preflight.loaders.tfvars import parse_tfvars_text  # noqa: E402
from overlay_preflight.loaders.yamlfile import LineDict, LineList  # noqa: E402
from overlay_preflight.model.state_keys import state_keys  # noqa: E402

# Expressions and literals python-hcl2 read, and what each loader gives.
EXPRESSIONS = {
    "reference": "a = var.x[0].id\n",
    "function call": 'a = merge({a = 1}, {b = "x"})\n',
    "conditional": "a = var.on ? 1 : 2\n",
    "for expression": "a = [for x in var.l : upper(x)]\n",
    "interpolation": 'a = "x-${var.y}-z"\n',
    "escaped interpolation": 'a = "$${var.y}"\n',
    "escapes": 'a = "q\\"x\\\\y\\n\\u00e9"\n',
    "negative number": "a = -1.5\n",
    "parenthesised": "a = (1)\n",
    "object key expression": "a = { (var.k) = 1, var.j = 2 }\n",
    "heredoc": "a = <<EOT\nline1\n  line2\nEOT\n",
    "indented heredoc": "a = <<-EOT\n    line1\n      line2\n    EOT\n",
    "template directive": 'a = "%{if true}x%{endif}"\n',
    "exponent": "a = 1.5e3\n",
    "exponent without fraction": "a = 1e3\n",
    "hexadecimal": "a = 0x10\n",
    "multi-line string": 'a = "x\ny"\n',
    "multi-line call": "a = merge(\n  {a = 1},\n  {b = 2}\n)\n",
    "invalid escape": 'a = "\\q"\n',
}
MALFORMED = {
    "no value": "a = \n",
    "unclosed object": 'a = "x"\nb = {\n',
    "unclosed string": 'token = "ghp_abc\n',
    "unclosed list": "a = [1, 2\nb = 3\n",
    "garbage line": "a = 1\n@@@\n",
    "missing value in object": "a = {\n b =\n}\n",
    "assigned twice": "a = 1\nb = 2\na = 3\n",
    "key set twice": "x = {\n  a = 1\n  a = 2\n}\n",
    "block": 'resource "x" "y" {}\n',
    "deep nesting": "a = " + "[" * 500 + "]" * 500 + "\n",
}


def _module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def tracked(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """The files git lists under `root` with one of `suffixes` (every such
    file below it when `root` is not a git checkout, e.g. a `git archive`)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=False,
    )
    if listed.returncode != 0:
        return sorted(p for p in root.rglob("*") if p.is_file() and p.name.endswith(suffixes))
    names = listed.stdout.decode().split("\0")
    return sorted(root / rel for rel in names if rel.endswith(suffixes))


def tfvars_texts(real: Path | None) -> dict[str, str]:
    """Every tfvars the tests read or write, and the real overlay's."""
    out = {}
    for path in tracked(REPO, (".tfvars",)):
        if path.is_relative_to(REPO / "examples") or path.is_relative_to(REPO / "tests"):
            out[str(path.relative_to(REPO))] = path.read_text()
    for path in tracked(real, (".tfvars",)) if real is not None else ():
        out[f"real overlay: {path.relative_to(real)}"] = path.read_text()
    unit = _module(REPO / "tests/unit/test_loader_tfvars.py", "bench_unit_tfvars")
    out["tests/unit TEXT"] = unit.TEXT
    mutations = _module(REPO / "tests/acceptance/test_mutations.py", "bench_mutations")
    edits = [e for case in mutations.MUTATIONS + mutations.PASSING for e in case[1]]
    odd = _module(REPO / "tests/robustness/test_taxonomy_odd_values.py", "bench_odd")
    edits += [(odd.TFVARS, old, new) for old, new in odd.ODD]
    for n, (rel, old, new) in enumerate(edits):
        if not rel.endswith(".tfvars"):
            continue
        example = next(REPO.glob(f"examples/*/{rel}"))
        text = example.read_text()
        if old in text:
            out[f"test edit {n}, {example.name}: {new.strip()[:40]!r}"] = text.replace(old, new, 1)
    return out


HCL_FILES = (".tf", ".hcl", ".tfbackend")


def hcl_texts(real: Path | None) -> dict[str, str]:
    """Every stack and backend file of the examples, the tests and the real overlay."""
    out = {}
    for path in tracked(REPO, HCL_FILES):
        if path.is_relative_to(REPO / "examples") or path.is_relative_to(REPO / "tests"):
            out[str(path.relative_to(REPO))] = path.read_text()
    for path in tracked(real, HCL_FILES) if real is not None else ():
        out[f"real overlay: {path.relative_to(real)}"] = path.read_text()
    return out


def stack_view(blocks, keys, text: str, rel: str):
    """Blocks (or the error line) and state-key lines per prefix the file names."""
    try:
        found = ("ok", [(b.type, b.labels, b.line) for b in blocks(text, rel)])
    except LoadError as err:
        found = ("error", err.line)
    prefixes = sorted(set(re.findall(r'key\s*=\s*"([^"/]+)/', text)) | {"blahaj"})
    return found, {p: sorted(keys(rel, text, p)) for p in prefixes}


def same(a, b) -> bool:
    """Equal values of equal types, and equal lines for every key and item."""
    if type(a) is not type(b):
        return False
    if isinstance(a, LineDict):
        return (
            list(a) == list(b)
            and a.line == b.line
            and a.lines == b.lines
            and all(same(a[k], b[k]) for k in a)
        )
    if isinstance(a, LineList):
        return (
            len(a) == len(b)
            and a.line == b.line
            and a.lines == b.lines
            and all(same(x, y) for x, y in zip(a, b, strict=True))
        )
    return a == b


def outcome(parse, text: str):
    try:
        return ("ok", parse(text, "x.tfvars").values)
    except LoadError as err:
        return ("error", err.line, err.message)


def agree(old, new) -> bool:
    if old[0] != new[0]:
        return False
    return same(old[1], new[1]) if old[0] == "ok" else old[1] == new[1]


def show(result) -> str:
    if result[0] == "error":
        return f"error at line {result[1]}: {result[2]}"
    return repr(dict(result[1]))[:90]


def per_parse(parse, text: str, runs: int) -> float:
    """The fastest of `runs` parses (as timeit reports): the least disturbed."""
    parse(text, "x.tfvars")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        parse(text, "x.tfvars")
        samples.append(time.perf_counter() - start)
    return min(samples)


def run(
    sampled, py: str, real: Path | None, sample: Path, runs: int
) -> tuple[list[tuple], list[str]]:
    """Rows for the table, and notes listing every case where the two differ;
    `real` is a checkout of the real overlay (or None), `sample` the tfvars
    timed; `sampled` times commands interleaved (wall and CPU, bench/run.py)."""
    import hcl2_reference

    rows, notes = [], []
    texts = tfvars_texts(real)
    agreeing = [name for name, text in texts.items() if agree(*compare(hcl2_reference, text))]
    for name in sorted(set(texts) - set(agreeing)):
        old, new = compare(hcl2_reference, texts[name])
        notes.append(f"{name}: python-hcl2 {show(old)}; tree-sitter {show(new)}")
    rows.append(
        (
            "hcl",
            f"fidelity: tfvars the tests use (+ the real overlay's) that load the same "
            f"(values, types, every line), of {len(texts)}",
            len(agreeing),
            len(texts),
            None,
        )
    )
    errors = [name for name, text in MALFORMED.items() if agree(*compare(hcl2_reference, text))]
    for name in sorted(set(MALFORMED) - set(errors)):
        old, new = compare(hcl2_reference, MALFORMED[name])
        notes.append(f"malformed, {name}: python-hcl2 {show(old)}; tree-sitter {show(new)}")
    rows.append(
        (
            "hcl",
            f"fidelity: malformed tfvars named at the same line, of {len(MALFORMED)}",
            len(errors),
            len(MALFORMED),
            None,
        )
    )
    files = hcl_texts(real)
    rel = {name: name.rpartition(": ")[2] for name in files}
    same_files = 0
    for name, text in files.items():
        old = stack_view(hcl2_reference.parse_blocks, hcl2_reference.state_keys, text, rel[name])
        new = stack_view(parse_blocks, state_keys, text, rel[name])
        if old == new:
            same_files += 1
        else:
            notes.append(f"{name}: python-hcl2 {old}; tree-sitter {new}")
    rows.append(
        (
            "hcl",
            "fidelity: stack and backend files (.tf, .hcl, .tfbackend) with the same blocks "
            f"and the same state-key lines, of {len(files)}",
            same_files,
            len(files),
            None,
        )
    )
    for name, text in EXPRESSIONS.items():
        old, new = compare(hcl2_reference, text)
        mark = "same" if agree(old, new) else "DIFFERS"
        notes.append(f"{name} ({mark}): python-hcl2 {show(old)}; tree-sitter {show(new)}")
    text = sample.read_text()
    lines = text.count("\n")
    rows.append(
        (
            "hcl",
            f"one parse of a {lines}-line tfvars (in process, fastest): tree-sitter vs python-hcl2",
            per_parse(parse_tfvars_text, text, runs * 20),
            per_parse(hcl2_reference.parse_tfvars_text, text, runs * 4),
            None,
        )
    )
    load = "import sys; sys.path[:0] = {paths!r}; from {module} import parse_tfvars_text; "
    load += "parse_tfvars_text(open({path!r}).read(), 'x')"
    paths = [str(REPO / "tools"), str(REPO / "bench")]
    ts = [
        py,
        "-c",
        load.format(paths=paths, module="overlay_preflight.loaders.tfvars", path=str(sample)),
    ]
    old = [py, "-c", load.format(paths=paths, module="hcl2_reference", path=str(sample))]
    (ts_wall, old_wall), (ts_cpu, old_cpu) = sampled([ts, old], runs)
    what = f"new process: import the loader + parse the {lines}-line tfvars"
    what += ", tree-sitter vs python-hcl2"
    rows.append(("hcl", f"{what} (its table cache warm), wall", ts_wall, old_wall, None))
    rows.append(("hcl", f"{what}, CPU", ts_cpu, old_cpu, None))
    cold = [
        py,
        "-c",
        "import hcl2.parser as p; p.PARSER_FILE = '/nonexistent/x'; p.parser.cache_clear(); "
        + load.format(paths=paths, module="hcl2_reference", path=str(sample)),
    ]
    (ts_wall, cold_wall), (ts_cpu, cold_cpu) = sampled([ts, cold], max(3, runs // 3))
    what = "new process: same, tree-sitter vs python-hcl2 without its table cache"
    rows.append(("hcl", f"{what} (a read-only venv never warmed), wall", ts_wall, cold_wall, None))
    rows.append(("hcl", f"{what}, CPU", ts_cpu, cold_cpu, None))
    return rows, notes


def compare(reference, text: str):
    return outcome(reference.parse_tfvars_text, text), outcome(parse_tfvars_text, text)
