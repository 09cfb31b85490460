"""The validators never reach the network: every way to connect, send or
resolve a name is replaced by one that records the attempt and refuses, then
the commands run. (Creating a socket is allowed: urllib3, imported by
detect-secrets' plugins, probes IPv6 support by binding ::1 at import time.)"""

import json
import os
import subprocess
import sys

from conftest import CORE_SHA, EXAMPLES, REPO

GUARD = """
import json, socket, sys
attempts = []
def refuse(name):
    def method(*a, **k):
        attempts.append(name + repr(a[1:] if name.startswith("socket.") else a))
        raise OSError("network is forbidden in this test")
    return method
for name in ("connect", "connect_ex", "sendto", "sendmsg"):
    setattr(socket.socket, name, refuse("socket." + name))
for name in ("create_connection", "getaddrinfo", "gethostbyname"):
    setattr(socket, name, refuse(name))
from overlay_preflight import cli
codes = [cli.main(argv) for argv in json.loads(sys.argv[1])]
print(json.dumps({"codes": codes, "attempts": attempts}), file=sys.stderr)
"""


def test_no_command_opens_a_socket():
    runs = [
        [
            "enrollment",
            "--overlay-root",
            str(EXAMPLES / name),
            "--expected-core-ref",
            CORE_SHA,
            "--format",
            "json",
            "--allow-repo-registration-anchor",
        ]
        for name in ("tinyland-infra", "jesssullivan-infra", "example-org-infra")
    ]
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, json.dumps(runs)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO / "tools")},
    )
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["codes"] == [0, 0, 0]
