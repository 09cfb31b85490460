"""No plain-text secret in any text file of the overlay. SOPS ciphertext,
Nix cache public keys, commit pins, SRI hashes and `${{ secrets.X }}`
references are not secrets and raise nothing."""

from __future__ import annotations

from collections.abc import Iterator

from .. import registry, secret_manifests, secret_scan
from ..model import kinds
from ..model.context import Context
from ..report import Finding, finding

PLAINTEXT = registry.rule(
    "secret-plaintext",
    registry.BLOCKER,
    "A file of the overlay holds a plain-text secret (token, private key, kubeconfig client "
    "key, S3 secret key).",
    "Revoke and rotate the secret, remove it from the file and its history, and keep it "
    "SOPS-encrypted or in the CI secret store. A reviewed false positive is suppressed by "
    "its fingerprint only.",
    concern="secrets",
    suppressible=registry.Suppressible.BY_FINGERPRINT,
)

RULES = (PLAINTEXT,)
NEEDS = frozenset({kinds.TEXTS})


def check(ctx: Context) -> Iterator[Finding]:
    found = secret_scan.scan_texts(ctx.overlay.texts)
    for rel, hits in secret_manifests.scan(ctx.overlay.texts).items():
        found[rel] = sorted(found.get(rel, []) + hits, key=lambda h: (h.line, h.kind))
    for rel, hits in sorted(found.items()):
        for hit in hits:
            yield finding(
                PLAINTEXT, rel, hit.line, f"{hit.kind} in plain text {hit.redacted}", key=hit.key
            )
