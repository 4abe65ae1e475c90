"""Load on the HTTP API over loopback: throughput and latency of /search, 8 clients.

Starts `kg serve` on a free 127.0.0.1 port, waits for /health, then runs a bounded number of
requests (default 1,600) from concurrent keep-alive Python clients and stops the server.
Where Debian's `wrk` is installed it first runs the same mix from wrk for --seconds: the
Python clients share the server's two cores, wrk hardly does.

    python bench/api_load.py [--build DIR] [--clients 8] [--requests 1600] [--workers 1]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT.parent / "shared" / "eval" / "dev_queries.jsonl"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def queries() -> list[str]:
    if QUERIES.is_file():
        return [json.loads(x)["query"] for x in QUERIES.read_text().splitlines() if x.strip()]
    return ["dead letter queue", "event source mapping", "bucket policy", "load balancer"]


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


def client(port: int, paths: list[str], latencies: list[float], errors: list[int]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in paths:
        t = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - t) * 1000)
        if response.status != 200:
            errors.append(response.status)


_LUA = """
local qs = {}
for line in io.lines("%s") do table.insert(qs, line) end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/search?k=10&q=" .. qs[(i %% #qs) + 1])
end
"""


def _ms(text: str) -> float:
    value = float(text.rstrip("usm"))
    return (
        value / 1000
        if text.endswith("us")
        else value * 1000
        if text.endswith("s") and not text.endswith("ms")
        else value
    )


def with_wrk(port: int, clients: int, seconds: int) -> dict:
    """The same load from wrk (C, little CPU), so the client does not eat the server's cores."""
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "q.txt"
        qfile.write_text("\n".join(urllib.parse.quote_plus(q) for q in queries()))
        script = Path(tmp) / "q.lua"
        script.write_text(_LUA % qfile)
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", str(script),
             f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        ).stdout  # fmt: skip
    figures = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[:1] == ["50%"]:
            figures["p50_ms"] = round(_ms(parts[1]), 1)
        elif parts[:1] == ["99%"]:
            figures["p99_ms"] = round(_ms(parts[1]), 1)
        elif line.startswith("Requests/sec:"):
            figures["requests_per_s"] = float(parts[1])
        elif "requests in" in line:
            figures["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx"):
            figures["errors"] = int(parts[-1])
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=1600)
    ap.add_argument("--workers", type=int, default=1, help="kg serve --workers")
    ap.add_argument("--seconds", type=int, default=10, help="how long wrk runs, if present")
    args = ap.parse_args()
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--build", args.build, "--port", str(port),
           "--workers", str(args.workers)]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port)
        if shutil.which("wrk"):
            figures = with_wrk(port, args.clients, args.seconds)
            head = {"bench": "api_search_load", "client": "wrk", "clients": args.clients}
            print(json.dumps({**head, "workers": args.workers, **figures}))
        qs = queries()
        paths = [
            "/search?" + urllib.parse.urlencode({"q": qs[i % len(qs)], "k": 10})
            for i in range(args.requests)
        ]
        latencies: list[float] = []
        errors: list[int] = []
        per = [paths[i :: args.clients] for i in range(args.clients)]
        threads = [threading.Thread(target=client, args=(port, p, latencies, errors)) for p in per]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - start
        arr = np.asarray(latencies)
        print(json.dumps({
            "bench": "api_search_load", "client": "python", "clients": args.clients,
            "workers": args.workers,
            "requests": len(latencies),
            "errors": len(errors), "wall_s": round(wall, 2),
            "requests_per_s": round(len(latencies) / wall, 1),
            "p50_ms": round(float(np.percentile(arr, 50)), 1),
            "p99_ms": round(float(np.percentile(arr, 99)), 1),
        }))  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
