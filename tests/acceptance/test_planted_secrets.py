"""A planted secret of each kind is found in a copy of an example overlay,
and its text appears in no report format (escaped as each format escapes, too)."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest

from overlay_preflight import cli
from overlay_preflight.render import github, markdown
from support.overlays import copy_overlay
from support.paths import EXAMPLES

CORE = "637b7167c400a842cdc7af0709b2251c0542a48a"
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")


def _rand(n: int, alphabet: str = string.ascii_letters + string.digits, seed: int = 7) -> str:
    rng = random.Random(seed * 1000 + n)
    return "".join(rng.choice(alphabet) for _ in range(n))


# Built at run time so that this repository holds no token-shaped text.
PEM_BODY = "\n".join(_rand(64, seed=s) for s in range(3))
PLANTS = {
    # file: (content, the secret, kind in the message, line)
    "leaks/github.txt": ("gh" + "p_" + _rand(36), "GitHub token", 2),
    "leaks/github-pat.txt": (
        "github" + "_pat_" + _rand(82, string.ascii_letters + "_"),
        "GitHub fine-grained token",
        2,
    ),
    "leaks/age.txt": (
        "AGE-SECRET-" + "KEY-1" + _rand(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"),
        "age secret key",
        2,
    ),
    "leaks/tailscale.env": (
        "ts" + "key-auth-" + _rand(12) + "-" + _rand(24, seed=3),
        "Tailscale key",
        2,
    ),
    "leaks/kubeconfig.yaml": (
        _rand(64, string.ascii_letters + "+/"),
        "kubeconfig client-key-data",
        2,
    ),
    "leaks/backend.hcl": (_rand(40, string.ascii_letters + "/+"), "S3-style secret access key", 2),
    "leaks/deploy.pem": (
        "-----BEGIN OPENSSH "
        + "PRIVATE KEY-----\n"
        + PEM_BODY
        + "\n-----END OPENSSH PRIVATE KEY-----",
        "PEM private key block",
        2,
    ),
    "leaks/slack.txt": (
        "xo" + "xb-1234567890-1234567890-" + _rand(24, string.ascii_lowercase),
        "Slack Token",
        2,
    ),
}


def _content(name: str, secret: str) -> str:
    if name.endswith("kubeconfig.yaml"):
        return f"users:\n  - user: {{client-key-data: {secret}}}\n"
    if name.endswith("backend.hcl"):
        return f'access_key = "tofu-state"\nsecret_key = "{secret}"\n'
    return f"# planted\n{secret}\n"


@pytest.fixture()
def leaky(tmp_path) -> Path:
    root = tmp_path / "overlay"
    copy_overlay(EXAMPLES / "tinyland-infra", root)
    for name, (secret, _, _) in PLANTS.items():
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_text(_content(name, secret))
    return root


def test_each_planted_secret_is_found_and_never_printed(tmp_path, leaky, capsys):
    writes = [f"--write={fmt}={tmp_path / ('report.' + fmt)}" for fmt in FORMATS]
    code = cli.main(
        [
            "enrollment",
            "--overlay-root",
            str(leaky),
            "--strict",
            "--expected-core-ref",
            CORE,
            *writes,
        ]
    )
    stdout = capsys.readouterr().out
    assert code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    found = {(f["path"], f["line"]) for f in report["findings"] if f["rule"] == "secret-plaintext"}
    assert found == {(name, line) for name, (_, _, line) in PLANTS.items()}
    assert {f["rule"] for f in report["findings"]} == {"secret-plaintext"}
    for f in report["findings"]:
        kind = PLANTS[f["path"]][1]
        assert f["message"].startswith(f"{kind} in plain text '")
    outputs = [stdout] + [(tmp_path / f"report.{fmt}").read_text() for fmt in FORMATS]
    for secret, _, _ in PLANTS.values():
        for part in (secret, secret[4:20]):
            shown = {part, markdown.text(part), github.escape_data(part)}
            for text in outputs:
                assert not [s for s in shown if s in text]


def test_fingerprint_suppression_holds_only_for_the_same_secret(tmp_path, leaky):
    for name in list(PLANTS)[1:]:
        (leaky / name).unlink()
    args = ["secrets", str(leaky), "--format", "json", "--output", str(tmp_path / "r.json")]
    assert cli.main(args) == 1
    finding = json.loads((tmp_path / "r.json").read_text())["findings"][0]
    (leaky / ".overlay-preflight.yaml").write_text(
        "suppressions:\n  - rule: secret-plaintext\n    path: leaks/github.txt\n"
        f"    fingerprint: {finding['fingerprint']}\n    reason: test token (TIN-1)\n"
    )
    assert cli.main(args) == 0
    (leaky / "leaks/github.txt").write_text("# planted\n" + "gh" + "p_" + _rand(36, seed=9) + "\n")
    assert cli.main(args) == 1
    rules = [
        f["rule"]
        for f in json.loads((tmp_path / "r.json").read_text())["findings"]
        if f["suppressed"] is None
    ]
    assert sorted(rules) == ["secret-plaintext", "suppression-unused"]


def test_a_secret_rule_cannot_be_suppressed_without_a_fingerprint(tmp_path, leaky):
    (leaky / ".overlay-preflight.yaml").write_text(
        "suppressions:\n  - rule: secret-plaintext\n    path: leaks/github.txt\n"
        "    reason: turn it off\n"
    )
    out = tmp_path / "r.json"
    assert cli.main(["secrets", str(leaky), "--format", "json", "--output", str(out)]) == 1
    rules = {f["rule"] for f in json.loads(out.read_text())["findings"] if not f["suppressed"]}
    assert {"secret-plaintext", "suppression-invalid"} <= rules


@pytest.mark.parametrize("example", ["tinyland-infra", "jesssullivan-infra", "example-org-infra"])
def test_examples_raise_no_secret_or_hygiene_finding(tmp_path, example):
    out = tmp_path / "r.json"
    for command in ("secrets", "hygiene", "workflows"):
        code = cli.main(
            [command, str(EXAMPLES / example), "--strict", "--format", "json", "--output", str(out)]
        )
        assert code == 0, out.read_text()
        assert json.loads(out.read_text())["findings"] == []


def test_benign_fixture_raises_nothing(tmp_path):
    root = Path(__file__).resolve().parent.parent / "fixtures/secrets/positive/secret-plaintext"
    out = tmp_path / "r.json"
    assert (
        cli.main(["secrets", str(root), "--strict", "--format", "json", "--output", str(out)]) == 0
    )
    assert json.loads(out.read_text())["findings"] == []


@pytest.mark.parametrize("example", ["tinyland-infra", "example-org-infra"])
def test_enrollment_on_the_examples_stays_clean(tmp_path, example):
    out = tmp_path / "r.json"
    assert (
        cli.main(
            [
                "enrollment",
                "--overlay-root",
                str(EXAMPLES / example),
                "--strict",
                "--expected-core-ref",
                CORE,
                "--format",
                "json",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert json.loads(out.read_text())["findings"] == []
