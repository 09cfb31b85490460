"""The estate's extra secret patterns (its gitleaks rules and the password
shapes): each is found, and its near misses are not."""

from __future__ import annotations

import random
import string

import pytest

from overlay_preflight import secret_manifests, secret_scan


def _rand(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(alphabet) for _ in range(n))


# Token-shaped text is built at run time: the repository holds none.
FOUND = [
    ("a.env", "CLOUDFLARE_API_TOKEN=" + "cf" + "at_" + _rand(40), "Cloudflare API token"),
    ("a.env", "NPM_TOKEN=" + "np" + "m_" + _rand(36), "npm access token"),
    (
        "a.yaml",
        "dreamhost-api-key: " + _rand(16, string.ascii_uppercase + string.digits),
        "DreamHost API key",
    ),
    ("a.env", "DREAMHOST_API_KEY=" + _rand(16, string.ascii_uppercase), "DreamHost API key"),
    ("x.tfvars", 'db_password = "Tr0ub4dor-horse-battery"', "password assignment"),
    ("main.tf", '  admin_password = "c0rrect-h0rse"', "password assignment"),
    ("a.env", "ts" + "key-client-" + _rand(12) + "-" + _rand(30), "Tailscale key"),
    (
        "k.txt",
        "AGE-SECRET-" + "KEY-1" + _rand(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L"),
        "age secret key",
    ),
]
MISSED = [
    ("x.tfvars", "db_password = var.db_password"),
    ("x.tfvars", 'db_password = "${var.db_password}"'),
    ("x.tfvars", 'db_password = "<set me>"'),
    ("x.tfvars", 'db_password_secret_name = "mail-db"'),
    ("x.tfvars", 'password = "short"'),
    ("script.py", 'db_password = "Tr0ub4dor-horse-battery"'),
    ("a.env", "cf" + "at_short"),
    ("a.env", "np" + "m_" + _rand(12)),
    ("flake.lock", '"narHash": "sha256-' + _rand(43) + '="'),
    ("x.tfvars", 'attic_public_key = "main:' + _rand(43) + '="'),
    ("a.yaml", "age: age1" + _rand(58, string.ascii_lowercase + string.digits)),
]


@pytest.mark.parametrize(("rel", "line", "kind"), FOUND)
def test_estate_pattern_is_found(rel, line, kind):
    hits = secret_scan.scan_texts({rel: f"# planted\n{line}\n"}).get(rel, [])
    assert [(h.kind, h.line) for h in hits] == [(kind, 2)]


@pytest.mark.parametrize(("rel", "line"), MISSED)
def test_near_miss_is_not_a_secret(rel, line):
    assert secret_scan.scan_texts({rel: f"# near miss\n{line}\n"}) == {}


SECRET = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: relay\nstringData:\n  username: relay\n"


def test_password_in_secret_stringdata_is_found():
    text = SECRET + "  password: correct-horse-battery\n  smtp_token: " + _rand(24) + "\n"
    hits = secret_manifests.stringdata_hits("k8s/secret.yaml", text)
    assert [(h.kind, h.line) for h in hits] == [
        ("Kubernetes Secret stringData value", 7),
        ("Kubernetes Secret stringData value", 8),
    ]


@pytest.mark.parametrize(
    "text",
    [
        SECRET + "  password: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]\n",
        SECRET + "  password: ${SMTP_PASSWORD}\n",
        SECRET + "  password: REPLACE_ME_AT_DEPLOY\n",
        SECRET.replace("kind: Secret", "kind: ConfigMap") + "  password: correct-horse-battery\n",
        "kind: Secret\nstringData: [\n",
    ],
)
def test_stringdata_near_misses(text):
    assert secret_manifests.stringdata_hits("k8s/secret.yaml", text) == []
