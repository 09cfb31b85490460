"""The example overlays as their own Bazel workspaces, with the real Bazel.

Each example consumes this checkout as @overlay_preflight ("../.." in
WORKSPACE and MODULE.bazel); the copies made here point both at the
checkout's absolute path, and give Bazel 4.2 its offline stand-ins as
--override_repository flags in user.bazelrc (the examples never name them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.bazel import copy_checkout, offline_overrides
from support.paths import CORE_SHA, EXAMPLES, REPO

pytestmark = [pytest.mark.bazel, pytest.mark.slow]

PREFLIGHT = "//:preflight_test"
TAXONOMY = "//:taxonomy_test"
ALL_TESTS = {
    PREFLIGHT,
    TAXONOMY,
    "//:core_pin_test",
    "//:organization_schema_test",
    "//:workflow_labels_test",
}


def copy_example(name: str, dest: Path) -> Path:
    """A copy of examples/<name> whose @overlay_preflight is this checkout,
    by absolute path, with the offline stand-ins in its user.bazelrc."""
    ws = copy_checkout(EXAMPLES / name, dest)
    for file in ("WORKSPACE", "MODULE.bazel"):
        text = (ws / file).read_text()
        fixed = text.replace('path = "../.."', f'path = "{REPO}"')
        assert fixed != text, f'examples\' {file} no longer says path = "../.."'
        (ws / file).write_text(fixed)
    flags = offline_overrides(dest.parent / f"{name}-standins")
    (ws / "user.bazelrc").write_text("".join(f"build {flag}\n" for flag in flags))
    return ws


def _ok(result, what):
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.output}"
    return result.summary()


def test_broken_pin_fails_and_the_log_names_rule_and_line(tmp_path, bazel_servers):
    ws = copy_example("tinyland-infra", tmp_path / "tinyland-infra")
    root = tmp_path / "out"
    first = _ok(bazel_servers.run(ws, ["test", "//..."], root), "clean example")
    assert first.passed == ALL_TESTS

    module = ws / "MODULE.bazel"
    lines = module.read_text().splitlines(keepends=True)
    [lineno] = [i for i, line in enumerate(lines, 1) if f'commit = "{CORE_SHA}"' in line]
    lines[lineno - 1] = lines[lineno - 1].replace(f'commit = "{CORE_SHA}"', 'branch = "main"')
    module.write_text("".join(lines))

    broken = bazel_servers.run(ws, ["test", "//..."], root)
    assert broken.returncode == 3, broken.output  # build OK, tests failed
    summary = broken.summary()
    assert PREFLIGHT in summary.failed and "//:core_pin_test" in summary.failed, broken.output
    assert {"//:organization_schema_test", TAXONOMY} <= summary.passed, broken.output
    testlogs = Path(
        bazel_servers.run(ws, ["info", "bazel-testlogs"], root, check=True).output.strip()
    )
    for target in ("preflight_test", "core_pin_test"):
        log = (testlogs / target / "test.log").read_text()
        assert "core-pin-invalid" in log, log
        assert re.search(rf"MODULE\.bazel:{lineno}:", log), log


def _action_cache_traffic(cache) -> tuple[int, int]:
    if cache.scheme == "http":
        st = cache.stats()
        return st.ac_hits + st.ac_misses, st.ac_writes
    counts = cache.request_counts()
    return counts.get("GetActionResult", 0), counts.get("UpdateActionResult", 0)


@pytest.mark.parametrize("backend", ["http", "grpc"])
def test_example_overlay_through_a_real_remote_cache(
    backend, request, tmp_path, bazel_servers, bazel_output_roots
):
    cache = request.getfixturevalue(f"{backend}_cache")
    remote = [f"--remote_cache={cache.url}"]
    roots = bazel_output_roots
    name = "example-org-infra"

    # 1. First copy, first output root: every test runs and is uploaded.
    ws1 = copy_example(name, tmp_path / "one" / name)
    first_run = bazel_servers.run(ws1, ["test", "//...", *remote], roots.first)
    first = _ok(first_run, "first build")
    assert first.passed == ALL_TESTS, first_run.output
    assert first.ran == ALL_TESTS, first_run.output
    assert first.remote_cache_hits == 0, first_run.output
    assert _action_cache_traffic(cache)[1] >= len(ALL_TESTS), "results were not uploaded"

    # 2. Nothing local survives.
    _ok(bazel_servers.run(ws1, ["clean", "--expunge"], roots.first), "clean --expunge")

    # 3. Another copy at another path, another output root: all remote hits.
    ws2 = copy_example(name, tmp_path / "elsewhere" / "two" / name)
    before = _action_cache_traffic(cache)
    second_run = bazel_servers.run(ws2, ["test", "//...", *remote], roots.second)
    second = _ok(second_run, "second copy")
    out = second_run.output
    assert second.passed == ALL_TESTS, out
    assert second.cached == ALL_TESTS, out
    for label in ALL_TESTS:
        assert re.search(rf"^{re.escape(label)}\s+\(cached\) PASSED", out, re.M), out
    assert second.executed == 0, out
    assert re.search(r"\d+ remote cache hit", out), out
    assert second.remote_cache_hits >= len(ALL_TESTS), out
    for kind in ("linux-sandbox", "processwrapper-sandbox", "local", "sandbox"):
        assert second.process_kinds.get(kind, 0) == 0, out
    reads, writes = (a - b for a, b in zip(_action_cache_traffic(cache), before, strict=True))
    assert writes == 0 and reads >= second.remote_cache_hits, (reads, writes, out)

    # 4. Edit the tfvars: only the preflight and taxonomy tests read it.
    tfvars = next((ws2 / "tofu/stacks/arc-runners").glob("*.tfvars"))
    tfvars.write_text(tfvars.read_text() + "# edited by the remote cache test\n")
    third_run = bazel_servers.run(ws2, ["test", "//...", *remote], roots.second)
    third = _ok(third_run, "after editing the tfvars")
    assert third.passed == ALL_TESTS, third_run.output
    assert third.ran == {PREFLIGHT, TAXONOMY}, third_run.output
    assert third.cached == ALL_TESTS - {PREFLIGHT, TAXONOMY}, third_run.output
    assert third.executed == 2, third_run.output


def test_a_planted_secret_fails_and_never_reaches_a_cached_output(tmp_path, bazel_servers):
    """Test logs, JUnit XML and the undeclared outputs all land in the shared
    cache: the finding names the secret's kind, never its value."""
    import random
    import string
    import zipfile

    rng = random.Random(4)
    token = "ghp_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(36))
    ws = copy_example("tinyland-infra", tmp_path / "tinyland-infra")
    tfvars = ws / "tofu/stacks/arc-runners/tinyland.tfvars"
    tfvars.write_text(tfvars.read_text() + f'github_token = "{token}"\n')
    root = tmp_path / "out"
    result = bazel_servers.run(ws, ["test", "//..."], root)
    assert result.returncode == 3, result.output
    assert PREFLIGHT in result.summary().failed, result.output
    testlogs = Path(
        bazel_servers.run(ws, ["info", "bazel-testlogs"], root, check=True).output.strip()
    )
    outputs = testlogs / "preflight_test"
    log = (outputs / "test.log").read_text()
    assert "secret-plaintext" in log and "tinyland.tfvars" in log, log
    texts = {"test.log": log, "test.xml": (outputs / "test.xml").read_text()}
    with zipfile.ZipFile(outputs / "test.outputs" / "outputs.zip") as archive:
        names = archive.namelist()
        assert {"overlay-preflight.json", "overlay-preflight.sarif"} <= set(names), names
        texts.update({n: archive.read(n).decode() for n in names})
    assert "secret-plaintext" in texts["overlay-preflight.json"]
    for name, text in texts.items():
        assert token not in text and token[4:20] not in text, name
    assert token not in result.output
