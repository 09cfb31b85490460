"""Pytest fixtures for the real cache servers and Bazel.

Used by tests/cache/conftest.py; to offer them to the whole suite, put
`from support.cache_fixtures import *` in tests/conftest.py (tests/ is on
pythonpath, see pyproject.toml).
"""

from __future__ import annotations

import dataclasses
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from .bazel import BazelServers
from .cache_servers import GrpcCache, HttpCache, ServerUnavailable

__all__ = ["bazel_output_roots", "bazel_servers", "grpc_cache", "http_cache"]


def _started(server):
    try:
        return server.start()
    except ServerUnavailable as err:  # a missing install is an error, not a skip
        pytest.fail(str(err), pytrace=False)


@pytest.fixture
def http_cache() -> Iterator[HttpCache]:
    """A fresh, empty nginx WebDAV cache (http://127.0.0.1:PORT) for one test."""
    # Not under tmp_path: pytest's base temp is 0700 and nginx's workers
    # (nobody) must reach the store.
    server = _started(HttpCache())
    yield server
    server.stop()


@pytest.fixture
def grpc_cache() -> Iterator[GrpcCache]:
    """A fresh, empty buildgrid CAS + ActionCache (grpc://127.0.0.1:PORT)."""
    server = _started(GrpcCache())
    yield server
    server.stop()


@pytest.fixture(scope="session")
def bazel_servers() -> Iterator[BazelServers]:
    """Runs Bazel; at session end shuts down every Bazel server it started."""
    servers = BazelServers()
    yield servers
    problems = servers.shutdown_all()
    if problems:
        warnings.warn("; ".join(problems), stacklevel=1)


@dataclasses.dataclass(frozen=True)
class OutputRoots:
    first: Path
    second: Path


@pytest.fixture(scope="session")
def bazel_output_roots(bazel_servers: BazelServers) -> Iterator[OutputRoots]:
    """Two --output_user_root dirs shared by the session (two "machines").

    Short paths under /tmp: Bazel's sandbox and unix sockets dislike long ones.
    The Bazel servers are shut down before the roots are removed.
    """
    with tempfile.TemporaryDirectory(prefix="opf-bz-", ignore_cleanup_errors=True) as base:
        roots = OutputRoots(Path(base, "a"), Path(base, "b"))
        roots.first.mkdir()
        roots.second.mkdir()
        yield roots
        problems = bazel_servers.shutdown_all()
        if problems:
            warnings.warn("; ".join(problems), stacklevel=1)
