"""How ``pulso serve`` runs uvicorn.

``freeze_startup_heap`` takes what a worker built at start-up out of the garbage
collector's full collections (see there).

``NoDelayHTTP`` is uvicorn's own HTTP protocol (httptools when installed, else h11) that
turns Nagle's algorithm off on every connection. asyncio does that itself only for sockets
that report ``IPPROTO_TCP``, and the listening socket uvicorn binds for several worker
processes reports 0 (uvicorn issue #3149): each keep-alive request after the first then
waited about 40 ms for the client's delayed ACK.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

HTTP_PROTOCOL = "pulso.web.serving:NoDelayHTTP"


def no_delay(transport: asyncio.BaseTransport) -> None:
    """Send small writes at once on a TCP connection (``TCP_NODELAY``)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):  # the peer already went away
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class NoDelayHTTP(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        no_delay(transport)
        super().connection_made(transport)


def freeze_startup_heap() -> None:
    """Move every object alive once a worker has started (its modules, the app, the message
    catalogue: about 200,000 objects) out of the garbage collector's full collections.

    Those collections walk every tracked object. Under load a worker ran 4 or 5 of them per
    ``bench_service`` endpoint, 110 to 170 ms each, and every request of that worker waited
    for them: the review queue's p95 was 266 ms with them and 139 ms with the start-up
    objects frozen (their pauses fell to 10 ms at most), at a third less CPU per request.
    ``gc.freeze`` is what Python's documentation suggests for pre-fork servers; objects
    made later are collected as before."""
    gc.collect()
    gc.freeze()
