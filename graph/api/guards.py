"""What a request passes before the API answers it: a Host header the server answers
(against DNS rebinding; Starlette's TrustedHostMiddleware checks it against
`allowed_hosts`) and a free slot under the concurrency limit (else 503, with Retry-After).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
from collections import deque
from collections.abc import Iterable

from starlette.types import ASGIApp, Receive, Scope, Send

from graph.api.limits import CONCURRENCY, LOOPBACK_HOSTS, QUEUE_WAIT_S, RETRY_AFTER_S

__all__ = ["ConcurrencyLimit", "HostNameError", "allowed_hosts", "host_name", "is_loopback"]


class HostNameError(ValueError):
    """A name given to --allow-host that no Host header could carry."""


def host_name(name: str) -> str:
    """A name for --allow-host as Host headers carry it: lower case, an IPv6 address in
    brackets, no port; `*.example.com` allows the subdomains, `*` any host."""
    name = name.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if not name or any(c in name for c in ":/@[] \t"):
            raise HostNameError(f"{name!r} is not a host name (give it without a port)") from None
        if "*" in name and name != "*" and ("*" in name[1:] or not name.startswith("*.")):
            raise HostNameError(f"{name!r}: a wildcard must read like *.example.com") from None
        return name
    return f"[{address}]" if address.version == 6 else str(address)


def allowed_hosts(bind: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The Host names a server bound to `bind` answers: loopback's, the `extra` names, and
    the bound address itself unless it is a wildcard (0.0.0.0, ::) that names no host."""
    names = [*LOOPBACK_HOSTS, *(host_name(h) for h in extra)]
    if not _is_wildcard(bind):
        names.append(host_name(bind))
    return tuple(dict.fromkeys(names))


def _is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return host == ""


def is_loopback(host: str) -> bool:
    """True for an address (or `localhost`) that only this machine can reach."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host.lower() == "localhost"


class ConcurrencyLimit:
    """ASGI middleware: at most `limit` requests in progress. One more waits up to
    `wait` seconds for a slot, first come first served, then answers 503 with Retry-After.

    The short wait keeps a client that retries at once from spinning the event loop on
    503s (which starves the requests in progress of the interpreter); see docs/api.md.
    """

    def __init__(self, app: ASGIApp, limit: int = CONCURRENCY, wait: float = QUEUE_WAIT_S):
        self.app = app
        self.limit = limit
        self.wait = wait
        self.in_progress = 0  # touched only on the event loop: no lock needed
        self._waiting: deque[asyncio.Future[None]] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not await self._enter():
            await _busy(send, self.limit)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._leave()

    async def _enter(self) -> bool:
        if self.in_progress < self.limit and not self._waiting:
            self.in_progress += 1
            return True
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait)
        except TimeoutError:
            pass
        except BaseException:  # cancelled while waiting
            if self._handed(turn):
                self._leave()  # pass on the slot handed over meanwhile
            raise
        return self._handed(turn)

    def _handed(self, turn: asyncio.Future[None]) -> bool:
        """True if a leaving request handed its slot to `turn` (maybe just as time ran out);
        else `turn` leaves the line, which holds only live waiters."""
        if turn.done():
            return True
        self._waiting.remove(turn)
        return False

    def _leave(self) -> None:
        if self._waiting:
            self._waiting.popleft().set_result(None)  # the slot passes on: in_progress stays
        else:
            self.in_progress -= 1


async def _busy(send: Send, limit: int) -> None:
    # The shape of every other error body: {"detail", "suggestions"}.
    detail = f"busy: {limit} requests in progress; retry in {RETRY_AFTER_S} s"
    body = json.dumps({"detail": detail, "suggestions": []}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(RETRY_AFTER_S).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})
