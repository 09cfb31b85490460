"""One regression test per defect of the adversarial review (D1-D20; D18 is
tests/acceptance/test_config.py::test_a_mistyped_expiry_never_applies, D19's
new shapes belong to the secret patterns). Each reproduces the review's case
and asserts the behaviour the README promises."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import CORE_SHA, EXAMPLES, REPO
from support import hostile
from support.forked import Run, run_batch

FORMATS = ("text", "json", "sarif", "junit")
ENV = {**os.environ, "PYTHONPATH": str(REPO / "tools")}


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    """The CLI in its own process (what a closed stdout or a FIFO needs)."""
    streams = kw or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run(
        [sys.executable, "-m", "overlay_preflight", *args],
        text=True,
        timeout=60,
        env=ENV,
        **streams,
    )


def _findings(result) -> list[dict]:
    return json.loads(result.out)["findings"]


def test_d1_values_quoted_by_other_rules_are_redacted_in_every_format(run_cli, tmp_path):
    root = hostile.planted_overlay(tmp_path / "p")
    written = []
    for command in ("enrollment", "core-pin", "workflows", "hygiene", "taxonomy"):
        for fmt in FORMATS:
            target = (
                [str(root / hostile.TFVARS)]
                if command == "taxonomy"
                else ["--overlay-root", str(root)]
            )
            out = tmp_path / f"{command}.{fmt}"
            writes = [f"--write={f}={out}.{f}" for f in FORMATS]
            result = run_cli(command, *target, "--format", fmt, "--output", out, *writes)
            assert result.code == 1, (command, fmt, result.err)
            written += [out.read_text(), *(Path(f"{out}.{f}").read_text() for f in FORMATS)]
    everything = "\n".join(written)
    leaked = [name for name, value in hostile.PLANTED.items() if value in everything]
    assert leaked == []
    assert "'docker://***@registry.example.com/img:1'" in everything  # the rest stays readable


def test_d2_a_token_in_a_non_utf8_file_is_found(run_cli, tmp_path):
    token = "ghp_" + "N0nUtf8T0ken0123456789abcdefghijklmn"
    files = {
        "latin1.md": b"caf\xe9 " + token.encode() + b"\n",
        "utf16.env": f"GITHUB_TOKEN={token}\n".encode("utf-16"),
        "nul.txt": token.encode() + b"\n\0\0tail\n",
        "run.sh": b"# \xa9 2026\nexport T=" + token.encode() + b"\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = run_cli("secrets", tmp_path, "--format", "json")
    found = {f["path"] for f in _findings(result) if f["rule"] == "secret-plaintext"}
    assert found == set(files)
    assert json.loads(result.out)["summary"]["skipped_files"]["binary"] == 1
    assert token not in result.out


def test_d3_bad_scalars_in_yaml_are_findings_not_internal_errors(run_cli, overlay_copy):
    root = overlay_copy()
    org = root / "config/organization.yaml"
    text = org.read_text()
    for value, rule in (
        ("2027-02-30", "input-invalid"),
        ("2027-03-31 10:00:00 -25:00", "input-invalid"),
        ("9" * 5000, "input-invalid"),
        ("0b" + "1" * 20_000, "input-invalid"),
    ):
        org.write_text(text + f"extra: {value}\n")
        result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
        assert result.code == 1, (value, result.err)
        assert [f["line"] for f in _findings(result) if f["rule"] == rule] == [text.count("\n") + 1]
    org.write_text(text)
    (root / ".overlay-preflight.yaml").write_text(
        "suppressions:\n  - {rule: trailing-whitespace, path: a, reason: b, expires: 2027-02-30}\n"
    )
    result = run_cli("hygiene", root, "--format", "json")
    assert result.code == 1 and "config-invalid" in {f["rule"] for f in _findings(result)}


def test_d4_pem_headers_cost_a_bounded_scan(run_cli, tmp_path):
    (tmp_path / "keys.txt").write_text("-----BEGIN PRIVATE KEY-----\n" * 8000)
    result = run_cli("secrets", tmp_path, "--format", "json")
    hits = [f for f in _findings(result) if f["rule"] == "secret-plaintext"]
    # One block per 200 lines at most (each copied once), not one per line.
    assert result.code == 1 and 1 <= len(hits) <= 8000 // 200 + 1


def test_d5_enrollment_without_arc_runners_tfvars_is_a_blocker(run_cli, overlay_copy):
    root = overlay_copy()
    stack = root / "tofu/stacks/arc-runners"
    (stack / "prod").mkdir()
    (stack / "tinyland.tfvars").rename(stack / "prod/tinyland.tfvars")
    result = run_cli(
        "enrollment", "--overlay-root", root, "--strict", "--expected-core-ref", CORE_SHA
    )
    assert result.code == 1
    assert "[input-missing] no arc-runners tfvars" in result.out
    assert "found tofu/stacks/arc-runners/prod/tinyland.tfvars" in result.out


def test_d5_tfvars_json_is_read(run_cli, overlay_copy):
    from overlay_preflight.loaders.tfvars import parse_tfvars_text

    root = overlay_copy()
    stack = root / "tofu/stacks/arc-runners"
    values = dict(parse_tfvars_text((stack / "tinyland.tfvars").read_text(), "t").values)
    values["nix_max_runners"] = -3
    (stack / "tinyland.tfvars").unlink()
    (stack / "tinyland.tfvars.json").write_text(json.dumps(values, indent=2) + "\n")
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    assert ("runner-count-invalid", "tofu/stacks/arc-runners/tinyland.tfvars.json") in {
        (f["rule"], f["path"]) for f in _findings(result)
    }


def test_d6_negative_requests_never_lower_demand(run_cli, overlay_copy):
    root = overlay_copy()
    tfvars = root / "tofu/stacks/arc-runners/tinyland.tfvars"
    text = tfvars.read_text().replace("nix_max_runners           = 6", "nix_max_runners = 40")
    tfvars.write_text(text)
    nodes = REPO / "tests/fixtures/capacity/nodes/nodes.json"
    before = run_cli("capacity", "--nodes", nodes, root, "--format", "json")
    over = {f["message"] for f in _findings(before) if f["rule"] == "capacity-over-policy"}
    assert len(over) == 3
    tfvars.write_text(
        text.replace(
            "extra_runner_sets = {}",
            'extra_runner_sets = { "tinyland-inc-x" = { runner_type = "nix", runner_label = '
            '"tinyland-nix", max_runners = 100, cpu_request = "-100", memory_request = "-200Gi",'
            ' ephemeral_storage_request = "-2Ti" } }',
        )
    )
    after = run_cli("capacity", "--nodes", nodes, root, "--format", "json")
    rules = [f["rule"] for f in _findings(after)]
    # cpu, memory and storage stay over policy (and the 100 extra pods add one more)
    assert over < {f["message"] for f in _findings(after) if f["rule"] == "capacity-over-policy"}
    assert rules.count("quantity-invalid") == 3


def test_d6_negative_allocatable_is_refused(run_cli, tmp_path):
    doc = json.loads((REPO / "tests/fixtures/capacity/nodes/nodes.json").read_text())
    doc["items"][0]["status"]["allocatable"]["cpu"] = "-5"
    (tmp_path / "n.json").write_text(json.dumps(doc))
    result = run_cli("capacity", "--nodes", tmp_path / "n.json", EXAMPLES / "tinyland-infra")
    assert result.code == 1 and "is not a non-negative quantity" in result.out


def test_d7_schema_never_fetches_a_remote_ref(run_cli, tmp_path):
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"required": ["fetched"]}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/x.json"
        (tmp_path / "remote.json").write_text(json.dumps({"$ref": url}))
        (tmp_path / "dangling.json").write_text('{\n  "$ref": "#/$defs/nope"\n}\n')
        (tmp_path / "d.yaml").write_text("a: 1\n")
        remote = run_cli("schema", "--schema", tmp_path / "remote.json", tmp_path / "d.yaml")
        dangling = run_cli("schema", "--schema", tmp_path / "dangling.json", tmp_path / "d.yaml")
    finally:
        server.shutdown()
    assert requests == []
    assert remote.code == 1 and "never fetched" in remote.out and "fetched'" not in remote.out
    assert dangling.code == 1 and "dangling.json:2: blocker [input-invalid]" in dangling.out


def test_d9_a_checkout_cannot_make_git_run_a_command(run_cli, overlay_copy, tmp_path):
    root = overlay_copy()
    hostile.git_init(root)
    marker = tmp_path / "FSMONITOR_RAN"
    subprocess.run(
        ["git", "-C", str(root), "config", "core.fsmonitor", f"touch {marker}; false"], check=True
    )
    result = run_cli("hygiene", root, env={"GIT_DIR": str(tmp_path / "elsewhere")})
    assert result.code in (0, 1) and not marker.exists()
    core = run_cli(
        "core-pin", "--overlay-root", root, "--expected-core-ref", "v9.9.9", "--core-path", root
    )
    assert core.code == 1 and not marker.exists()  # resolve_ref ran git in the same checkout
    assert "does not resolve in the core checkout 'tinyland-infra'" in core.out


def test_d10_nothing_is_read_through_a_symlink_out_of_the_root(run_cli, overlay_copy, tmp_path):
    root = overlay_copy()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "organization.yaml").write_text("dup: 1\ndup: 2\n")
    (outside / "sup.yaml").write_text(
        "suppressions:\n  - {rule: trailing-whitespace, path: notes.md, reason: OUTSIDE}\n"
    )
    (outside / "x.just").write_text("ghp_0utsideJust0123456789abcdefghijklm := 'x'\n")
    for item in (root / "config").iterdir():
        item.unlink()
    (root / "config").rmdir()
    (root / "config").symlink_to(outside)
    (root / ".overlay-preflight.yaml").unlink(missing_ok=True)
    (root / ".overlay-preflight.yaml").symlink_to(outside / "sup.yaml")
    (root / "notes.md").write_text("x  \n")
    just = root / "Justfile"
    just.write_text(f"import '{outside / 'x.just'}'\n" + just.read_text())
    result = run_cli("enrollment", "--overlay-root", root, "--format", "json")
    found = _findings(result)
    assert not any("dup" in f["message"] or f["suppressed"] for f in found)
    assert ("input-missing", "config/organization.yaml") in {(f["rule"], f["path"]) for f in found}
    assert ("input-invalid", "Justfile") in {(f["rule"], f["path"]) for f in found}
    assert "ghp_0utside" not in result.out


def test_d11_malformed_captures_are_findings_and_json_stays_strict(run_cli, tmp_path):
    text = (REPO / "tests/fixtures/capacity/nodes/nodes.json").read_text()
    variants = {
        "1e309": text.replace('"cpu": "', '"cpu": "1e309", "x": "', 1),
        "nan": text.replace('"cpu": "', '"cpu": NaN, "x": "', 1),
        "infinity": text.replace('"memory": "', '"memory": Infinity, "x": "', 1),
        "digits": text.replace('"pods": "', '"pods": ' + "9" * 5000 + ', "x": "', 1),
    }
    for name, variant in variants.items():
        (tmp_path / f"{name}.json").write_text(variant)
        result = run_cli(
            "capacity", "--nodes", tmp_path / f"{name}.json", EXAMPLES / "tinyland-infra"
        )
        assert result.code == 1 and "[input-invalid]" in result.out, (name, result.err)
    live = json.loads((REPO / "tests/fixtures/residue/live/ars.json").read_text())
    live["items"][0]["metadata"]["name"] = "x\ud800"
    (tmp_path / "ars.json").write_text(json.dumps(live))
    surrogate = run_cli("residue", "--live", tmp_path / "ars.json", EXAMPLES / "tinyland-infra")
    assert surrogate.code in (0, 1) and "x\\ud800" in surrogate.out
    (tmp_path / "p.yaml").write_text("max_oversubscription: {cpu: .inf}\n")
    policy = run_cli(
        "capacity",
        "--nodes",
        REPO / "tests/fixtures/capacity/nodes/nodes.json",
        "--policy",
        tmp_path / "p.yaml",
        EXAMPLES / "tinyland-infra",
        "--format",
        "json",
    )
    assert policy.code == 1 and "Infinity" not in policy.out
    json.loads(policy.out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


def test_d12_a_fifo_is_never_opened(tmp_path):
    root = tmp_path / "o"
    hostile.example(tmp_path)
    os.mkfifo(root / ".github/workflows/x.yml")
    (root / "config/organization.yaml").unlink()
    os.mkfifo(root / "config/organization.yaml")
    result = _cli("enrollment", "--overlay-root", str(root), "--format", "json")
    found = {(f["path"], f["message"]) for f in json.loads(result.stdout)["findings"]}
    assert (".github/workflows/x.yml", "is a named pipe (FIFO), expected a file") in found
    assert ("config/organization.yaml", "is a named pipe (FIFO), expected a file") in found


def test_d13_an_unwritable_report_is_a_one_line_usage_error(tmp_path):
    root = str(EXAMPLES / "tinyland-infra")
    for target in (str(tmp_path / "missing/r.txt"), str(tmp_path), "/dev/full"):
        result = _cli("enrollment", "--overlay-root", root, "--output", target)
        assert result.returncode == 2, (target, result.stderr)
        assert len(result.stderr.splitlines()) == 1 and "cannot write" in result.stderr
    with open("/dev/full", "w") as full:
        result = _cli("hygiene", root, stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    closed = subprocess.run(
        [sys.executable, "-m", "overlay_preflight", "hygiene", root],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2 and "standard output is closed" in closed.stderr


def test_d14_a_large_plain_yaml_file_is_no_alias_bomb(run_cli, overlay_copy):
    root = overlay_copy()
    (root / "k8s").mkdir()
    (root / "k8s/big.yaml").write_text("".join(f"k{i}: [a, b, c, d]\n" for i in range(60_000)))
    (root / "k8s/bomb.yaml").write_text(hostile.bomb())
    result = run_cli("hygiene", root, "--format", "json")
    invalid = {f["path"] for f in _findings(result) if f["rule"] == "input-invalid"}
    assert invalid == {"k8s/bomb.yaml"}


def test_d15_a_capture_of_the_wrong_kind_names_the_expected_one(run_cli):
    nodes = REPO / "tests/fixtures/capacity/nodes/nodes.json"
    ars = REPO / "tests/fixtures/residue/live/ars.json"
    residue = run_cli("residue", "--live", nodes, EXAMPLES / "tinyland-infra")
    assert residue.code == 1 and "residue-undeclared" not in residue.out
    assert "an item of kind 'Node', not AutoscalingRunnerSet" in residue.out
    capacity = run_cli("capacity", "--nodes", ars, EXAMPLES / "tinyland-infra")
    assert capacity.code == 1 and "not Node: expected `kubectl get nodes -o json`" in capacity.out


def test_d16_junit_stays_well_formed_with_control_characters(run_cli, overlay_copy):
    root = overlay_copy()
    (root / "a\x01b.md").write_text("x")
    (root / "esc\x1b[2K.md").write_text("x")
    workflow = root / ".github/workflows/validate.yml"
    workflow.write_text(workflow.read_text().replace("tinyland-nix]", 'tinyland-nix, "\\e\\0\\a"]'))
    for command in ("hygiene", "workflows"):
        result = run_cli(command, root, "--format", "junit")
        ET.fromstring(result.out.encode("utf-8"))  # raises on a forbidden character
        assert "\\x01" in result.out or command == "workflows"


def test_d17_names_cannot_add_lines_or_workflow_commands(run_cli, tmp_path):
    for name in ("a\n::error file=README.md,line=1::forged\n", "::warning::x.md", "\x1b[2Kansi.md"):
        (tmp_path / name).write_text("x")
    result = run_cli("hygiene", tmp_path)
    assert not [line for line in result.out.splitlines() if line.lstrip().startswith("::")]
    assert "\x1b" not in result.out and "\\x1b[2Kansi.md:1:" in result.out
    assert "a\\n::error file=README.md,line=1::forged\\n:1: warning" in result.out
    assert "\\x3a:warning::x.md:1: warning" in result.out


def test_d20_no_host_path_in_a_report(run_cli, tmp_path):
    for fmt in ("json", "sarif"):
        result = run_cli(
            "core-pin",
            "--overlay-root",
            EXAMPLES / "tinyland-infra",
            "--expected-core-ref",
            "v0.3.0",
            "--core-path",
            tmp_path,
            "--format",
            fmt,
        )
        assert result.code == 1 and str(tmp_path) not in result.out
        assert f"core checkout '{tmp_path.name}'" in result.out


def test_d8_hostile_lines_stay_within_a_cpu_limit(tmp_path):
    """The review's lines: 67 s for 2.4 KB of blanks, 16 s for 60 KB of '/';
    each must finish under RLIMIT_CPU 20 s (no timing asserted beyond that)."""
    lines = {
        "spaces": "api_key" + " " * 2400 + "x",
        "slashes": "/" * 60_000,
        "sk": "sk-" * 20_000,
        "keywords": "\n".join(k + " " * 600 + "x" for k in ("api_key", "sl_key", "cos_key")),
    }
    runs = []
    for name, line in lines.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "notes.md").write_text(line + "\n")
        runs.append(
            Run(
                name,
                ["secrets", str(tmp_path / name)],
                str(tmp_path),
                str(tmp_path / f"{name}.out"),
                str(tmp_path / f"{name}.err"),
            )
        )
    outcomes = run_batch(runs, cpu_seconds=20, wall_seconds=60, scratch=tmp_path)
    assert {k: (o.code, o.hung) for k, o in outcomes.items()} == {k: (0, False) for k in lines}
