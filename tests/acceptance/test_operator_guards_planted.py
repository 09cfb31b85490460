"""Each defect planted alone in an overlay shaped like the estate's public
infra repo (tests/fixtures/operators/overlay) is reported by its rule at its
file and line, and by nothing else; the unplanted overlay is clean."""

from __future__ import annotations

import random
import shutil
import string
from pathlib import Path

import pytest

from support.cli import located, run_json

OVERLAY = Path(__file__).resolve().parent.parent / "fixtures/operators/overlay"
COMMANDS = ("surface", "substrate", "pii", "kustomize", "secrets")
VALIDATE = ".github/workflows/validate.yml"
WEB = "k8s/web/example-org-production/kustomization.yaml"
MAIL = "k8s/mail/example-tools-production/kustomization.yaml"
ALLOWLIST = "config/substrate-boundary-allowlist.json"


def _rand(n: int, alphabet: str = string.ascii_letters + string.digits) -> str:
    rng = random.Random(n)
    return "".join(rng.choice(alphabet) for _ in range(n))


# Token-shaped text is built at run time: the repository holds none.
CFAT = "cf" + "at_" + _rand(40)
NPM = "np" + "m_" + _rand(36)
STEP = "      - name: Planted\n        run: |\n          echo start\n          {}\n"

# name: (file, (old, new) to replace, or None to append `new`), (rule, line)
PLANTS = {
    "raw tofu apply in a workflow": (
        VALIDATE,
        None,
        STEP.format("tofu -chdir=tofu/stacks/edge \\\n            apply -auto-approve"),
        ("workflow-raw-tofu", 29),
    ),
    "raw kubectl apply -k in a workflow": (
        VALIDATE,
        None,
        STEP.format('nix develop . -c kubectl apply -k "k8s/web/example-org-production"'),
        ("workflow-raw-kubectl", 29),
    ),
    "kubectl delete hidden in an action input": (
        VALIDATE,
        ("just web-stack-render > web-plan-rendered.yaml", "kubectl delete ns web"),
        None,
        ("workflow-raw-kubectl", 25),
    ),
    "repository_dispatch trigger": (
        VALIDATE,
        ("  push:\n", "  repository_dispatch:\n    types: [image-published]\n  push:\n"),
        None,
        ("workflow-repository-dispatch", 4),
    ),
    "a workflow calls the operator-local apply recipe": (
        VALIDATE,
        ("nix develop . -c just check-hosted", "nix develop . -c just mail-cr-apply"),
        None,
        ("workflow-just-unlisted", 19),
    ),
    "kubectl set image outside the apply recipe": (
        "Justfile",
        None,
        "\nweb-pin image:\n    kubectl -n web set image deployment/example-org web={{ image }}\n",
        ("justfile-imperative-pin", 30),
    ),
    "copy-paste kubectl apply -k in the runbook": (
        "docs/runbook.md",
        ("kubectl diff -k", "kubectl apply -k"),
        None,
        ("doc-raw-kubectl", 9),
    ),
    "module source in a sibling substrate checkout": (
        "tofu/stacks/edge/main.tf",
        ('source = "./modules/zone"', 'source = "../../../../blahaj/tofu/modules/zone"'),
        None,
        ("substrate-reach", 6),
    ),
    "state key under the substrate prefix": (
        "tofu/backend/honey.s3.hcl",
        ("example-tools-infra/edge", "blahaj/mail"),
        None,
        ("substrate-reach", 2),
    ),
    "substrate dispatch in a script": (
        "scripts/notify.sh",
        None,
        "#!/bin/sh\ngh api repos/tinyland-inc/blahaj/dispatches -f event_type=x\n",
        ("substrate-reach", 2),
    ),
    "allowlist entry without provenance": (
        ALLOWLIST,
        ('"allowed": []', '"allowed": [\n    {"path_prefix": "tofu/", "interface": "x"}\n  ]'),
        None,
        ("substrate-allowlist-invalid", 4),
    ),
    "personal email before a period": (
        "README.md",
        None,
        "\nMaintained by jane.doe@gmail.com.\n",
        ("public-email", 5),
    ),
    "phone number": (
        "docs/runbook.md",
        None,
        "\nOn call: (555) 867-5309\n",
        ("public-phone-number", 14),
    ),
    "home directory path": (
        "Justfile",
        ("python3 scripts/check.py", "python3 /Users/jane/src/check.py"),
        None,
        ("public-home-path", 7),
    ),
    "remote kustomize resource in the mail stack": (
        MAIL,
        ("  - maildomain.yaml\n", "  - maildomain.yaml\n  - https://example.com/crds.yaml\n"),
        None,
        ("kustomize-remote-reference", 5),
    ),
    "kustomize escape out of the web stack": (
        WEB,
        ("  - service.yaml\n", "  - service.yaml\n  - ../../mail/example-tools-production\n"),
        None,
        ("kustomize-path-escape", 7),
    ),
    "kustomize patch file that is not there": (
        WEB,
        None,
        "patches:\n  - path: replicas-patch.yaml\n",
        ("kustomize-path-missing", 8),
    ),
    "Cloudflare token in tfvars": (
        "tofu/stacks/edge/example.tfvars",
        None,
        f'cloudflare_api_token = "{CFAT}"\n',
        ("secret-plaintext", 3),
    ),
    "db_password literal in tfvars": (
        "tofu/stacks/edge/example.tfvars",
        None,
        'db_password = "Tr0ub4dor-horse-battery"\n',
        ("secret-plaintext", 3),
    ),
    "password in a Secret's stringData": (
        "k8s/mail/example-tools-production/secret.yaml",
        None,
        "apiVersion: v1\nkind: Secret\nmetadata: {name: relay}\nstringData:\n"
        "  username: relay\n  password: correct-horse-battery\n",
        ("secret-plaintext", 6),
    ),
    "npm token in an env file": (".env", None, f"NPM_TOKEN={NPM}\n", ("secret-plaintext", 1)),
}


def _findings(tmp_path: Path, root: Path) -> list[tuple[str, str, int | None]]:
    out = []
    for command in COMMANDS:
        _, report = run_json(command, str(root))
        out += located(report)
    return sorted(out)


def test_the_unplanted_overlay_is_clean(tmp_path):
    assert _findings(tmp_path, OVERLAY) == []


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_each_planted_defect_gets_its_rule_file_and_line(tmp_path, name):
    rel, swap, extra, (rule, line) = PLANTS[name]
    root = tmp_path / "overlay"
    shutil.copytree(OVERLAY, root)
    target = root / rel
    text = target.read_text() if target.exists() else ""
    if swap is not None:
        assert swap[0] in text
        text = text.replace(swap[0], swap[1], 1)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text + (extra or ""))
    assert _findings(tmp_path, root) == [(rule, rel, line)]
