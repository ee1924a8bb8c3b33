"""Starting the dashboard's server for `kb dashboard`: the port is checked first, then this process
becomes the Streamlit server (exec), so a signal to `kb dashboard` (SIGTERM, SIGHUP, Ctrl-C, even
SIGKILL) reaches the server itself and no orphan is left behind."""

from __future__ import annotations

import errno
import os
import socket
import sys

from dashboard import APP
from kb.errors import KbError


def streamlit_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.address", host, "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
            "--global.developmentMode", "false", "--client.toolbarMode", "viewer"]


def check_port(host: str, port: int) -> None:
    """Refuse, in one line, a port another program listens on (or one this user may not use), before anything
    starts. Binds as the server will (SO_REUSEADDR, every address the host name has) and lets go at once."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise KbError(f"--host {host}: no such address on this machine ({exc.strerror})") from None
    for family, kind, proto, _, address in addresses:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise KbError(f"port {port} on {host} is in use (another kb dashboard?); stop it or pass "
                                  f"--port N") from None
                if exc.errno == errno.EACCES:
                    raise KbError(f"port {port} on {host} needs privileges this user lacks; pass --port 1024 or "
                                  "above") from None
                if exc.errno == errno.EADDRNOTAVAIL:
                    raise KbError(f"--host {host} is not an address of this machine; use 127.0.0.1") from None
                raise


def become_server(host: str, port: int, database_url: str) -> None:
    """Replace this process with the Streamlit server reading `database_url` (never returns)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, streamlit_command(host, port), {**os.environ, "KB_DATABASE_URL": database_url})
