"""The build directory: files, manifest, graph shape, cache reuse, atomic replacement, lock."""

import json
import shutil

import bm25s
import networkx as nx
import pytest

from graph.search import Searcher
from graph.store import BuildError, load_build
from ingest.build import FORMAT_VERSION, build
from ingest.buildlock import BuildLock, InUse, prune_builds
from ingest.errors import IngestError
from ingest.fingerprint import ingest_fingerprint
from ingest.lexical import BM25_PARAMS, TOKENIZER_VERSION, tokenize
from tests.conftest import SAMPLE_NOTES


def test_build_has_its_files_and_a_full_manifest(sample_build):
    for name in ("manifest.json", "chunks.jsonl", "graph.json", "index.faiss"):
        assert (sample_build / name).is_file()
    assert (sample_build / "bm25" / "vocab.index.json").is_file()
    manifest = json.loads((sample_build / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == {"name": "all-MiniLM-L6-v2", "dim": 384}
    assert len(manifest["sources"]) == len(list(SAMPLE_NOTES.glob("*.md")))
    assert all(len(s["sha256"]) == 64 for s in manifest["sources"])
    assert manifest["counts"]["chunks"] > 0 and manifest["package_version"]
    assert manifest["lexical"]["tokenizer"] == TOKENIZER_VERSION
    assert manifest["ingest"]["fingerprint"] == ingest_fingerprint()
    assert not load_build(sample_build).ingest_outdated()


def test_the_fingerprint_follows_the_catalog(tmp_path, monkeypatch):
    import ingest.fingerprint as fp
    from ingest.catalog import DEFAULT_CATALOG

    copy = tmp_path / "services.toml"
    copy.write_bytes(DEFAULT_CATALOG.read_bytes())
    monkeypatch.setattr(fp, "DEFAULT_CATALOG", copy)
    fp.ingest_fingerprint.cache_clear()
    same = fp.ingest_fingerprint()
    copy.write_bytes(DEFAULT_CATALOG.read_bytes() + b"\n# one more comment\n")
    fp.ingest_fingerprint.cache_clear()
    try:
        assert fp.ingest_fingerprint() != same
    finally:
        fp.ingest_fingerprint.cache_clear()


QUERIES = [["lambda"], ["queue", "messag"], ["cdn", "bucket"]]


def _scores(searcher):
    index = searcher._bm25_index()
    return [index.get_scores(q).round(5).tolist() for q in QUERIES]


def test_searcher_reads_the_stored_bm25_index(sample_build):
    searcher = Searcher(load_build(sample_build))
    assert searcher._stored_bm25() is not None
    # The stored index scores exactly as one built from the chunks at load would.
    assert _scores(searcher) == [
        searcher._fresh_bm25().get_scores(q).round(5).tolist() for q in QUERIES
    ]


@pytest.mark.parametrize(
    "damage", ["older tokenizer", "other k1 and b", "no index", "garbled index"]
)
def test_a_stale_or_broken_bm25_index_is_rebuilt_at_load(tmp_path, sample_build, damage):
    copy = tmp_path / "build"
    shutil.copytree(sample_build, copy)
    if damage == "older tokenizer":
        manifest = json.loads((copy / "manifest.json").read_text())
        manifest["lexical"]["tokenizer"] = TOKENIZER_VERSION - 1
        (copy / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "other k1 and b":
        # A build made before a parameter change: its stored scores used the old k1 and b.
        old = {"k1": BM25_PARAMS["k1"] + 0.5, "b": 0.75 if BM25_PARAMS["b"] != 0.75 else 0.4}
        index = bm25s.BM25(**old)
        index.index([tokenize(c.text) for c in load_build(copy).chunks], show_progress=False)
        shutil.rmtree(copy / "bm25")
        index.save(str(copy / "bm25"), show_progress=False)
        manifest = json.loads((copy / "manifest.json").read_text())
        manifest["lexical"].update(old)
        (copy / "manifest.json").write_text(json.dumps(manifest))
    elif damage == "no index":
        shutil.rmtree(copy / "bm25")
    else:
        (copy / "bm25" / "vocab.index.json").write_text("{not json")
    searcher = Searcher(load_build(copy))
    assert searcher._stored_bm25() is None
    assert _scores(searcher) == _scores(Searcher(load_build(sample_build)))


def test_graph_has_typed_nodes_and_edges(sample_build):
    b = load_build(sample_build)
    kinds = {d["kind"] for _, d in b.graph.nodes(data=True)}
    assert kinds == {"section", "concept", "service"}
    edge_kinds = {d["kind"] for *_, d in b.graph.edges(data=True)}
    assert {"contains", "next", "mentions", "about"} <= edge_kinds
    assert isinstance(b.graph, nx.MultiDiGraph)
    svc = b.graph.nodes["service:SQS"]
    assert svc["name"] == "SQS" and svc["mentions"] > 0
    # every concept sits in exactly one section
    for node, data in b.nodes_of("concept"):
        parents = [u for u, _, k in b.graph.in_edges(node, keys=True) if k == "contains"]
        assert parents == [data["section"]]


def test_sample_notes_cover_at_least_twelve_services(sample_build):
    b = load_build(sample_build)
    about = {d["about"] for _, d in b.nodes_of("concept") if d["about"]}
    assert len(about) >= 12


def test_chunk_spans_point_into_their_source(sample_build):
    b = load_build(sample_build)
    for chunk in b.chunks:
        lines = (SAMPLE_NOTES.parent.parent / chunk.source).read_text().split("\n")
        assert 1 <= chunk.line_start <= chunk.line_end <= len(lines)
        first_words = chunk.text.split("\n")[0].split()[:3] if chunk.text else []
        span = "\n".join(lines[chunk.line_start - 1 : chunk.line_end])
        for word in first_words:
            assert word.strip("*`|") in span


def test_unchanged_text_is_not_embedded_again(tmp_path, cache_dir, sample_build):
    summary = build([SAMPLE_NOTES], tmp_path / "again", cache_dir=cache_dir)
    assert summary.embedded == 0 and summary.chunks > 0


def test_failed_build_leaves_the_previous_build_intact(tmp_path, cache_dir, monkeypatch):
    out = tmp_path / "b"
    build([SAMPLE_NOTES / "13-sqs.md"], out, cache_dir=cache_dir)
    before = (out / "manifest.json").read_text()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("ingest.build.write_index", boom)
    with pytest.raises(RuntimeError):
        build([SAMPLE_NOTES], out, cache_dir=cache_dir)
    assert (out / "manifest.json").read_text() == before
    load_build(out)  # still loads
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".b.tmp")]


def test_a_second_writer_is_refused(tmp_path, cache_dir):
    out = tmp_path / "locked"
    with BuildLock(out), pytest.raises(IngestError, match="another kg ingest"):
        build([SAMPLE_NOTES / "13-sqs.md"], out, cache_dir=cache_dir)


def test_loading_refuses_other_formats_and_models(tmp_path, sample_build):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(sample_build, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    with pytest.raises(BuildError, match="was embedded with all-MiniLM-L6-v2"):
        load_build(copy, model="other-model")
    manifest["format_version"] = 999
    (copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BuildError, match="rebuild it with `kg ingest"):
        load_build(copy)
    with pytest.raises(BuildError, match="no build at"):
        load_build(tmp_path / "nothing")


def test_prune_keeps_the_newest_builds_and_spares_busy_ones(tmp_path):
    import os

    folder = tmp_path / "builds"
    # The app's layout: one folder per upload, its notes and its build inside.
    for age, name in enumerate(["newest", "second", "third", "busy", "oldest"]):
        (folder / name / "build").mkdir(parents=True)
        (folder / name / "notes").mkdir()
        manifest = folder / name / "build" / "manifest.json"
        manifest.write_text("{}")
        os.utime(manifest, (1_000_000 - age, 1_000_000 - age))
    (folder / "failed" / "notes").mkdir(parents=True)  # no build: not the pruner's business
    with BuildLock(folder / "busy" / "build"):
        removed = prune_builds(folder, keep=1, protect=folder / "third", inner="build")
    assert sorted(p.name for p in removed) == ["oldest", "second"]
    assert sorted(p.name for p in folder.iterdir()) == ["busy", "failed", "newest", "third"]
    assert prune_builds(tmp_path / "nothing-here", keep=1) == []


def test_prune_removes_the_least_recently_used_and_never_one_in_use(tmp_path):
    import os

    folder = tmp_path / "uploads"
    for age, name in enumerate(["made-last", "made-second", "made-first"]):
        (folder / name / "build").mkdir(parents=True)
        manifest = folder / name / "build" / "manifest.json"
        manifest.write_text("{}")
        os.utime(manifest, (1_000_000 - age, 1_000_000 - age))
    reader = InUse(folder / "made-first" / "build")  # opened by a session: used just now
    assert prune_builds(folder, keep=2, inner="build") == [folder / "made-second"]
    assert sorted(p.name for p in folder.iterdir()) == ["made-first", "made-last"]
    os.utime(reader.path, (1, 1))  # long unused, but still held by its session
    assert prune_builds(folder, keep=0, inner="build") == [folder / "made-last"]
    assert [p.name for p in folder.iterdir()] == ["made-first"]
    reader.release()
    assert prune_builds(folder, keep=0, inner="build") == [folder / "made-first"]
