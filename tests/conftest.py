"""Shared fixtures: one build of our sample notes, and one of the real course slides."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOTES = REPO / "data" / "sample-notes"
CORPUS = REPO.parent / "shared" / "corpus" / "aws-dva-slides.md"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session", autouse=True)
def own_progress_file(tmp_path_factory):
    """No test reads or writes the user's progress file (kg study reads it by default)."""
    with pytest.MonkeyPatch.context() as mp:
        path = tmp_path_factory.mktemp("progress") / "progress.sqlite"
        mp.setenv("KG_PROGRESS", str(path))
        yield path


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("embed-cache")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, cache_dir) -> Path:
    from ingest.build import build

    out = tmp_path_factory.mktemp("sample") / "build"
    build([SAMPLE_NOTES], out, cache_dir=cache_dir)
    return out


@pytest.fixture()
def outdated_build(tmp_path, sample_build) -> Path:
    """A copy of the sample build as an older kg wrote it: BM25 made with other parameters."""
    import json
    import shutil

    copy = tmp_path / "outdated"
    shutil.copytree(sample_build, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["lexical"]["b"] = manifest["lexical"]["b"] + 0.35
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


@pytest.fixture()
def stale_build(tmp_path, sample_build) -> Path:
    """A copy of the sample build as other ingest code made it (another fingerprint)."""
    import json
    import shutil

    copy = tmp_path / "stale"
    shutil.copytree(sample_build, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["ingest"]["fingerprint"] = "0" * 16
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


def write_hostile_notes(notes: Path) -> Path:
    """The sample notes plus a note whose title is markup, written into notes."""
    import shutil

    for src in SAMPLE_NOTES.glob("*.md"):
        shutil.copy(src, notes / src.name)
    (notes / "zz-hostile.md").write_text(
        f"# {HOSTILE}\n\n## Dead letters\n\nMessages that keep failing move from the SQS "
        "queue to a dead letter queue so they stop blocking the consumers.\n\n"
        "## Producers & consumers\n\nOne side sends messages to the SQS queue, the other side "
        "polls the queue, handles each message and deletes it when the work is done.\n"
    )
    return notes


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory, cache_dir) -> Path:
    """The sample notes plus a note whose title is markup: every display must show it as text."""
    from ingest.build import build

    notes = write_hostile_notes(tmp_path_factory.mktemp("hostile-notes"))
    out = tmp_path_factory.mktemp("hostile-build") / "build"
    build([notes], out, cache_dir=cache_dir)
    return out


@pytest.fixture(scope="session")
def corpus_path() -> Path:
    if not CORPUS.is_file():
        if os.environ.get("KG_REQUIRE_CORPUS") == "1":
            pytest.fail(f"KG_REQUIRE_CORPUS=1 but the course slides are missing at {CORPUS}")
        pytest.skip("course slides not found at ../shared/corpus")
    return CORPUS


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory, corpus_path, cache_dir) -> Path:
    from ingest.build import build

    out = tmp_path_factory.mktemp("corpus") / "build"
    build([corpus_path], out, cache_dir=cache_dir)
    return out


@pytest.fixture(scope="session")
def corpus_lines(corpus_path) -> list[str]:
    return corpus_path.read_text(encoding="utf-8").split("\n")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def print_pdf():
    """Print HTML to a PDF with Debian's Chromium: print_pdf(html, path)."""
    import subprocess

    if CHROMIUM is None:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("KG_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium")
        pytest.skip("chromium is not installed")

    def run(html: str, path: Path) -> Path:
        page = path.with_suffix(".html")
        page.write_text(html, encoding="utf-8")
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={path}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        page.unlink()
        return path

    return run
