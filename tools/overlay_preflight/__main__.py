"""`python -m overlay_preflight` and the Bazel py_binary entry point."""

import sys

from overlay_preflight.cli import main

if __name__ == "__main__":
    sys.exit(main())
