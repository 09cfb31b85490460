"""overlay-preflight: preflight validators for implementation overlays."""

__version__ = "0.1.0"
