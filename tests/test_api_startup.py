"""`kg serve` on a damaged build: one line naming the file and what to do, exit 2, no
traceback, and nothing listening; the same in a worker process's factory."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from graph.api import server
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent


def _set_model(path: Path, name: str) -> None:
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["model"]["name"] = name
    (path / "manifest.json").write_text(json.dumps(manifest))


DAMAGES = {
    "empty chunks.jsonl": lambda p: (p / "chunks.jsonl").write_bytes(b""),
    "empty index.faiss": lambda p: (p / "index.faiss").write_bytes(b""),
    "truncated index.faiss": lambda p: (p / "index.faiss").write_bytes(
        (p / "index.faiss").read_bytes()[:5000]
    ),
    "manifest not an object": lambda p: (p / "manifest.json").write_text("[1, 2]"),
    "unknown model": lambda p: _set_model(p, "no-such-model"),
    "missing graph.json": lambda p: (p / "graph.json").unlink(),
}


@pytest.fixture(params=sorted(DAMAGES))
def damaged(request, tmp_path, sample_build):
    path = tmp_path / "build"
    shutil.copytree(sample_build, path)
    DAMAGES[request.param](path)
    return request.param, path


def test_serve_refuses_a_damaged_build_in_one_line(damaged):
    _, path = damaged
    port = free_port()
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--build", str(path), "--port", str(port)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.strip().splitlines()  # and so no traceback
    assert line.startswith("error: ") and str(path) in line and "kg ingest" in line
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0  # nothing listens


def test_a_worker_whose_build_is_damaged_stops_in_one_line(damaged, monkeypatch, capsys):
    _, path = damaged
    options = server.ServeOptions(build=str(path), workers=2)
    monkeypatch.setenv(server.OPTIONS_ENV, json.dumps(asdict(options)))
    with pytest.raises(SystemExit) as stop:
        server.create_app_from_env()
    assert stop.value.code == 3  # uvicorn's failed start: the supervisor stops, not respawns
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("error: ") and str(path) in err
