"""Generate a synthetic estate of N overlays of one cluster for benchmarks.

Each overlay: config/organization.yaml, MODULE.bazel, Justfile, a tfvars with
three lanes (nix and docker at org scope, one repository registration anchor
in extra_runner_sets), ten workflows. Built from the bundled example-org
overlay so the files stay realistic; they pass the checks with
--allow-repo-registration-anchor (one expected anchor warning each).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEMPLATE = "example-org-infra"


ANCHOR = """extra_runner_sets = {{
  "{slug}-pkg-nix" = {{
    github_config_url    = "https://github.com/{owner}/pkg"
    github_config_secret = "github-app-secret-{slug}"
    runner_label         = "tinyland-nix"
    runner_type          = "nix"
    min_runners          = 0
    max_runners          = 2
    cpu_request          = "1"
    memory_request       = "2Gi"
    cpu_limit            = "2"
    memory_limit         = "4Gi"
    attic_server         = "http://attic.nix-cache.svc.cluster.local"
    attic_cache          = "main"
    bazel_cache_endpoint = "grpc://bazel-cache.nix-cache.svc.cluster.local:9092"
  }}
}}"""


def overlay(dest: Path, n: int) -> Path:
    slug = f"bench-org-{n:04d}"
    root = dest / f"{slug}-infra"
    shutil.copytree(
        EXAMPLES / TEMPLATE,
        root,
        symlinks=True,
        ignore=shutil.ignore_patterns("bazel-*", "BUILD.bazel", "WORKSPACE*", ".bazelrc"),
    )
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_text()
            text = text.replace("Example-Org", f"Bench-Org-{n:04d}").replace("example-org", slug)
            path.write_text(text)
    tfvars = root / "tofu/stacks/arc-runners/example-org.tfvars"
    text = tfvars.read_text()
    assert "extra_runner_sets = {}" in text
    tfvars.with_name(f"{slug}.tfvars").write_text(
        text.replace("extra_runner_sets = {}", ANCHOR.format(slug=slug, owner=f"Bench-Org-{n:04d}"))
    )
    tfvars.unlink()
    workflows = root / ".github/workflows"
    base = (workflows / "validate.yml").read_text()
    for k in range(8):  # ten workflows in all
        (workflows / f"package-{k}.yml").write_text(
            base.replace("Validate overlay", f"Package {k}")
        )
    return root


def estate(dest: Path, count: int) -> list[Path]:
    dest.mkdir(parents=True, exist_ok=True)
    return [overlay(dest, n) for n in range(count)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--count", type=int, default=10)
    args = parser.parse_args()
    roots = estate(args.dest, args.count)
    print(f"{len(roots)} overlays under {args.dest}")


if __name__ == "__main__":
    main()
