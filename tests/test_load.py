"""Opening a build cheaply: its keyword index read without bm25s, its words for typo
correction read from words.txt, with the same answers as reading everything."""

from __future__ import annotations

import json
import shutil

import numpy as np

from graph.search import Searcher
from graph.store import load_build
from ingest.lexical import BM25_DIR, WORDS_FILE, StoredBM25, tokenize


def test_the_stored_index_scores_as_bm25s_does(sample_build):
    import bm25s

    ours = StoredBM25(sample_build / BM25_DIR)
    theirs = bm25s.BM25.load(str(sample_build / BM25_DIR), mmap=True, show_progress=False)
    for question in ("dead letter queue", "encrypt a key with kms", "rolling deployment"):
        tokens = [t for t in tokenize(question) if t in ours.vocab_dict]
        assert tokens and np.allclose(ours.get_scores(tokens), theirs.get_scores(tokens))


def test_typos_are_corrected_from_stored_words_and_without_them(sample_build, tmp_path):
    build = load_build(sample_build)
    stored = build.stored_words()
    assert stored and "visibility" in stored and stored == sorted(set(stored))
    assert Searcher(build).correct("visibilty timout").text == "visibility timeout"
    older = tmp_path / "older"
    shutil.copytree(sample_build, older)
    (older / WORDS_FILE).unlink()
    old = load_build(older)
    assert old.stored_words() is None
    assert Searcher(old).correct("visibilty timout").text == "visibility timeout"


def test_a_search_reads_no_graph_and_a_damaged_one_is_one_line_later(sample_build, tmp_path):
    from click.testing import CliRunner

    from graph.cli import cli
    from ingest.graphdata import CONCEPTS_FILE

    copy = tmp_path / "copy"
    shutil.copytree(sample_build, copy)
    graph = copy / "graph.json"
    graph.write_bytes(b"x" * graph.stat().st_size)  # same size: only reading it finds out
    lazy = load_build(copy, lazy=True)
    assert lazy._graph is None
    hits = Searcher(lazy).search("dead letter queue", k=3)
    assert hits and hits[0].concept_title and lazy._graph is None
    runner = CliRunner()
    assert runner.invoke(cli, ["search", "dead letter queue", "--build", str(copy)]).exit_code == 0
    shown = runner.invoke(cli, ["show", "sqs", "--build", str(copy)])
    assert shown.exit_code == 2 and "graph.json is unreadable" in shown.output
    assert "Traceback" not in shown.output
    # A build from before concepts.json reads its graph for the same answers.
    older = tmp_path / "older"
    shutil.copytree(sample_build, older)
    (older / CONCEPTS_FILE).unlink()
    manifest = json.loads((older / "manifest.json").read_text())
    del manifest["files"][CONCEPTS_FILE]
    (older / "manifest.json").write_text(json.dumps(manifest))
    old = load_build(older, lazy=True)
    assert old._graph is not None
    assert [h.concept for h in Searcher(old).search("dead letter queue", k=3)] == [
        h.concept for h in hits
    ]


def test_graph_json_written_piece_by_piece_is_networkx_node_link_data(sample_build, tmp_path):
    import networkx as nx

    from ingest.graphdata import write_graph

    graph = load_build(sample_build).graph
    write_graph(graph, tmp_path / "graph.json")
    written = json.loads((tmp_path / "graph.json").read_text())
    assert written == json.loads(json.dumps(nx.node_link_data(graph, edges="edges")))


def test_a_lazy_build_reads_chunks_as_asked_and_knows_their_concepts_without(sample_build):
    lazy = load_build(sample_build, lazy=True)
    full = load_build(sample_build)
    concepts, services = lazy.chunk_columns()
    assert concepts == [c.concept for c in full.chunks]
    assert services == [list(c.services) for c in full.chunks]
    hits = Searcher(lazy).search("which service keeps messages for consumers", k=3)
    read = sum(r is not None for r in lazy.chunks._records)
    assert hits and read <= 3 * 6  # the hits and at most five siblings each, no more
    assert [h.chunk_id for h in hits] == [
        h.chunk_id for h in Searcher(full).search("which service keeps messages for consumers", k=3)
    ]


def test_slides_are_cited_the_same_from_concepts_json_and_from_the_graph(sample_build):
    from graph.citation import SlideIndex

    lazy = load_build(sample_build, lazy=True)
    from_table = SlideIndex(lazy)
    assert lazy._graph is None  # cited without reading graph.json
    full = load_build(sample_build)
    full._slides = None  # as a build from before concepts.json listed slides
    from_graph = SlideIndex(full)
    assert from_table.slides == from_graph.slides and from_table.names == from_graph.names
    assert [from_table.citation(r).label for r in from_table.slides] == [
        from_graph.citation(r).label for r in from_graph.slides
    ]
