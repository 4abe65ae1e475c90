"""The concurrency limit: past it a request waits briefly for a slot, then answers 503 with
Retry-After, instead of queueing for seconds; slots are handed over and never leak."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
from fastapi.testclient import TestClient

from graph.api import create_app
from graph.api.guards import ConcurrencyLimit


def _limited(limit: int, wait: float, scenario) -> None:
    """Run `scenario(client, release)` against a ConcurrencyLimit over an app whose answers
    wait until `release` is set; then no slot may be left taken."""

    async def run() -> None:
        release = asyncio.Event()

        async def held(scope, receive, send):
            await release.wait()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})

        limited = ConcurrencyLimit(held, limit=limit, wait=wait)
        transport = httpx.ASGITransport(app=limited)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            await scenario(c, release)
        assert limited.in_progress == 0

    asyncio.run(asyncio.wait_for(run(), 20))


def test_past_the_limit_a_request_gets_503_with_retry_after_after_a_short_wait():
    async def scenario(c, release):
        held = [asyncio.create_task(c.get("/")) for _ in range(2)]
        await asyncio.sleep(0.05)
        start = time.monotonic()
        busy = await c.get("/")
        waited = time.monotonic() - start
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        assert "busy" in busy.json()["detail"]
        assert 0.1 <= waited < 1
        release.set()
        assert [r.status_code for r in await asyncio.gather(*held)] == [200, 200]
        assert (await c.get("/")).status_code == 200

    _limited(2, 0.1, scenario)


def test_a_freed_slot_goes_to_the_request_waiting_for_it():
    async def scenario(c, release):
        first = asyncio.create_task(c.get("/"))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(c.get("/"))
        await asyncio.sleep(0.05)
        start = time.monotonic()
        release.set()
        assert (await first).status_code == 200 and (await second).status_code == 200
        assert time.monotonic() - start < 1

    _limited(1, 5, scenario)


def test_a_waiting_request_that_goes_away_leaks_no_slot():
    async def scenario(c, release):
        first = asyncio.create_task(c.get("/"))
        await asyncio.sleep(0.05)
        gone = asyncio.create_task(c.get("/"))
        await asyncio.sleep(0.05)
        gone.cancel()
        await asyncio.sleep(0)
        release.set()
        assert (await first).status_code == 200
        assert (await c.get("/")).status_code == 200

    _limited(1, 5, scenario)


def test_the_api_answers_503_when_its_searches_fill_the_limit(sample_build, monkeypatch):
    app = create_app(sample_build, warm=False, concurrency=1)
    searcher = app.state.live.current().searcher
    entered, release = threading.Event(), threading.Event()
    search = searcher.search

    def held_search(*args, **kwargs):
        entered.set()
        release.wait(10)
        return search(*args, **kwargs)

    monkeypatch.setattr(searcher, "search", held_search)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        answers = {}
        slow = threading.Thread(target=lambda: answers.update(first=client.get("/search?q=sqs")))
        slow.start()
        assert entered.wait(10)
        busy = client.get("/health")
        release.set()
        slow.join(10)
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "1"
    assert answers["first"].status_code == 200


def test_the_schema_documents_the_503_and_its_retry_after(sample_build):
    with TestClient(create_app(sample_build, warm=False), base_url="http://127.0.0.1") as c:
        paths = c.get("/openapi.json").json()["paths"]
    for path in ("/search", "/study", "/nodes/{name}"):
        busy = paths[path]["get"]["responses"]["503"]
        assert "Retry-After" in busy["headers"]
