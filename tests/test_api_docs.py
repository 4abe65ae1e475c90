"""/docs and /redoc work offline: every script, style sheet and icon comes from the server
itself, and the page draws the endpoints in a browser that may reach nothing else."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.api import create_app
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).resolve().parent / "output" / "browser"


@pytest.fixture(scope="module")
def client(sample_build):
    with TestClient(create_app(sample_build, warm=False), base_url="http://127.0.0.1") as c:
        yield c


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_nothing_from_another_host(client, page):
    html = client.get(page).text
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert assets and all(a.startswith("/") for a in assets), assets
    assert "cdn." not in html and "fonts.googleapis" not in html
    for asset in assets:
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 1000, asset


@pytest.mark.browser
def test_swagger_ui_draws_the_endpoints_with_no_network(sample_build):
    if not CHROMIUM:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("KG_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    port = free_port()
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--build", str(sample_build),
           "--port", str(port)]  # fmt: skip
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/health", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "no server"
                time.sleep(0.2)
        foreign: list[str] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page()

            def only_loopback(route):
                if route.request.url.startswith(url):
                    route.continue_()
                else:  # as offline: nothing beyond this machine answers
                    foreign.append(route.request.url)
                    route.abort()

            page.route("**/*", only_loopback)
            page.goto(f"{url}/docs")
            page.locator(".opblock-summary-path", has_text="/search").first.wait_for(timeout=30_000)
            OUTPUT.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUTPUT / "api-docs-offline.png"), full_page=False)
            browser.close()
        assert foreign == []
    finally:
        server.terminate()
        server.wait(timeout=30)
