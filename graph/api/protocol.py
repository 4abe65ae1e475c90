"""uvicorn's httptools protocol plus what it lacks against slow and oversized clients.

uvicorn restarts its keep-alive timer on every byte received and arms nothing on a new
connection, and httptools takes a request head of any size: a client that sends its head
one byte at a time holds a connection for ever, and one that streams headers fills memory.
Here each request must arrive whole within a deadline, with a bounded head, and a process
holds a bounded number of connections.
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from graph.api.limits import MAX_CONNECTIONS, MAX_HEAD_BYTES, REQUEST_TIMEOUT, RETRY_AFTER_S

__all__ = ["GuardedHttpProtocol"]


class GuardedHttpProtocol(HttpToolsProtocol):
    """A request not received whole within `request_timeout` seconds of its first byte
    (or of the connection opening) answers 408 and closes; a head over `max_head_bytes`
    answers 431 and closes; a connection past `max_connections` open in this process is
    answered 503 at once and closed. Waiting for the application is not counted."""

    def __init__(
        self,
        *args,
        request_timeout: float = REQUEST_TIMEOUT,
        max_head_bytes: int = MAX_HEAD_BYTES,
        max_connections: int = MAX_CONNECTIONS,
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request_timeout = request_timeout
        self.max_head_bytes = max_head_bytes
        self.max_connections = max_connections
        self._deadline: asyncio.TimerHandle | None = None
        self._head_bytes: int | None = None  # counted while a request head is incomplete
        self._receiving = False  # a request has begun and not yet been received whole

    # -- the deadline: armed when a request is awaited, disarmed once it is all in -------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            # Closed now, its file descriptor freed: held to the deadline, a flood of
            # connections would run the process out of descriptors.
            self._refuse(HTTPStatus.SERVICE_UNAVAILABLE)
            return
        self._head_bytes = 0
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._receiving = True
        if self._head_bytes is None:
            self._head_bytes = 0
        if self._deadline is None:
            self._arm()

    def on_headers_complete(self) -> None:
        self._head_bytes = None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._receiving = False
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()  # always: a live timer would keep this connection's objects alive
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._deadline = self.loop.call_later(self.request_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _timed_out(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False  # a pipelined request is late: finish, then close
        elif self._receiving:
            self._refuse(HTTPStatus.REQUEST_TIMEOUT)
        else:
            self.transport.close()  # connected and never sent a byte

    # -- the head's size ------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if self._head_bytes is not None:
            self._head_bytes += len(data)
            if self._head_bytes > self.max_head_bytes:
                self._refuse(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE)
                return
        super().data_received(data)

    def _refuse(self, status: HTTPStatus) -> None:
        self._disarm()
        body = status.phrase.encode()
        retry = b"retry-after: %d\r\n" % RETRY_AFTER_S if status == 503 else b""
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\n%sconnection: close\r\n\r\n%s"
            % (status.value, body, len(body), retry, body)
        )
        self.transport.close()
