"""Generate a synthetic estate of N overlays of one cluster for benchmarks.

Each overlay: config/organization.yaml, MODULE.bazel, Justfile, a tfvars with
three lanes and two repo anchors (for personal owners), ten workflows. Built
from the bundled examples so the files stay realistic and pass the checks.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TEMPLATE = "example-org-infra"


def overlay(dest: Path, n: int) -> Path:
    slug = f"bench-org-{n:04d}"
    root = dest / f"{slug}-infra"
    shutil.copytree(EXAMPLES / TEMPLATE, root, symlinks=True,
                    ignore=shutil.ignore_patterns("bazel-*", "BUILD.bazel", "WORKSPACE*",
                                                 ".bazelrc"))
    for path in root.rglob("*"):
        if path.is_file():
            text = path.read_text()
            text = (text.replace("Example-Org", f"Bench-Org-{n:04d}")
                    .replace("example-org", slug))
            path.write_text(text)
    tfvars = root / "tofu/stacks/arc-runners/example-org.tfvars"
    tfvars.rename(tfvars.with_name(f"{slug}.tfvars"))
    workflows = root / ".github/workflows"
    base = (workflows / "validate.yml").read_text()
    for k in range(8):  # ten workflows in all
        (workflows / f"package-{k}.yml").write_text(base.replace("Validate overlay",
                                                                 f"Package {k}"))
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
