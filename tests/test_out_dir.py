"""`--out` accepts a missing or empty folder or an existing build, and nothing else."""

import os

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import load_build
from ingest.build import build
from ingest.outdir import OutRefused
from tests.conftest import SAMPLE_NOTES

NOTE = SAMPLE_NOTES / "13-sqs.md"


@pytest.fixture()
def notes(tmp_path):
    """A user's notes folder with something that is not notes beside them."""
    folder = tmp_path / "victim" / "notes"
    folder.mkdir(parents=True)
    (folder / "sqs.md").write_text(NOTE.read_text())
    (folder / "thesis.docx").write_bytes(b"PK\x03\x04 not ours")
    return folder


def _snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _ingest(*args):
    return CliRunner().invoke(cli, ["ingest", *map(str, args)], catch_exceptions=False)


@pytest.mark.parametrize(
    "where, message",
    [
        (lambda n: n, "inside the notes"),
        (lambda n: n / "build", "inside the notes"),
        (lambda n: n.parent, "inside the notes"),
        (lambda n: n / ".." / "notes", "inside the notes"),
    ],
    ids=["the notes", "under the notes", "above the notes", "the notes spelt otherwise"],
)
def test_the_notes_are_never_a_build_directory(notes, where, message):
    before = _snapshot(notes.parent)
    result = _ingest(notes, "--out", where(notes))
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert _snapshot(notes.parent) == before


def test_a_folder_holding_other_files_is_refused(tmp_path, notes):
    other = tmp_path / "papers"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"mine")
    result = _ingest(notes, "--out", other)
    assert result.exit_code == 2 and "no kg build" in result.output
    assert (other / "thesis.docx").read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers", "victim"]  # no lock file


def test_the_current_directory_and_a_file_are_refused(tmp_path, notes, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    result = _ingest(notes, "--out", ".")
    assert result.exit_code == 2 and "in use" in result.output
    result = _ingest(notes, "--out", tmp_path)  # above the current directory
    assert result.exit_code == 2
    a_file = tmp_path / "f.txt"
    a_file.write_text("keep")
    result = _ingest(notes, "--out", a_file)
    assert result.exit_code == 2 and "is a file" in result.output
    assert a_file.read_text() == "keep"
    assert not list(tmp_path.glob(".*.lock"))


def test_missing_empty_and_existing_builds_are_written(tmp_path, cache_dir):
    missing, empty = tmp_path / "a" / "new", tmp_path / "empty"
    empty.mkdir()
    for out in (missing, empty, missing):  # the last one replaces an existing build
        build([NOTE], out, cache_dir=cache_dir)
        assert load_build(out).chunks


def test_a_link_to_the_notes_is_the_notes(tmp_path, notes):
    link = tmp_path / "link"
    os.symlink(notes, link)
    with pytest.raises(OutRefused, match="inside the notes"):
        build([notes], link)
