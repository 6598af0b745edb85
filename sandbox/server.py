"""A small threaded HTTP server for fake platform APIs, with fault injection.

Each fake (Graph API, X API v2, Disqus) subclasses ``FakeAPI`` and implements ``handle``;
the base class serves it on 127.0.0.1 on a free port, counts requests, and can inject
faults before the real handler runs: an HTTP status with a body and headers, a delay
(client timeout), a dropped connection, malformed or truncated JSON.

The same fakes serve the tests and the demo's sandbox, so both speak one wire format.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger("pulso.sandbox.server")
# Through logging only, and never to stderr when nobody listens: a fake's messages must not
# land in what a test captures and asserts on (the output of the command it runs).
log.addHandler(logging.NullHandler())


class _QuietServer(ThreadingHTTPServer):
    """``ThreadingHTTPServer`` whose request errors go to the log, not to stderr.

    socketserver prints "Exception occurred during processing of request" and a traceback
    to ``sys.stderr`` for any error in a request thread, typically a client that hung up
    (a timeout the test provoked, a retry): that is the client's business, logged at debug;
    anything else is a warning with its traceback, in the log."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            log.debug("fake server: client %s went away (%s)", client_address, error)
        else:
            log.warning("fake server: error answering %s", client_address, exc_info=True)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8")).items()}


@dataclass
class Response:
    status: int = 200
    body: Any = None  # JSON-serialisable, or bytes sent as is
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """What to do instead of (or before) answering a matching request.

    kind: "status" (answer ``status`` with ``body``/``headers``), "delay" (sleep ``seconds``
    then answer normally), "reset" (close the connection without answering), "malformed"
    (send invalid JSON), "truncated" (send half of the real answer).
    ``path`` limits it to requests whose path contains that text.
    """

    kind: str = "status"
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    path: str | None = None
    times: int = 1


class FakeAPI:
    """Subclass and implement ``handle(request) -> Response``."""

    def __init__(self) -> None:
        self.faults: deque[Fault] = deque()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- to implement -------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        raise NotImplementedError

    # -- lifecycle -----------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, host: str = "127.0.0.1", port: int = 0) -> FakeAPI:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            # Headers and body leave in two writes; without TCP_NODELAY the body waits for
            # the client's delayed ACK (about 40 ms a request on Linux loopback).
            disable_nagle_algorithm = True

            def log_message(self, *args) -> None:
                pass  # request lines carry query strings, tokens included: never logged

            def log_error(self, _format: str, *args) -> None:
                log.debug("fake server: could not answer (%s)", args[0] if args else "?")

            def _serve(self) -> None:
                api._dispatch(self)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self._server = _QuietServer((host, port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeAPI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- faults --------------------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        with self._lock:
            self.faults.append(fault)

    def request_count(self, path_contains: str = "") -> int:
        with self._lock:
            return sum(1 for r in self.requests if path_contains in r.path)

    def _take_fault(self, request: Request) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.path is None or fault.path in request.path:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    # -- plumbing ------------------------------------------------------------------------

    def _dispatch(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        request = Request(handler.command, parts.path, query, dict(handler.headers), body)
        with self._lock:
            self.requests.append(request)
        fault = self._take_fault(request)
        if fault is not None and fault.kind == "reset":
            handler.close_connection = True
            handler.connection.close()
            return
        if fault is not None and fault.kind == "delay":
            time.sleep(fault.seconds)
        if fault is not None and fault.kind == "status":
            self._send(handler, Response(fault.status, fault.body, dict(fault.headers)))
            return
        try:
            response = self.handle(request)
        except Exception as exc:  # a bug in a fake must be visible, not a hang
            response = Response(500, {"error": f"fake server error: {exc!r}"})
        if fault is not None and fault.kind == "malformed":
            response = Response(response.status, b'{"data": [', response.headers)
        if fault is not None and fault.kind == "truncated":
            raw = _encode(response.body)
            response = Response(response.status, raw[: max(1, len(raw) // 2)], response.headers)
        self._send(handler, response)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, response: Response) -> None:
        raw = _encode(response.body)
        handler.send_response(response.status)
        headers = {"Content-Type": "application/json; charset=UTF-8", **response.headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)


def _encode(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
