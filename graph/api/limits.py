"""The limits the API server enforces, in one place (docs/api.md, "Limits", has the figures).

Plain numbers: `kg --help` shows them without importing the server.
"""

__all__ = [
    "CONCURRENCY",
    "KEEP_ALIVE_S",
    "LOOPBACK_HOSTS",
    "MAX_CONNECTIONS",
    "MAX_HEAD_BYTES",
    "QUEUE_WAIT_S",
    "REQUEST_TIMEOUT",
    "RETRY_AFTER_S",
]

# Host headers always answered: names that only this machine resolves to itself.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# Requests in progress at once per process (answering or waiting for a thread). Eight
# concurrent clients (the load measured since the API exists) never meet it; past it, on
# two cores, throughput stays flat and each extra request in progress only adds latency.
CONCURRENCY = 8
# A request over the limit waits this long for a slot, then answers 503. Without the wait a
# client that retries at once spins the event loop on 503s and starves the searches in
# progress (200 wrk connections: no wait 25-43 answers/s, p99 2.3-4.3 s; a wait of
# 0.1-1 s 31-75 answers/s, p99 0.5-1.4 s).
QUEUE_WAIT_S = 0.25
RETRY_AFTER_S = 1
# Seconds from a request's first byte (or from the connection opening) until it is all in.
REQUEST_TIMEOUT = 10.0
# A request head (request line and headers): the longest /study query (ten 300-character
# targets and 2,000 characters of `known`, each character up to 9 bytes percent-encoded)
# takes about 45 KiB.
MAX_HEAD_BYTES = 64 * 1024
# Open connections per process (an idle one holds about 3 KB: 990 added 2.9 MB); one more
# is answered 503 at once and closed. Lowered to fit the file descriptor limit.
MAX_CONNECTIONS = 10_000
# uvicorn's default: an idle keep-alive connection closes after this many seconds.
KEEP_ALIVE_S = 5
