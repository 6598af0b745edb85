"""A real uvicorn server in a thread, for browser tests."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager

import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(app):
    port = free_port()
    server = uvicorn.Server(
        # log_config=None: uvicorn logs through logging as it is, instead of installing a
        # handler bound to this test's stderr (a later test would find its messages, or
        # "--- Logging error ---" for a closed stream, in the output it checks).
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", log_config=None
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
