"""The fake API servers never write into what a test captures: a client that hangs up, a
broken request or a dropped keep-alive connection is logged (through ``logging``), never
printed to stderr, where it would land in the output of the command a test checks."""

from __future__ import annotations

import logging
import socket
import struct
import time

import pytest
import requests

from pulso.sandbox.fake_disqus import FakeDisqus
from pulso.sandbox.fake_graph import FakeGraph
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.server import Fault

FAKES = {"graph": FakeGraph, "x": FakeX, "disqus": FakeDisqus}


def _raw(server, data: bytes, *, reset: bool) -> None:
    host, port = server._server.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(data)
        if reset:  # close with a RST, as a killed client does
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.recv(65536)


@pytest.mark.parametrize("name", sorted(FAKES))
def test_clients_that_hang_up_or_misbehave_leave_stderr_empty(name, capfd, caplog):
    caplog.set_level(logging.DEBUG, logger="pulso.sandbox.server")
    with FAKES[name]() as server:
        url = server.url
        # A client that gives up before the answer (its timeout) and goes away.
        server.inject(Fault(kind="delay", seconds=0.5))
        with pytest.raises(requests.Timeout):
            requests.get(url + "/anything", timeout=0.05)
        # A keep-alive connection reset while the server waits for its next request.
        _raw(server, b"GET /x HTTP/1.1\r\nHost: t\r\n\r\n", reset=False)
        _raw(server, b"GET /x HTTP/1.1\r\nHost: t\r\n\r\nGET /y HTTP/1.1\r\n", reset=True)
        # A request the server cannot read at all.
        _raw(server, b"POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: many\r\n\r\n", reset=True)
        time.sleep(0.8)  # the delayed answer is written to the closed socket meanwhile
    out, err = capfd.readouterr()
    assert err == "" and out == ""
    # What happened is in the log, for whoever wants it.
    assert any(r.name == "pulso.sandbox.server" for r in caplog.records)
