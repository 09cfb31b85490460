"""STAND-IN for the lead's CLI (branch main): only here so the Bazel rules can
be exercised before the real `python -m overlay_preflight` lands. The merge
takes main's file. It checks that named files exist and that none contains the
marker `PREFLIGHT_FAIL`; it knows nothing about overlays."""

import argparse
import json
import sys
from pathlib import Path


def main(argv=None):
    p = argparse.ArgumentParser(prog="overlay-preflight")
    p.add_argument("command")
    p.add_argument("paths", nargs="*")
    p.add_argument("--format", default="text")
    p.add_argument("--write", action="append", default=[])
    for flag in ("--organization", "--module-bazel", "--justfile", "--schema", "--live",
                 "--helm", "--nodes", "--policy", "--overlay-root", "--expected-core-ref"):
        p.add_argument(flag)
    for flag in ("--tfvars", "--workflow", "--file", "--expect-warning", "--allow-destroy"):
        p.add_argument(flag, action="append", default=[])
    for flag in ("--strict", "--no-discover", "--debug", "--allow-repo-registration-anchor"):
        p.add_argument(flag, action="store_true")
    a = p.parse_intermixed_args(argv)
    files = [*a.paths, *a.tfvars, *a.workflow, *a.file]
    files += [f for f in (a.organization, a.module_bazel, a.justfile, a.schema, a.live,
                          a.helm, a.nodes, a.policy) if f]
    findings = []
    for f in files:
        path = Path(f)
        if not path.exists():
            print(f"overlay-preflight: no such file: {f}", file=sys.stderr)
            return 2
        if path.is_file() and "PREFLIGHT_FAIL" in path.read_text():
            findings.append({"rule": "STANDIN", "path": f, "message": "marker found"})
    for spec in a.write:
        fmt, _, out = spec.partition("=")
        if fmt == "junit":
            body = f'<testsuites><testsuite name="{a.command}" tests="1" failures="{len(findings)}"/></testsuites>\n'
        else:
            body = json.dumps({"findings": findings}) + "\n"
        Path(out).write_text(body)
    for f in findings:
        print(f"{f['path']}: {f['rule']}: {f['message']}")
    print(f"stand-in {a.command}: {len(files)} files, {len(findings)} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
