"""The cache servers themselves: start, serve, count, fail clearly, stop by PID."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from support.cache_servers import (
    CacheStats,
    GrpcCache,
    HttpCache,
    ServerStartError,
    buildgrid_bgd,
)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(x) for x in out.stdout.split()]


def test_http_cache_stores_counts_and_stops(http_cache):
    url = http_cache.url
    assert url.startswith("http://127.0.0.1:")
    put = urllib.request.Request(f"{url}/cas/abc123", data=b"blob", method="PUT")
    assert urllib.request.urlopen(put, timeout=5).status == 201
    assert urllib.request.urlopen(f"{url}/cas/abc123", timeout=5).read() == b"blob"
    with pytest.raises(urllib.error.HTTPError) as miss:
        urllib.request.urlopen(f"{url}/ac/missing", timeout=5)
    assert miss.value.code == 404
    # nginx logs a request after answering it: wait (bounded) for the lines.
    expected = CacheStats(cas_hits=1, ac_misses=1, cas_writes=1)
    deadline = time.monotonic() + 5
    while http_cache.stats() != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    assert http_cache.stats() == expected
    if os.geteuid() == 0:  # workers dropped to nobody, who owns the store
        assert (http_cache.store / "cas" / "abc123").stat().st_uid != 0

    master, workers, tmp = http_cache.pid, _children(http_cache.pid), http_cache.dir
    assert workers, "nginx master without workers"
    http_cache.stop()
    assert _gone(master) and all(_gone(w) for w in workers)
    assert not tmp.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1)


def test_http_cache_reports_a_taken_port_with_the_error_log():
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        server = HttpCache(port=port, start_timeout=10)
        with pytest.raises(ServerStartError, match="Address already in use"):
            server.start()
        assert not server.running


def test_grpc_cache_serves_reapi_and_stops(grpc_cache):
    assert grpc_cache.url.startswith("grpc://127.0.0.1:")
    # A real REAPI client call: buildgrid's own CLI asks for the capabilities.
    remote = grpc_cache.url.replace("grpc://", "http://")
    out = subprocess.run(
        [str(buildgrid_bgd()), "capabilities", "--remote", remote, "--instance-name", ""],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "cacheCapabilities" in out.stdout, out.stdout
    assert grpc_cache.request_counts().get("GetCapabilities") == 1

    pid = grpc_cache.pid
    grpc_cache.stop()
    assert _gone(pid)


def test_grpc_cache_fails_clearly_without_buildgrid(tmp_path):
    from support.cache_servers import ServerUnavailable

    with pytest.raises(ServerUnavailable, match=r"run \./setup"):
        GrpcCache(bgd=tmp_path / "no-bgd").start()
