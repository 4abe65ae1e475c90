"""Bad input to `kg ingest`: one clear line, a skip where others are fine, builds kept intact."""

import pytest
from click.testing import CliRunner

from graph.cli import cli
from tests.conftest import SAMPLE_NOTES


@pytest.fixture()
def ingest(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setattr("ingest.embed.DEFAULT_CACHE_DIR", cache_dir)
    runner = CliRunner()

    def _ingest(*paths, out=None):
        out = out or tmp_path / "build"
        args = ["ingest", *map(str, paths), "--out", str(out)]
        return runner.invoke(cli, args, catch_exceptions=False)

    return _ingest


def _good(tmp_path):
    good = tmp_path / "good.md"
    good.write_text((SAMPLE_NOTES / "13-sqs.md").read_text())
    return good


def test_empty_file_alone_is_an_error(ingest, tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = ingest(empty)
    assert result.exit_code == 2
    assert "nothing to build" in result.output and "empty file" in result.output
    assert "Traceback" not in result.output


def test_bad_files_among_good_ones_are_skipped_with_warnings(ingest, tmp_path):
    binary = tmp_path / "blob.md"
    binary.write_bytes(b"\x00\x01\x02PNG" * 100)
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Caf\xe9 notes\n\nSQS queues in caf\xe9s\n".encode("latin-1"))
    result = ingest(_good(tmp_path), binary, latin, tmp_path / "missing.md")
    assert result.exit_code == 0, result.output
    assert "binary file" in result.output
    assert "not valid UTF-8" in result.output
    assert "no such file" in result.output
    assert "built" in result.output


def test_huge_file_is_skipped(ingest, tmp_path):
    huge = tmp_path / "huge.md"
    with open(huge, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: no 50 MB written to disk
    result = ingest(_good(tmp_path), huge)
    assert result.exit_code == 0
    assert "over the 20 MB limit" in result.output


def test_missing_path_and_folder_without_markdown(ingest, tmp_path):
    result = ingest(tmp_path / "nope")
    assert result.exit_code == 2 and "no such file or folder" in result.output
    folder = tmp_path / "pics"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"\x89PNG")
    result = ingest(folder)
    assert result.exit_code == 2 and "holds no .md, .txt, .pdf or .pptx files" in result.output


def test_file_without_headings_becomes_one_slide(ingest, tmp_path):
    plain = tmp_path / "plain.md"
    plain.write_text("SQS keeps messages until a consumer deletes them.\n")
    result = ingest(plain)
    assert result.exit_code == 0 and "1 slides" in result.output
    assert "no headings" in result.output


def test_failed_ingest_keeps_the_existing_build(ingest, tmp_path):
    out = tmp_path / "keep"
    assert ingest(_good(tmp_path), out=out).exit_code == 0
    before = (out / "manifest.json").read_text()
    empty = tmp_path / "empty.md"
    empty.write_text("   \n")
    assert ingest(empty, out=out).exit_code == 2
    assert (out / "manifest.json").read_text() == before


def test_concurrent_ingest_is_refused(ingest, tmp_path):
    from ingest.buildlock import BuildLock

    out = tmp_path / "busy"
    with BuildLock(out):
        result = ingest(_good(tmp_path), out=out)
    assert result.exit_code == 2 and "another kg ingest is writing" in result.output


def test_uploads_are_saved_under_safe_distinct_names(tmp_path):
    from ingest.sources import save_uploads

    folder = tmp_path / "notes"
    (tmp_path / "outside.md").write_text("keep me")
    written = save_uploads(
        [("../outside.md", b"# A"), (".hidden.md", b"# B"), ("a.md", b"# C"), ("a.md", b"# D"),
         ("..", b"# E"), ("C:\\Users\\me\\win.md", b"# F")],
        folder,
    )  # fmt: skip
    names = [p.name for p in written]
    assert names == ["outside.md", "upload-2.md", "a.md", "upload-4.md", "upload-5.md", "win.md"]
    assert all(p.parent == folder for p in written)
    assert (tmp_path / "outside.md").read_text() == "keep me"
    # Saving again replaces what was there: no file of an older upload lingers.
    save_uploads([("b.md", b"# G")], folder)
    assert [p.name for p in folder.iterdir()] == ["b.md"]
