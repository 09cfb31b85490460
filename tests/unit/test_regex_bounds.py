"""Bounded repetition and literal gates for the secret scan's patterns."""

from __future__ import annotations

import re

from overlay_preflight import secret_scan
from overlay_preflight.regex_bounds import bounded, required_literals

NPM = r"\/\/.+\/:_authToken=\s*((npm_.+)|([A-Fa-f0-9-]{36})).*"
TOKENS = [
    "//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789",
    "token: ghp_0123456789abcdefghijABCDEFGHIJ012345",
    "IBM_CLOUD_IAM_API_KEY = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJ01234567'",
    "AccountKey=" + "a" * 88,
    "xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
    "-----BEGIN RSA PRIVATE KEY-----",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "https://user:pw@example.com/x",
    # gated on two characters: AWS (`A` then `KIA`, ...), Cloudant, Artifactory, Twilio, GitLab
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "CLOUDANT_PASSWORD = " + "abcdefghijklmnopqrstuvwx",
    "cl_key=" + "0123456789abcdef" * 4,
    'artifactory "APBabcdefgh12345"',
    "sid AC" + "0123456789abcdef" * 2,
    "glpat-abcdefghij0123456789",
]


def test_a_bounded_pattern_matches_what_the_original_matches():
    original, capped = re.compile(NPM), bounded(NPM)
    for line in TOKENS:
        assert bool(original.search(line)) == bool(capped.search(line))
    assert capped.search(TOKENS[0]).group(0) == original.search(TOKENS[0]).group(0)


def test_repeats_are_capped():
    assert bounded(r"a+b", limit=5).fullmatch("a" * 5 + "b")
    assert not bounded(r"a+b", limit=5).fullmatch("a" * 6 + "b")
    assert bounded(r"(?i)A{2,}", limit=3).fullmatch("aaa")  # flags kept


def test_required_literals():
    assert required_literals(r"(?:key|pwd|password)\s*=\s*(\w{44})") == ("key", "password", "pwd")
    assert required_literals(r"(?:ab|)x") is None  # an empty alternative: nothing required
    assert required_literals(r"(?:ab|)xy") == ("xy",)  # two characters are enough
    assert required_literals(r"(?i)(?:cloudant|cl|clou)(?:_|-|)x") == ("cl",)
    assert required_literals(r"AKC[a-z]{10,}") == ("akc",)
    assert required_literals(r"[0-9]+") is None


def test_the_literal_gate_never_hides_a_match():
    """Every pattern of the scan (the estate's and detect-secrets' own) that
    matches a line has one of its literals in the case-folded line."""
    patterns = [*secret_scan._data()["compiled"], *secret_scan._detectors()]
    checked = 0
    for line in TOKENS:
        folded = line.casefold()
        for p in patterns:
            if p.regex.search(line):
                checked += 1
                assert p.may_match(folded), (p.kind, line)
    assert checked >= len(TOKENS)
