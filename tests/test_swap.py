"""A new build replaces the old one with no moment where none exists; crashes are mended."""

import os
import random
import signal
import subprocess
import sys
import time

import pytest

import ingest.swap as swap
from graph.store import load_build
from ingest.build import build
from tests.conftest import SAMPLE_NOTES

NOTE = SAMPLE_NOTES / "13-sqs.md"


def _two_builds(tmp_path, cache_dir):
    out = tmp_path / "build"
    build([NOTE], out, cache_dir=cache_dir)
    return out, (out / "manifest.json").read_text()


def test_the_swap_exchanges_old_and_new_in_one_step(tmp_path, cache_dir, monkeypatch):
    out, first = _two_builds(tmp_path, cache_dir)
    renames = []
    monkeypatch.setattr(swap.os, "rename", lambda *a: renames.append(a))
    build([SAMPLE_NOTES / "14-sns.md"], out, cache_dir=cache_dir)
    assert renames == []  # no rename dance: one exchange
    assert (out / "manifest.json").read_text() != first
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]


def test_a_crash_between_two_renames_is_mended_by_the_next_reader(tmp_path, cache_dir, monkeypatch):
    out, first = _two_builds(tmp_path, cache_dir)
    monkeypatch.setattr(swap, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def dies_on_the_second(src, dst):
        calls.append(src)
        if len(calls) == 2:
            raise KeyboardInterrupt  # the process is gone between the two renames
        real_rename(src, dst)

    monkeypatch.setattr(swap.os, "rename", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        build([SAMPLE_NOTES / "14-sns.md"], out, cache_dir=cache_dir)
    monkeypatch.setattr(swap.os, "rename", real_rename)
    assert not out.exists()  # the window the exchange closes
    assert load_build(out).chunks  # the reader puts the old build back
    assert (out / "manifest.json").read_text() == first
    assert not list(tmp_path.glob(".build.old-*"))


def test_the_next_ingest_removes_what_dead_writers_left(tmp_path, cache_dir):
    out, _ = _two_builds(tmp_path, cache_dir)
    for name in (".build.tmp-dead1", ".build.old-99999", ".other.tmp-keep"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "x").write_text("x")
    build([NOTE], out, cache_dir=cache_dir)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".build.lock", ".other.tmp-keep", "build"]


def test_killing_ingest_at_random_moments_always_leaves_a_build(tmp_path):
    """Fault injection: kill -9 a real `kg ingest` at seeded random moments (bounded)."""
    out = tmp_path / "build"
    kg = [sys.executable, "-m", "graph.cli", "ingest", str(SAMPLE_NOTES), "--out", str(out), "-q"]
    subprocess.run([*kg, "--no-cache"], check=True, capture_output=True, timeout=300)
    rng = random.Random(2026)
    started = time.perf_counter()
    subprocess.run(kg, check=True, capture_output=True, timeout=300)
    full = time.perf_counter() - started
    for _ in range(8):
        proc = subprocess.Popen([*kg, "--no-cache"], stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, full + 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        assert load_build(out).chunks
    subprocess.run(kg, check=True, capture_output=True, timeout=300)
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name or ".old-" in p.name]
