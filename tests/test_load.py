"""Opening a build cheaply: its keyword index read without bm25s, its words for typo
correction read from words.txt, with the same answers as reading everything."""

from __future__ import annotations

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
