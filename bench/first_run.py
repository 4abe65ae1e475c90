"""What a newcomer waits for: seconds from `make run` in a clone until the first answer.

Runs `make run` in CLONE (a fresh `git clone` measures the first run: no .venv and an
empty embedding cache; run it again for a later run), notes when the venv is set up, the
build written, the server answering and the question box usable, then asks a question in
Debian's Chromium and times it until the first hit is drawn; then a few more questions,
Enter to results. Stops the app when done.

    python bench/first_run.py CLONE [--port 8611] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

QUESTIONS = [
    "how does my function read from a queue",
    "dead letter queue",
    "put a cdn in front of a bucket",
]
# This question's results: the address holds it, the first hit card is drawn, and nothing
# on the page is left from the run before (stale).
ANSWERED = """q => new URLSearchParams(location.search).get('q') === q
    && document.querySelector('.st-key-hit_1 a')
    && !document.querySelector('[data-stale="true"]')"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("clone", type=Path)
    ap.add_argument("--port", type=int, default=8611)
    ap.add_argument("--corpus", help="the slides to build (make's CORPUS)")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    cmd = ["make", "run", f"PORT={args.port}"] + ([f"CORPUS={args.corpus}"] if args.corpus else [])
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def mark(name: str) -> None:
        marks.setdefault(name, round(time.perf_counter() - started, 1))

    make = subprocess.Popen(
        cmd, cwd=args.clone, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for_server(args, make, mark)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--headless", "--no-sandbox"]
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{args.port}")
            box = page.get_by_label("Question or keywords")
            box.wait_for(timeout=120_000)
            mark("box_usable")
            rounds = []
            for question in QUESTIONS:
                box.fill(question)
                t = time.perf_counter()
                box.press("Enter")
                page.wait_for_function(ANSWERED, arg=question, timeout=120_000)
                rounds.append(round((time.perf_counter() - t) * 1000))
                mark("first_answer")
            browser.close()
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)
    print(json.dumps({"bench": "first_run", "seconds_after_make_run": marks,
                      "enter_to_results_ms": rounds}))  # fmt: skip


def _wait_for_server(args, make: subprocess.Popen, mark) -> None:
    """Note each step as its mark appears on disk, until the app answers."""
    while True:
        if (args.clone / ".venv" / ".installed").exists():
            mark("setup_done")
        if (args.clone / "data" / "build" / "manifest.json").exists():
            mark("build_done")
        try:
            url = f"http://127.0.0.1:{args.port}/_stcore/health"
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    mark("server_up")
                    return
        except OSError:
            time.sleep(1)
        if make.poll() is not None:
            raise SystemExit(f"make run exited with {make.returncode}")


if __name__ == "__main__":
    main()
