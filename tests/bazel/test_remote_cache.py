"""--config=ci and --config=cache-readonly against a real HTTP cache (nginx WebDAV)."""

import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from .bazel_harness import Bazel, copy_checkout

pytestmark = pytest.mark.bazel

TARGET = "//tests/bazel/testdata/overlay:enrollment_test"
INPUT = "tests/bazel/testdata/overlay/config/organization.yaml"

NGINX_CONF = """
{user}
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{}}
http {{
  access_log {root}/access.log;
  client_body_temp_path {root}/tmp;
  server {{
    listen 127.0.0.1:{port};
    root {root}/cache;
    client_max_body_size 0;
    dav_methods PUT;
    create_full_put_path on;
  }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def cache_server(bazel_root):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (run ./setup)")
    root = bazel_root / "nginx"
    (root / "cache").mkdir(parents=True)
    (root / "tmp").mkdir()
    port = _free_port()
    user = "user root root;" if os.geteuid() == 0 else ""
    (root / "nginx.conf").write_text(NGINX_CONF.format(user=user, root=root, port=port))
    proc = subprocess.Popen(["nginx", "-p", str(root), "-c", str(root / "nginx.conf")])
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}", root / "cache"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _entries(cache: Path) -> int:
    return sum(1 for p in cache.rglob("*") if p.is_file())


def _edit(ws: Path, note: str) -> str:
    original = (ws / INPUT).read_text()
    (ws / INPUT).write_text(original + f"# {note}\n")
    return original


def test_ci_writes_and_readonly_only_reads(bazel, bazel_root, cache_server):
    url, cache = cache_server
    remote = f"--remote_cache={url}"
    other = Bazel(workspace=bazel_root / "clone3", output_user_root=bazel_root / "out3")
    copy_checkout(other.workspace)
    original = _edit(bazel.workspace, "remote cache test: shared edit")
    _edit(other.workspace, "remote cache test: shared edit")
    try:
        bazel("test", TARGET, "--config=ci", remote, check=True)
        assert _entries(cache) > 0, "--config=ci uploaded nothing"

        hit = other("test", TARGET, "--config=cache-readonly", remote, check=True)
        assert re.search(r"\d+ remote cache hits?", hit.output), hit.output
        assert re.search(r"enrollment_test\s+\(cached\) PASSED", hit.output), hit.output

        before = _entries(cache)
        _edit(other.workspace, "remote cache test: only in the read-only clone")
        miss = other("test", TARGET, "--config=cache-readonly", remote, check=True)
        assert "(cached)" not in miss.output, miss.output
        assert _entries(cache) == before, "--config=cache-readonly uploaded results"
    finally:
        (bazel.workspace / INPUT).write_text(original)
        other("shutdown")
