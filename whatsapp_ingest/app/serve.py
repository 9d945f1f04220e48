"""Running the web app: a socket on 127.0.0.1 only (a free port unless one is asked for), a secret
token in the address, the browser opened on it, and a quick stop on Ctrl-C or SIGTERM."""

from __future__ import annotations

import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

import uvicorn

from whatsapp_ingest.app.server import create_app

HOST = "127.0.0.1"       # never another interface: the figures are people's data
STOP_WITHIN = 2          # seconds a running request may take to finish after Ctrl-C / SIGTERM


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: a free port chosen by the system). OSError when taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def make_server(folder: Path, sock: socket.socket, token: str | None = None) -> tuple[uvicorn.Server, str]:
    """The server for the programme in `folder` on `sock`, and the address with its token to open."""
    token = token or secrets.token_urlsafe(24)
    port = sock.getsockname()[1]
    app = create_app(folder, token, port)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                            timeout_graceful_shutdown=STOP_WITHIN, timeout_keep_alive=2)
    return uvicorn.Server(config), f"http://{HOST}:{port}/?token={token}"


def serve(folder: Path, port: int = 0, open_browser: bool = True,
          announce: Callable[[str], None] = print) -> None:
    """Serve the programme in `folder` until Ctrl-C or SIGTERM; `announce` gets the address first."""
    sock = bind(port)
    server, url = make_server(folder, sock)
    announce(url)
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
