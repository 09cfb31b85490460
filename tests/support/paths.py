"""Where the tests find the repository and its example overlays."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
# The core commit every example overlay pins.
CORE_SHA = "637b7167c400a842cdc7af0709b2251c0542a48a"
