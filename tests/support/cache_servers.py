"""Real remote-cache servers for tests: nginx WebDAV (HTTP) and buildgrid (gRPC).

Both classes start a real server process on 127.0.0.1 and a free port, in a
private temporary directory holding its generated configuration, storage and
logs, wait (bounded) until it answers, and stop it again by the PID they
started. No pytest dependency: usable from fixtures, scripts and a REPL.

    with HttpCache() as cache:        # nginx, http://127.0.0.1:PORT
        ... bazel test --remote_cache=cache.url ...
        cache.stats()                 # CacheStats from the access log

    with GrpcCache() as cache:        # buildgrid 0.4.4, grpc://127.0.0.1:PORT
        ...

`python3 tests/support/cache_servers.py http|grpc` runs one in the
foreground until Ctrl-C (handy for trying Bazel flags by hand).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import grp
import hashlib
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "BUILDGRID_VERSION",
    "CacheServer",
    "CacheStats",
    "GrpcCache",
    "HttpCache",
    "ServerStartError",
    "ServerUnavailable",
    "buildgrid_bgd",
    "free_port",
]

LOOPBACK = "127.0.0.1"
NGINX = "/usr/sbin/nginx"
BUILDGRID_VERSION = "0.4.4"

# Servers started by this process and not yet stopped: stopped at exit, so an
# aborted test run does not leave them behind.
_RUNNING: set[CacheServer] = set()


class ServerUnavailable(RuntimeError):
    """The server program is not installed (run ./setup)."""


class ServerStartError(RuntimeError):
    """The server did not come up; the message carries its log tail."""


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port that was free a moment ago (the caller retries on a clash)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _tail(path: Path, lines: int = 30) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no {path.name})"
    return "\n".join(text.splitlines()[-lines:]) or f"({path.name} is empty)"


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


@dataclasses.dataclass(frozen=True)
class CacheStats:
    """Counts of cache requests seen by a server.

    A "hit" is a read that found the entry, a "miss" one that did not; for
    HTTP: GET/HEAD answered 200 vs 404 under /ac/ and /cas/.
    """

    ac_hits: int = 0
    ac_misses: int = 0
    cas_hits: int = 0
    cas_misses: int = 0
    ac_writes: int = 0
    cas_writes: int = 0

    def __sub__(self, other: CacheStats) -> CacheStats:
        return CacheStats(
            **{
                f.name: getattr(self, f.name) - getattr(other, f.name)
                for f in dataclasses.fields(self)
            }
        )

    @property
    def hits(self) -> int:
        return self.ac_hits + self.cas_hits

    @property
    def misses(self) -> int:
        return self.ac_misses + self.cas_misses


class CacheServer:
    """Common life cycle: temp dir, config, Popen, bounded readiness, stop by PID."""

    scheme = ""
    name = "server"
    #: Log lines that mean "the port was taken between free_port() and bind()".
    _port_clash = re.compile(r"Address already in use|Failed to bind|could not bind", re.I)

    def __init__(
        self,
        *,
        base_dir: str | os.PathLike[str] | None = None,
        port: int | None = None,
        start_timeout: float = 30.0,
        keep_dir: bool = False,
    ) -> None:
        self.host = LOOPBACK
        self._fixed_port = port
        self.port: int | None = None
        self.start_timeout = start_timeout
        self.keep_dir = keep_dir
        self._base_dir = base_dir
        self.dir: Path | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self._out = None

    # -- public ------------------------------------------------------------
    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError(f"{self.name} is not started")
        return f"{self.scheme}://{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def log_path(self) -> Path:
        """The server's own stdout+stderr."""
        assert self.dir is not None
        return self.dir / "server.log"

    def start(self) -> CacheServer:
        if self.proc is not None:
            raise RuntimeError(f"{self.name} already started (pid {self.pid})")
        self._check_installed()
        self.dir = Path(tempfile.mkdtemp(prefix=f"opf-{self.name}-", dir=self._base_dir))
        os.chmod(self.dir, 0o755)  # nginx workers (nobody) must traverse it
        attempts = 1 if self._fixed_port else 3
        for attempt in range(1, attempts + 1):
            self.port = self._fixed_port or free_port(self.host)
            cmd = self._prepare()
            self._fresh_logs()
            self._out = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
            self.proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=self._out,
                stderr=subprocess.STDOUT,
                cwd=self.dir,
                start_new_session=True,  # own process group: stop() reaches only ours
            )
            _RUNNING.add(self)
            try:
                self._wait_ready()
                return self
            except ServerStartError as err:
                logs = self._diagnostics()
                self._kill()
                if attempt < attempts and self._port_clash.search(logs):
                    continue
                self._cleanup_dir()
                raise ServerStartError(f"{err}\n--- logs ---\n{logs}") from None
        raise AssertionError("unreachable")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the process we started (SIGTERM, then SIGKILL), remove the temp dir."""
        self._kill(timeout)
        self._cleanup_dir()

    def logs(self) -> str:
        return self._diagnostics()

    def __enter__(self) -> CacheServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid} url={self.url}" if self.running else "stopped"
        return f"<{type(self).__name__} {state}>"

    # -- subclass hooks ----------------------------------------------------
    def _check_installed(self) -> None:
        raise NotImplementedError

    def _prepare(self) -> list[str]:
        """Write the config into self.dir for self.port; return the command."""
        raise NotImplementedError

    def _probe(self) -> bool:
        """True once the server answers a real request."""
        raise NotImplementedError

    def _diagnostics(self) -> str:
        return _tail(self.log_path)

    def _fresh_logs(self) -> None:
        """Called before each start attempt (a retry must not read old logs)."""

    # -- internals ---------------------------------------------------------
    def _wait_ready(self) -> None:
        assert self.proc is not None and self.port is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                raise ServerStartError(f"{self.name} exited with status {rc} while starting")
            if _port_open(self.host, self.port) and self._probe():
                return
            time.sleep(0.1)
        raise ServerStartError(
            f"{self.name} (pid {self.proc.pid}) not ready on {self.host}:{self.port} "
            f"after {self.start_timeout:.0f}s"
        )

    def _kill(self, timeout: float = 10.0) -> None:
        proc, self.proc = self.proc, None
        _RUNNING.discard(self)
        if proc is not None:
            if proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout)
                except subprocess.TimeoutExpired:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(proc.pid, signal.SIGKILL)
                    proc.wait(timeout)
            # Children left in the group we created (e.g. nginx workers whose
            # master was SIGKILLed): the group id is the PID we started.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._out is not None:
            self._out.close()
            self._out = None

    def _cleanup_dir(self) -> None:
        if self.dir is not None and not self.keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------------------
# HTTP: nginx WebDAV
# ---------------------------------------------------------------------------

_NGINX_CONF = """\
# Generated by tests/support/cache_servers.py (HttpCache).
daemon off;
master_process on;
worker_processes 1;
{user_line}
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 256; }}
http {{
    log_format cache '$request_method $uri $status $body_bytes_sent';
    access_log {dir}/access.log cache;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    sendfile on;
    keepalive_requests 100000;
    server {{
        listen {host}:{port};
        root {dir}/store;
        location / {{
            dav_methods PUT DELETE;
            create_full_put_path on;
            client_max_body_size 0;
            dav_access user:rw group:rw all:r;
        }}
    }}
}}
"""

_ACCESS_LINE = re.compile(r"^(?P<method>[A-Z]+) /(?P<kind>ac|cas)/\S* (?P<status>\d{3}) ")


class HttpCache(CacheServer):
    """nginx as a WebDAV store: Bazel's HTTP remote cache (/ac/, /cas/)."""

    scheme = "http"
    name = "nginx"

    def __init__(self, *, nginx: str = NGINX, **kwargs) -> None:
        super().__init__(**kwargs)
        self.nginx = nginx

    @property
    def store(self) -> Path:
        assert self.dir is not None
        return self.dir / "store"

    @property
    def access_log(self) -> Path:
        assert self.dir is not None
        return self.dir / "access.log"

    @property
    def error_log(self) -> Path:
        assert self.dir is not None
        return self.dir / "error.log"

    def stats(self) -> CacheStats:
        """Counts from the access log so far (nginx writes it unbuffered)."""
        counts = {f.name: 0 for f in dataclasses.fields(CacheStats)}
        try:
            lines = self.access_log.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            lines = []
        for line in lines:
            m = _ACCESS_LINE.match(line)
            if not m:
                continue
            kind, method, status = m["kind"], m["method"], int(m["status"])
            if method in ("GET", "HEAD"):
                if status == 200:
                    counts[f"{kind}_hits"] += 1
                elif status == 404:
                    counts[f"{kind}_misses"] += 1
            elif method == "PUT" and status in (200, 201, 204):
                counts[f"{kind}_writes"] += 1
        return CacheStats(**counts)

    def _check_installed(self) -> None:
        if not os.access(self.nginx, os.X_OK):
            raise ServerUnavailable(f"{self.nginx} not found: run ./setup (apt nginx-light)")

    def _prepare(self) -> list[str]:
        assert self.dir is not None
        for sub in ("store", "tmp"):
            (self.dir / sub).mkdir(exist_ok=True)
        user_line = ""
        if os.geteuid() == 0:
            # As root the workers drop to nobody, who must own what they write.
            nobody = pwd.getpwnam("nobody")
            user_line = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
            for sub in ("store", "tmp"):
                os.chown(self.dir / sub, nobody.pw_uid, nobody.pw_gid)
            self._check_traversable(self.dir)
        (self.dir / "nginx.conf").write_text(
            _NGINX_CONF.format(dir=self.dir, host=self.host, port=self.port, user_line=user_line)
        )
        # -e: errors before the config's error_log is open go here too, not
        # to /var/log/nginx; -p: relative paths resolve in our dir.
        return [
            self.nginx,
            "-p", f"{self.dir}/",
            "-e", str(self.error_log),
            "-c", str(self.dir / "nginx.conf"),
        ]  # fmt: skip

    @staticmethod
    def _check_traversable(path: Path) -> None:
        for parent in [path, *path.parents]:
            if not os.stat(parent).st_mode & 0o001:
                raise ServerStartError(
                    f"nginx workers run as nobody and cannot enter {parent} (mode "
                    f"{oct(os.stat(parent).st_mode & 0o777)}): pass a base_dir outside it"
                )

    def _probe(self) -> bool:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=2)
        try:
            conn.request("HEAD", "/readiness-probe")  # outside /ac/, /cas/: not counted
            status = conn.getresponse().status
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()
        if status != 404:
            raise ServerStartError(f"nginx answered {status} for a missing key (expected 404)")
        return True

    def _fresh_logs(self) -> None:
        for log in (self.error_log, self.access_log):
            with contextlib.suppress(FileNotFoundError):
                log.unlink()

    def _diagnostics(self) -> str:
        return f"[error.log]\n{_tail(self.error_log)}\n[server.log]\n{_tail(self.log_path, 10)}"


# ---------------------------------------------------------------------------
# gRPC: buildgrid
# ---------------------------------------------------------------------------


def buildgrid_bgd() -> Path:
    """The `bgd` of the buildgrid venv that ./setup makes.

    $OVERLAY_PREFLIGHT_BGD overrides; else $OVERLAY_PREFLIGHT_HOME (default
    ~/.cache/overlay-preflight)/buildgrid-0.4.4-<lock hash>/bin/bgd, as in ./setup.
    """
    override = os.environ.get("OVERLAY_PREFLIGHT_BGD")
    if override:
        return Path(override)
    home = os.environ.get("OVERLAY_PREFLIGHT_HOME") or os.path.expanduser(
        "~/.cache/overlay-preflight"
    )
    lock = Path(__file__).resolve().parents[2] / "requirements-buildgrid.lock"
    lock_hash = hashlib.sha256(lock.read_bytes()).hexdigest()[:16]
    return Path(home) / f"buildgrid-{BUILDGRID_VERSION}-{lock_hash}" / "bin" / "bgd"


_BUILDGRID_CONF = """\
# Generated by tests/support/cache_servers.py (GrpcCache).
server:
  - !channel
    address: "{host}:{port}"
    insecure-mode: true
authorization:
  method: none
storages:
{storage}
caches:
  - !lru-action-cache &main-action
    storage: *main-storage
    max-cached-refs: 100000
    allow-updates: true
    cache-failed-actions: true
instances:
  - name: "{instance}"
    services:
      - !action-cache
        cache: *main-action
      - !cas
        storage: *main-storage
      - !bytestream
        storage: *main-storage
"""

# With -vv buildgrid logs every RPC: `Received request. ... method="GetActionResult" ...`.
_BG_REQUEST = re.compile(r'Received request\..*?\bmethod="(?:[^"]*/)?(\w+)"')


class GrpcCache(CacheServer):
    """buildgrid as a REAPI cache (CAS + ActionCache + ByteStream), no execution."""

    scheme = "grpc"
    name = "buildgrid"

    def __init__(
        self,
        *,
        bgd: str | os.PathLike[str] | None = None,
        storage: str = "memory",
        instance_name: str = "",
        memory_size: str = "512MB",
        verbose: int = 2,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        if storage not in ("memory", "disk"):
            raise ValueError("storage must be 'memory' or 'disk'")
        self.bgd = Path(bgd) if bgd else buildgrid_bgd()
        self.storage = storage
        self.instance_name = instance_name
        self.memory_size = memory_size
        self.verbose = verbose

    @property
    def config_path(self) -> Path:
        assert self.dir is not None
        return self.dir / "buildgrid.yml"

    @property
    def pid_file(self) -> Path:
        assert self.dir is not None
        return self.dir / "buildgrid.pid"

    def request_counts(self) -> dict[str, int]:
        """RPCs seen so far, by method, from the server log (needs verbose >= 2)."""
        counts: dict[str, int] = {}
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return counts
        for m in _BG_REQUEST.finditer(text):
            counts[m[1]] = counts.get(m[1], 0) + 1
        return counts

    def _check_installed(self) -> None:
        if not os.access(self.bgd, os.X_OK):
            raise ServerUnavailable(
                f"buildgrid not installed at {self.bgd}: run ./setup (or set OVERLAY_PREFLIGHT_BGD)"
            )

    def _prepare(self) -> list[str]:
        assert self.dir is not None
        if self.storage == "memory":
            storage = f"  - !lru-storage &main-storage\n    size: {self.memory_size}\n"
        else:
            (self.dir / "cas").mkdir(exist_ok=True)
            storage = f"  - !disk-storage &main-storage\n    path: {self.dir}/cas\n"
        self.config_path.write_text(
            _BUILDGRID_CONF.format(
                host=self.host, port=self.port, storage=storage, instance=self.instance_name
            )
        )
        with contextlib.suppress(FileNotFoundError):
            self.pid_file.unlink()
        cmd = [str(self.bgd), "server", "start", str(self.config_path)]
        cmd += ["--pid-file", str(self.pid_file)]
        if self.verbose:
            cmd.append("-" + "v" * self.verbose)
        return cmd

    def _probe(self) -> bool:
        # bgd writes its pid file from the gRPC server's on-start callback,
        # i.e. once the services are registered and serving.
        try:
            return self.pid_file.read_text().strip() == str(self.pid)
        except FileNotFoundError:
            return False


@atexit.register
def _stop_leftovers() -> None:
    for server in list(_RUNNING):
        with contextlib.suppress(Exception):
            server.stop(timeout=5)


def _main(argv: Sequence[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["http", "grpc"])
    ap.add_argument("--port", type=int)
    args = ap.parse_args(argv)
    cls = HttpCache if args.kind == "http" else GrpcCache

    def on_term(_sig: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)  # stop the server on `kill` too
    with cls(port=args.port) as server:
        print(f"{server.url}  (pid {server.pid}, dir {server.dir}); Ctrl-C stops", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while server.running:
                time.sleep(0.5)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())
