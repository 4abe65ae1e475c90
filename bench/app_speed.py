"""How fast the app is for a person: start to a usable page, and question to results.

Starts `kg app` on a free loopback port over a build and drives Debian's Chromium with
Playwright: seconds from process start until the search box is visible, and milliseconds
from pressing Enter until the first result shows (the full round trip: the rerun, the
search and the drawing), over a few questions.

    python bench/app_speed.py [--build DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "how does my function read from a queue",
    "dead letter queue",
    "put a cdn in front of a bucket",
    "encrypt a log group with my own key",
    "blue green deployment",
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "graph.cli", "app", "--build", args.build, "--port", str(port)]
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    server = None
    try:
        with sync_playwright() as p:
            # The browser starts first: the figure is the app's start, not Chromium's.
            browser = p.chromium.launch(executable_path=chromium, args=flags)
            page = browser.new_page()
            started = time.perf_counter()
            server = subprocess.Popen(
                cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=5000)
                    break
                except Exception:  # not listening yet
                    if time.perf_counter() - started > 120:
                        raise SystemExit("the app did not start") from None
                    time.sleep(0.05)
            box = page.get_by_label("Question or keywords")
            box.wait_for(timeout=60_000)
            usable = time.perf_counter() - started
            rounds = []
            for q in QUESTIONS:
                box.fill(q)
                t = time.perf_counter()
                box.press("Enter")
                # This question's results: the address holds it, the first hit card is
                # drawn, and nothing on the page is left from the run before (stale).
                page.wait_for_function(
                    """q => new URLSearchParams(location.search).get('q') === q
                        && document.querySelector('.st-key-hit_1 a')
                        && !document.querySelector('[data-stale="true"]')""",
                    arg=q,
                    timeout=30_000,
                )
                rounds.append((time.perf_counter() - t) * 1000)
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    print(json.dumps({
        "bench": "app_speed", "first_page_usable_s": round(usable, 2),
        "question_to_results_ms_median": round(statistics.median(rounds), 1),
        "question_to_results_ms_max": round(max(rounds), 1),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
