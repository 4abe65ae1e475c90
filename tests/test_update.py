"""Notes that change: `kg ingest --update` reads only what changed, drops what was removed,
and gives the build a full ingest would; `kg watch` rebuilds once the files are quiet."""

from __future__ import annotations

import json
import os
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from graph.cli import cli
from ingest.build import build
from tests.conftest import SAMPLE_NOTES


@pytest.fixture()
def notes(tmp_path):
    folder = tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES, folder)
    (folder / "links.md").write_text(
        "# Links\n\nQueues are in [[13-sqs]] and topics in [[14-sns#Fan out]].\n"
    )
    return folder


def _edit(path, text: str) -> None:
    path.write_text(path.read_text() + text)
    st = path.stat()
    os.utime(
        path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9)
    )  # a later save, even on coarse clocks


def _same_build(a, b) -> None:
    """Two builds hold the same chunks, vectors, concepts, links and relations."""
    import faiss

    assert (a / "chunks.jsonl").read_text() == (b / "chunks.jsonl").read_text()
    va = faiss.read_index(str(a / "index.faiss"))
    vb = faiss.read_index(str(b / "index.faiss"))
    assert np.allclose(va.reconstruct_n(0, va.ntotal), vb.reconstruct_n(0, vb.ntotal), atol=1e-6)
    ga, gb = (json.loads((x / "graph.json").read_text()) for x in (a, b))
    assert ga["nodes"] == gb["nodes"]
    key = lambda e: (e["source"], e["target"], e["key"])  # noqa: E731
    assert sorted(ga["edges"], key=key) == sorted(gb["edges"], key=key)


def test_an_update_reads_only_the_changed_file_and_equals_a_full_build(notes, tmp_path, cache_dir):
    out = tmp_path / "build"
    build([notes], out, cache_dir=cache_dir)
    _edit(notes / "13-sqs.md", "\n## Long polling\n\nA receive call may wait up to twenty "
          "seconds for a message, which saves empty responses from SQS.\n")  # fmt: skip
    (notes / "02-ec2.md").unlink()
    summary = build([notes], out, cache_dir=cache_dir, update=True)
    assert summary.read == 1 and summary.relations_seconds > 0
    assert not summary.up_to_date
    full = tmp_path / "full"
    build([notes], full, cache_dir=cache_dir)
    _same_build(out, full)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["relations"] == "read"
    assert not any(s["path"].endswith("02-ec2.md") for s in manifest["sources"])


def test_nothing_changed_writes_nothing(notes, tmp_path, cache_dir):
    out = tmp_path / "build"
    build([notes], out, cache_dir=cache_dir)
    before = (out / "manifest.json").stat().st_mtime_ns
    os.utime(notes / "01-iam.md")  # touched, same content: not read again
    summary = build([], out, cache_dir=cache_dir, update=True)  # its own paths
    assert summary.up_to_date and summary.read == 1  # hashed, found the same, not parsed
    assert (out / "manifest.json").stat().st_mtime_ns == before


def test_relations_are_carried_until_the_notes_settle(notes, tmp_path, cache_dir):
    out = tmp_path / "build"
    build([notes], out, cache_dir=cache_dir)
    old = json.loads((out / "graph.json").read_text())
    s3 = "notes/06-s3.md"
    assert any(s3 in e["source"] for r in old["edges"] if r["kind"] == "relation"
               for e in r["evidence"])  # fmt: skip
    _edit(notes / "06-s3.md", "\nMore about buckets.\n")
    summary = build([notes], out, cache_dir=cache_dir, update=True, settle=lambda: False)
    assert summary.relations_pending and summary.relations_seconds == 0
    carried = json.loads((out / "graph.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["relations"] == "carried"
    # Statements of the changed note are no evidence until it is read again.
    evidence = [e for r in carried["edges"] if r["kind"] == "relation" for e in r["evidence"]]
    assert evidence and not any(s3 in e["source"] for e in evidence)
    # The next update reads them again even with nothing changed (say, after a kill).
    settled = build([notes], out, cache_dir=cache_dir, update=True)
    assert not settled.up_to_date and settled.read == 0
    assert json.loads((out / "manifest.json").read_text())["relations"] == "read"
    full = tmp_path / "full"
    build([notes], full, cache_dir=cache_dir)
    _same_build(out, full)


def test_links_to_a_removed_note_become_unresolved(notes, tmp_path, cache_dir):
    out = tmp_path / "build"
    build([notes], out, cache_dir=cache_dir)
    graph = json.loads((out / "graph.json").read_text())
    assert sum(e["kind"] == "links_to" for e in graph["edges"]) == 2
    (notes / "14-sns.md").unlink()
    build([notes], out, cache_dir=cache_dir, update=True)
    graph = json.loads((out / "graph.json").read_text())
    assert sum(e["kind"] == "links_to" for e in graph["edges"]) == 1
    assert [u["target"] for u in graph["graph"]["unresolved_links"]] == ["14-sns"]


def test_an_update_keeps_the_out_rules_and_reads_all_of_an_older_build(notes, tmp_path, cache_dir):
    runner = CliRunner()
    refused = runner.invoke(cli, ["ingest", "--update", str(notes), "--out", str(notes)])
    assert refused.exit_code == 2 and "lies inside the notes" in refused.output
    out = tmp_path / "build"
    build([notes], out, cache_dir=cache_dir)
    (out / "parts.jsonl").unlink()  # as an older kg made it
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"].pop("parts.jsonl")
    (out / "manifest.json").write_text(json.dumps(manifest))
    result = runner.invoke(cli, ["ingest", "--update", str(notes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "note: every file read: it was made by an older kg" in result.output
    assert (out / "parts.jsonl").is_file()


def test_watch_rebuilds_once_the_files_are_quiet(notes, tmp_path):
    from ingest.watch import watch

    clock = {"polls": 0}
    calls = []

    def sleep(_):
        clock["polls"] += 1
        if clock["polls"] in (2, 3):  # two saves in a row, then quiet
            _edit(notes / "13-sqs.md", f"\nSave {clock['polls']}.\n")

    watch([notes], lambda settled: calls.append(settled()), poll=0, debounce=0,
          stop=lambda: clock["polls"] >= 8, sleep=sleep)  # fmt: skip
    assert calls == [True]  # one rebuild for the burst, told the files are still quiet


def test_watch_says_why_a_rebuild_failed_and_keeps_watching(notes, tmp_path, monkeypatch):
    import ingest.watch
    from ingest.buildlock import BuildLock

    out = tmp_path / "build"
    saves = iter([1, 2])

    def fake_watch(paths, rebuild, **_):
        for n in saves:  # two saves: the first while another ingest holds the build
            _edit(notes / "13-sqs.md", f"\nSave {n}.\n")
            if n == 1:
                with BuildLock(out.resolve()):
                    rebuild(lambda: True)
            else:
                rebuild(lambda: True)

    monkeypatch.setattr(ingest.watch, "watch", fake_watch)
    result = CliRunner().invoke(cli, ["watch", str(notes), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "error: another kg ingest is writing" in result.output
    assert result.output.count("1 read") == 1  # the second save was built
