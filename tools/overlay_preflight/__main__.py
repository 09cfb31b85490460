"""`python -m overlay_preflight` and the Bazel py_binary entry point."""

import sys
from pathlib import Path

if __name__ == "__main__" and __package__ in (None, ""):
    # Run as a script (Bazel's py_binary). When a consumer names this repository
    # `overlay_preflight`, its runfiles directory of that name sits on sys.path
    # and would shadow the package: put the package's own parent first. Not
    # resolved, so it stays inside the runfiles tree (and the sandbox).
    sys.path.insert(0, str(Path(__file__).parent.parent))

from overlay_preflight.cli import main

if __name__ == "__main__":
    sys.exit(main())
