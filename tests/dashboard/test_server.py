"""`kb dashboard` owns its server: a signal to it stops the Streamlit server (nothing is left running),
and a port in use is refused in one line before anything starts."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from tests import browser
from tests.conftest import REPO


def kb_command() -> str:
    return shutil.which("kb", path=str(Path(sys.executable).parent)) or "kb"


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=lambda s: s.name)
def test_a_signal_to_kb_dashboard_stops_its_server(sig, tmp_path):
    db = tmp_path / "papers.sqlite"
    shutil.copy(REPO / "data" / "papers.sqlite", db)
    port = browser.free_port()
    process = browser.start([kb_command(), "dashboard", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        browser.wait_healthy(f"http://127.0.0.1:{port}", process)
        os.kill(process.pid, sig)  # the process the user started, as `kill PID` or Ctrl-C reach it
        process.wait(20)
        deadline = time.monotonic() + 10
        while listening(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not listening(port), "the server still answers after kb dashboard was stopped"
        assert browser.marked_processes() == [], "kb dashboard left a process running"
        assert process.stderr.read().decode().startswith(f"kb dashboard on http://127.0.0.1:{port} reading ")
    finally:
        browser.stop(process)
        process.stderr.close()


def test_a_port_in_use_is_one_line_and_nothing_starts(tmp_path):
    db = tmp_path / "papers.sqlite"
    shutil.copy(REPO / "data" / "papers.sqlite", db)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(app, ["dashboard", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: port {port} on 127.0.0.1 is in use (another kb dashboard?); stop it or pass "
                             "--port N\n")
    assert result.stdout == ""


def test_a_host_that_is_not_this_machine_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["dashboard", "--host", "192.0.2.1", "--port", str(browser.free_port())])
    assert result.exit_code == 1
    assert result.stderr == "Error: --host 192.0.2.1 is not an address of this machine; use 127.0.0.1\n"
