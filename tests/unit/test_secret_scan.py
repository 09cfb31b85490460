from __future__ import annotations

import pytest

from overlay_preflight import secret_scan
from support.paths import EXAMPLES

BENIGN = [
    'attic_public_key: "main:Hm3X4aQ7ZyB0nR2sV9wL1tK8cE5uJ6pD3fG7hN2mQ4s="',
    "- uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2",
    'integrity = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="',
    "integrity: sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdB"
    "eoGlODJ6+SfaPg==",
    "ssh-key: ${{ secrets.GF_CORE_DEPLOY_KEY }}",
    'secret_key = "${{ secrets.TOFU_STATE_SECRET_KEY }}"',
    "client-key-data: ENC[AES256_GCM,data:Jq7Rk2Ws5Xt8Yu1Zv4Aw7Bx0Cy3Dz6Ea9Fb2=,iv:x,type:str]",
    "age: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
    "-----BEGIN AGE ENCRYPTED FILE-----",
    "-----BEGIN PUBLIC KEY-----",
    "tskey-auth-XXXX is the placeholder shape",
]


@pytest.mark.parametrize("line", BENIGN)
def test_estate_content_is_not_a_secret(line):
    assert secret_scan.scan_texts({"f": line + "\n"}) == {}


@pytest.mark.parametrize(
    "rel", ["secrets/github-app.sops.yaml", "config/organization.yaml", ".sops.yaml"]
)
def test_sops_file_and_attic_key_raise_nothing(rel):
    text = (EXAMPLES / "tinyland-infra" / rel).read_text()
    assert secret_scan.scan_texts({rel: text}) == {}


def test_key_is_a_digest_of_the_value_and_redaction_keeps_four_characters():
    token = "gh" + "p_" + "a1B2" * 9
    (hit,) = secret_scan.scan_texts({"f": f"x\ntoken: {token}\n"})["f"]
    assert (hit.kind, hit.line) == ("GitHub token", 2)
    assert hit.redacted == "'ghp_...' (40 chars)"
    assert token not in repr(hit) and token not in hit.key
    other = secret_scan.scan_texts({"f": "token: " + token.replace("a1", "z9") + "\n"})["f"][0]
    assert other.key != hit.key


def test_a_line_the_estate_patterns_flag_is_reported_once():
    token = "gh" + "p_" + "Q7w" * 12
    hits = secret_scan.scan_texts({"f": token + "\n"})["f"]
    assert [h.kind for h in hits] == ["GitHub token"]


def test_pem_block_is_one_hit_on_its_begin_line():
    pem = (
        "a: |\n  -----BEGIN RSA " + "PRIVATE KEY-----\n  MIIEowIBAAKCAQEA\n"
        "  -----END RSA PRIVATE KEY-----\n"
    )
    (hit,) = secret_scan.scan_texts({"k.yaml": pem})["k.yaml"]
    assert (hit.kind, hit.line) == ("PEM private key block", 2)
