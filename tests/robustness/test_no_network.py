"""The validators never open a socket: every socket constructor is replaced
by one that records the attempt and refuses, then the commands run."""

import json
import os
import subprocess
import sys

from conftest import CORE_SHA, EXAMPLES, REPO

GUARD = """
import json, socket, sys
attempts = []
class NoSocket(socket.socket):
    def __init__(self, *a, **k):
        attempts.append(repr(a))
        raise OSError("network is forbidden in this test")
socket.socket = NoSocket
socket.create_connection = lambda *a, **k: attempts.append(repr(a)) or NoSocket()
from overlay_preflight import cli
codes = [cli.main(argv) for argv in json.loads(sys.argv[1])]
print(json.dumps({"codes": codes, "attempts": attempts}), file=sys.stderr)
"""


def test_no_command_opens_a_socket():
    runs = [
        ["enrollment", "--overlay-root", str(EXAMPLES / name), "--expected-core-ref", CORE_SHA,
         "--format", "json", "--allow-repo-registration-anchor"]
        for name in ("tinyland-infra", "jesssullivan-infra", "example-org-infra")
    ]
    proc = subprocess.run([sys.executable, "-c", GUARD, json.dumps(runs)], capture_output=True,
                          text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "tools")})
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["attempts"] == []
    assert result["codes"] == [0, 0, 0]
