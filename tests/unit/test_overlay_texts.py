from __future__ import annotations

from overlay_preflight import cli
from overlay_preflight.discovery import discover
from overlay_preflight.loaders.yamlfile import load_yaml_stream
from overlay_preflight.model import kinds
from overlay_preflight.model.overlay import load_overlay


def test_binary_files_are_skipped_and_counted(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("hello\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "latin1.txt").write_bytes(b"caf\xe9\n")  # text, one byte undecodable
    (tmp_path / "utf16.txt").write_bytes("h\u00e9\n".encode("utf-16"))
    overlay = load_overlay(discover(tmp_path), {kinds.TEXTS})
    assert overlay.texts == {
        "a.txt": "hello\n",
        "latin1.txt": "caf\ufffd\n",
        "utf16.txt": "h\u00e9\n",
    }
    assert overlay.skipped == {"binary": ["logo.png"], "too large": []}
    assert cli.main(["hygiene", str(tmp_path)]) == 0
    assert "skipped 1 binary file(s)" in capsys.readouterr().out


def test_a_yaml_stream_loads_every_document():
    assert load_yaml_stream("a: 1\n---\nb: 2\n", "x.yaml") == [{"a": 1}, {"b": 2}]
