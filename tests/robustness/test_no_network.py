"""The validators never reach the network: every way to connect, send or
resolve a name is replaced by one that records the attempt and refuses, then
the commands run (tests/support/forked.py). (Creating a socket is allowed: urllib3, imported by
detect-secrets' plugins, probes IPv6 support by binding ::1 at import time.)"""

from conftest import CORE_SHA, EXAMPLES, REPO
from support.forked import Run, run_batch


def test_no_command_opens_a_socket(tmp_path):
    names = ("tinyland-infra", "jesssullivan-infra", "example-org-infra")
    runs = [
        Run(
            name,
            [
                "enrollment",
                "--overlay-root",
                str(EXAMPLES / name),
                "--expected-core-ref",
                CORE_SHA,
                "--format",
                "json",
                "--allow-repo-registration-anchor",
            ],
            str(REPO),
            str(tmp_path / f"{name}.out"),
            str(tmp_path / f"{name}.err"),
        )
        for name in names
    ]
    outcomes = run_batch(runs, scratch=tmp_path)
    assert [outcomes[n].network for n in names] == [[], [], []]
    assert [outcomes[n].code for n in names] == [0, 0, 0]
