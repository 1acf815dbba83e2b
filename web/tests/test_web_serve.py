"""``pixcore serve``: the subcommand, dev mode refused off loopback, a real start in dev mode."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from pixcore_web.config import WebConfig
from pixcore_web.errors import MESSAGES, DevModeError
from pixcore_web.serve import is_loopback

from pixcore.cli.app import main

HERE = Path(__file__).parent


@pytest.mark.parametrize(("host", "expected"), [
    ("127.0.0.1", True), ("127.9.8.7", True), ("::1", True), ("[::1]", True),
    ("localhost", True), ("LOCALHOST", True), ("0.0.0.0", False), ("::", False),
    ("192.168.1.10", False), ("ecole.example", False), ("", False),
])  # fmt: skip
def test_is_loopback(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_serve_is_a_pixcore_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--dev" in out and "--store" in out and "boucle locale" in out


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.10", "::"])
def test_dev_mode_is_refused_off_loopback(address: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["serve", "--dev", "--host", address, "--port", "8765"])
    err = capsys.readouterr().err
    assert code != 0
    assert "WEB_DEV_NOT_LOOPBACK" in err and "boucle locale" in err
    assert "MODE DÉVELOPPEMENT" not in err  # refused before anything starts


def test_production_needs_a_secret_key(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.delenv("PIXCORE_WEB_SECRET_KEY", raising=False)
    code = main(["serve", "--store", str(tmp_path / "s.db"), "--port", "8765"])
    assert code != 0
    assert "WEB_SECRET_KEY_MISSING" in capsys.readouterr().err
    with pytest.raises(DevModeError):
        WebConfig(secret_key=b"x" * 31, referent_secret="r" * 12, jury_secret="j" * 12)
    with pytest.raises(DevModeError):
        WebConfig(secret_key=b"x" * 32, referent_secret="court", jury_secret="j" * 12)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_dev_starts_with_a_loud_banner(tmp_path: Path) -> None:
    """``pixcore serve --dev`` on a fresh folder: banner, codes, a page with the banner."""
    port = _free_port()
    pixcore = Path(sys.executable).parent / "pixcore"
    process = subprocess.Popen(
        [str(pixcore), "serve", "--dev", "--port", str(port)], cwd=tmp_path,
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip
    try:
        assert process.stderr is not None
        lines: list[str] = []
        deadline = time.monotonic() + 60
        while not any("pixcore serve : http://" in line for line in lines):
            assert time.monotonic() < deadline, lines
            line = process.stderr.readline()
            assert line, f"the server stopped: {lines}"
            lines.append(line)
        text = "".join(lines)
        assert "MODE DÉVELOPPEMENT (--dev) : NE PAS UTILISER EN PRODUCTION" in text
        assert re.search(r"code référent : \S{12,}", text)
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "MODE DÉVELOPPEMENT" in page and "Je surveille une session" in page
        assert (tmp_path / "pixcore-web.db").exists()  # the embedded SQLite store
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr is not None:
            process.stderr.close()


def test_every_code_raised_has_both_messages() -> None:
    source = "\n".join(p.read_text() for p in (HERE.parent / "pixcore_web").glob("*.py"))
    codes = set(re.findall(r'Error\(\s*"([A-Z_]+)"', source))
    defaults = set(re.findall(r'default_code = "([A-Z_]+)"', source))
    assert {"WEB_FORM_INVALID", "WEB_DEV_NOT_LOOPBACK", "WEB_CSRF_INVALID"} <= codes | defaults
    assert codes | defaults <= set(MESSAGES), (codes | defaults) - set(MESSAGES)
    for french, english in MESSAGES.values():
        assert french and english and french != english
