"""A new build written to the served path is picked up between requests, loaded once, without
a restart; a damaged one is refused in one log line and the previous build keeps serving."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.api import create_app
from graph.api import engine as engine_module
from tests.conftest import SAMPLE_NOTES


@pytest.fixture()
def served(tmp_path, sample_build):
    """A copy of the sample build, served by the API in this process."""
    path = tmp_path / "build"
    shutil.copytree(sample_build, path)
    with TestClient(create_app(path, warm=False), base_url="http://127.0.0.1") as client:
        yield path, client


def _chunks(client) -> int:
    return client.get("/health").json()["counts"]["chunks"]


def _until(condition, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _replace_manifest(path, manifest) -> None:
    """Swap in another manifest.json, as a new build's swap does (a new file, a new inode)."""
    tmp = path / "manifest.json.new"
    tmp.write_text(json.dumps(manifest))
    os.replace(tmp, path / "manifest.json")


def test_a_new_build_at_the_same_path_is_served_without_a_restart(served, tmp_path, cache_dir):
    from ingest.build import build

    path, client = served
    before = _chunks(client)
    notes = tmp_path / "fewer-notes"
    notes.mkdir()
    for note in sorted(SAMPLE_NOTES.glob("*.md"))[:3]:
        shutil.copy(note, notes / note.name)
    build([notes], path, cache_dir=cache_dir)  # ingest's own swap into the served path
    assert _until(lambda: _chunks(client) != before), "the new build was never picked up"
    after = _chunks(client)
    assert 0 < after < before
    hits = client.get("/search", params={"q": "queue", "k": 100}).json()
    assert {Path(h["source"]).name for h in hits} <= {n.name for n in notes.iterdir()}


def test_a_new_build_is_loaded_once_however_many_requests_see_it(served, monkeypatch):
    path, client = served
    opened = []
    real_open = engine_module.open_engine
    monkeypatch.setattr(
        engine_module, "open_engine", lambda *a, **k: opened.append(1) or real_open(*a, **k)
    )
    manifest = json.loads((path / "manifest.json").read_text())
    _replace_manifest(path, manifest)  # the same build, swapped in anew
    for _ in range(30):
        assert client.get("/health").status_code == 200
    assert _until(lambda: not client.app.state.live._loading and len(opened) == 1)
    for _ in range(10):
        client.get("/health")
    assert len(opened) == 1


@pytest.fixture()
def server_log(caplog):
    """The records of the server's log (uvicorn's config may stop them reaching the root)."""
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.WARNING, logger="uvicorn.error")
    yield caplog
    logger.removeHandler(caplog.handler)


def test_a_damaged_new_build_keeps_the_old_one_serving_and_logs_once(served, server_log):
    path, client = served
    before = _chunks(client)
    _replace_manifest(path, ["not", "a", "manifest"])

    def refusals():  # distinct records: the root logger may pass them on to caplog too
        return list(
            {id(r): r for r in server_log.records if "not loaded" in r.getMessage()}.values()
        )

    for _ in range(5):
        assert _chunks(client) == before
    assert _until(lambda: refusals() != [] and _chunks(client) == before)
    for _ in range(20):
        assert _chunks(client) == before
    (line,) = refusals()
    message = line.getMessage()
    assert "\n" not in message and str(path) in message and "manifest.json" in message
    assert "still serving the previous one" in message
