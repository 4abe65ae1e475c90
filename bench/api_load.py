"""The HTTP API under load and under hostile clients, over loopback only.

Starts `kg serve` on a free 127.0.0.1 port and, for each number of --clients, runs /search
for --seconds: first from Debian's `wrk` where installed (C, little CPU; it retries a 503 at
once, as a hammering client would), then from Python asyncio clients that keep their
connection alive and wait out a 503's Retry-After, as a polite client would. Then three
probes: a hostile Host header, an oversized request head, and --slow connections that send
their head one byte every half second while a normal client keeps asking /health.
Everything is bounded in time and count; figures go to stdout as JSON lines.

    python bench/api_load.py [--build DIR] [--clients 8 200] [--seconds 10] [--workers 1]
        [--slow 200] [--slow-seconds 15] [--serve-arg=--concurrency=8 ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT.parent / "shared" / "eval" / "dev_queries.jsonl"
MAX_REQUESTS = 200_000  # a hard cap on any one run, whatever the server does


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries() -> list[str]:
    if QUERIES.is_file():
        return [json.loads(x)["query"] for x in QUERIES.read_text().splitlines() if x.strip()]
    return ["dead letter queue", "event source mapping", "bucket policy", "load balancer"]


def search_paths() -> list[str]:
    return ["/search?" + urllib.parse.urlencode({"q": q, "k": 10}) for q in queries()]


def report(name: str, **figures) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def wait_ready(port: int, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the API did not come up")


# -- wrk ----------------------------------------------------------------------------------
_LUA = """
local qs = {}
for line in io.lines("%s") do table.insert(qs, line) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", qs[(i %% #qs) + 1])
end
"""


def _ms(text: str) -> float:
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
    unit = next(u for u in ("us", "ms", "s", "m") if text.endswith(u))
    return float(text[: -len(unit)]) * scale[unit]


def with_wrk(port: int, clients: int, seconds: int) -> dict:
    """wrk's own figures: its latency covers every answer (503s included)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = Path(tmp) / "paths.txt"
        paths.write_text("\n".join(search_paths()))
        script = Path(tmp) / "q.lua"
        script.write_text(_LUA % paths)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "--latency",
             "-s", str(script), f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    figures: dict = {"non_2xx": 0, "socket_errors": {}}
    for line in out.splitlines():
        parts = line.split()
        if parts[:1] in (["50%"], ["99%"]):
            figures[f"p{parts[0][:-1]}_ms"] = round(_ms(parts[1]), 1)
        elif line.startswith("Requests/sec:"):
            figures["requests_per_s"] = float(parts[1])
        elif "requests in" in line:
            figures["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx"):
            figures["non_2xx"] = int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            pairs = line.split(":", 1)[1].split(",")
            figures["socket_errors"] = {p.split()[0]: int(p.split()[1]) for p in pairs}
    if "requests" in figures:
        figures["ok_per_s"] = round((figures["requests"] - figures["non_2xx"]) / seconds, 1)
    return figures


# -- polite Python clients ----------------------------------------------------------------
@dataclass
class Tally:
    """What a run of clients saw: latency per status, resets, and the 503s' Retry-After."""

    latencies: dict[int, list[float]] = field(default_factory=dict)
    resets: int = 0
    retry_after_missing: int = 0
    sent: int = 0

    def add(self, status: int, ms: float) -> None:
        self.latencies.setdefault(status, []).append(ms)

    def figures(self, wall: float) -> dict:
        ok = self.latencies.get(200, [])
        busy = self.latencies.get(503, [])
        out = {
            "statuses": dict(Counter({s: len(v) for s, v in self.latencies.items()})),
            "resets": self.resets,
            "ok_per_s": round(len(ok) / wall, 1),
        }
        if ok:
            out |= {"ok_p50_ms": _pct(ok, 50), "ok_p99_ms": _pct(ok, 99)}
        if busy:
            out |= {"busy_p99_ms": _pct(busy, 99), "retry_after_missing": self.retry_after_missing}
        return out


def _pct(values: list[float], p: float) -> float:
    return round(float(np.percentile(np.asarray(values), p)), 1)


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    """Status and headers of one HTTP/1.1 response; its body (Content-Length) is skipped."""
    status_line = await reader.readuntil(b"\r\n")
    status = int(status_line.split()[1])
    headers = {}
    while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    await reader.readexactly(int(headers.get("content-length", 0)))
    return status, headers


async def polite_client(port: int, paths: list[str], tally: Tally, stop_at: float) -> None:
    writer = None
    i = 0
    while time.monotonic() < stop_at and tally.sent < MAX_REQUESTS:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            request = f"GET {paths[i % len(paths)]} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
            i += 1
            tally.sent += 1
            start = time.perf_counter()
            writer.write(request.encode())
            status, headers = await asyncio.wait_for(read_response(reader), 60)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            tally.resets += 1
            writer = _close(writer)
            continue
        tally.add(status, (time.perf_counter() - start) * 1000)
        if headers.get("connection") == "close":
            writer = _close(writer)
        if status == 503:
            tally.retry_after_missing += "retry-after" not in headers
            await asyncio.sleep(min(float(headers.get("retry-after", 1)), 5))


def _close(writer: asyncio.StreamWriter | None) -> None:
    if writer is not None:
        writer.close()


async def polite_load(port: int, clients: int, seconds: float) -> dict:
    tally = Tally()
    paths = search_paths()
    start = time.monotonic()
    stop_at = start + seconds
    await asyncio.gather(
        *(polite_client(port, paths[i:] + paths[:i], tally, stop_at) for i in range(clients))
    )
    return tally.figures(time.monotonic() - start)


# -- hostile probes -------------------------------------------------------------------------
def host_probe(port: int) -> dict:
    """The status of /health under a rebinding attacker's Host header, and under loopback's."""
    out = {}
    for host in ("rebind.attacker.example", f"localhost:{port}", f"[::1]:{port}"):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.putrequest("GET", "/health", skip_host=True)
        conn.putheader("Host", host)
        conn.endheaders()
        out[host.split(":")[0] if "[" not in host else "[::1]"] = conn.getresponse().status
        conn.close()
    return out


def huge_head_probe(port: int, size: int = 4 << 20) -> dict:
    """Send a 4 MiB request head as fast as loopback takes it: accepted, refused, or cut?"""
    head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * size + b"\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        try:
            s.sendall(head)
            answer = s.recv(200).split(b"\r\n", 1)[0].decode("latin-1")
        except OSError as exc:
            answer = f"connection {type(exc).__name__}"
    return {"head_bytes": len(head), "answer": answer or "closed without an answer"}


async def slow_probe(port: int, connections: int, seconds: float) -> dict:
    """Connections that trickle their head byte by byte, and a normal client meanwhile."""
    opened = time.monotonic()
    closed_after: list[float] = []

    async def trickle() -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            closed_after.append(0.0)
            return
        head = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 10_000
        for byte in head:
            if time.monotonic() - opened > seconds:
                break
            writer.write(bytes([byte]))
            try:
                await asyncio.wait_for(reader.read(1), 0.5)
            except TimeoutError:
                continue  # still held: send the next byte
            except OSError:
                pass
            closed_after.append(time.monotonic() - opened)  # answered or closed: let go
            break
        writer.close()

    async def normal() -> list[float | None]:
        seen: list[float | None] = []
        while time.monotonic() - opened < seconds:
            start = time.perf_counter()
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(f"GET /health HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
                status, _ = await asyncio.wait_for(read_response(reader), 5)
                writer.close()
                seen.append((time.perf_counter() - start) * 1000 if status == 200 else None)
            except (OSError, asyncio.IncompleteReadError, TimeoutError):
                seen.append(None)
            await asyncio.sleep(0.5)
        return seen

    async def bounded_trickle() -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(trickle(), seconds + 2)

    results = await asyncio.gather(normal(), *(bounded_trickle() for _ in range(connections)))
    seen = results[0]
    ok = [x for x in seen if x is not None]
    return {
        "connections": connections,
        "seconds": seconds,
        "held_to_the_end": connections - len(closed_after),
        "closed_by_server_median_s": _pct(closed_after, 50) if closed_after else None,
        "normal_client_ok": f"{len(ok)}/{len(seen)}",
        "normal_client_p50_ms": _pct(ok, 50) if ok else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--clients", type=int, nargs="+", default=[8, 200])
    ap.add_argument("--seconds", type=int, default=10, help="how long each load runs")
    ap.add_argument("--workers", type=int, default=1, help="kg serve --workers")
    ap.add_argument("--slow", type=int, default=200, help="slow connections in the probe")
    ap.add_argument("--slow-seconds", type=float, default=15)
    ap.add_argument("--no-wrk", action="store_true", help="skip wrk even where installed")
    ap.add_argument("--no-probes", action="store_true")
    ap.add_argument("--serve-arg", action="append", default=[], help="passed to kg serve")
    args = ap.parse_args()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--build", args.build, "--port", str(port),
           "--workers", str(args.workers), *args.serve_arg]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    head = {"workers": args.workers, "serve_args": args.serve_arg}
    try:
        wait_ready(port)
        for clients in args.clients:
            if shutil.which("wrk") and not args.no_wrk:
                figures = with_wrk(port, clients, args.seconds)
                report("api_search_load", client="wrk", clients=clients, **head, **figures)
            figures = asyncio.run(polite_load(port, clients, args.seconds))
            report("api_search_load", client="python", clients=clients, **head, **figures)
        if not args.no_probes:
            report("api_host_header", **host_probe(port))
            report("api_huge_head", **huge_head_probe(port))
            slow = asyncio.run(slow_probe(port, args.slow, args.slow_seconds))
            report("api_slow_clients", **slow)
            report("api_after_probes", health=host_probe(port)["localhost"])
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
