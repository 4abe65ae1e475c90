"""Integration on the real course slides (read from ../shared/corpus at run time)."""

import itertools

import pytest

from graph.search import Searcher
from graph.store import load_build

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def corpus(corpus_build):
    return load_build(corpus_build)


def test_one_slide_per_h1_heading(corpus, corpus_lines):
    headings = [i + 1 for i, line in enumerate(corpus_lines) if line.startswith("# ")]
    assert corpus.manifest["counts"]["slides"] == len(headings)
    slide_starts = {s["line_start"] for _, d in corpus.nodes_of("concept") for s in d["slides"]}
    assert slide_starts == set(headings)


def test_every_chunk_span_lies_inside_its_slide(corpus, corpus_lines):
    for chunk in corpus.chunks:
        assert 1 <= chunk.line_start <= chunk.line_end <= len(corpus_lines)
        node = corpus.graph.nodes[chunk.concept]
        assert node["line_start"] <= chunk.line_start <= chunk.line_end <= node["line_end"]


def test_course_sections_are_found(corpus):
    sections = [d for _, d in corpus.nodes_of("section")]
    assert 20 <= len(sections) <= 30
    subtitled = [d for d in sections if d["subtitle"]]
    assert len(subtitled) >= 15
    # sections are in course order and do not overlap
    spans = sorted((d["line_start"], d["line_end"]) for d in sections)
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert end < start


def test_repeated_titles_merge_into_one_concept(corpus):
    sizes = {}
    for _, d in corpus.nodes_of("concept"):
        sizes.setdefault(d["title"], []).append(len(d["slides"]))
    assert sizes["Application Load Balancer (v2)"] == [5]
    assert sizes["Elastic Beanstalk Deployment"] == [5]
    assert 500 <= corpus.manifest["counts"]["concepts"] < corpus.manifest["counts"]["slides"]


def test_mentions_use_the_longest_name(corpus):
    esm = next(
        d for _, d in corpus.nodes_of("concept") if d["title"] == "Lambda – Event Source Mapping"
    )
    assert {"Kinesis Data Streams", "SQS", "DynamoDB Streams", "Lambda"} <= set(esm["services"])
    assert esm["about"] == "Lambda"
    assert len(corpus.nodes_of("service")) >= 60


def test_search_finds_the_slide_that_answers(corpus):
    searcher = Searcher(corpus)
    hits = searcher.search("how does my function read from a queue?", k=5)
    assert any("Event Source Mapping" in h.title for h in hits[:3])
    hits = searcher.search("dynamodb gsi throttling", k=3)
    assert "Throttling" in hits[0].title or "GSI" in hits[0].title
