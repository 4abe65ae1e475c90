"""Typo correction: typos take the notes' closest word, real words and unknown names stay."""

import pytest

from graph.search import Searcher
from graph.spelling import MAX_LOOKUPS, Speller, speller_for
from graph.store import load_build
from ingest.embed import model_words

NOTES = ["Lambda", "concurrency", "limits", "queue", "messages", "letter", "whether"]


def test_a_typo_takes_the_closest_word_of_the_notes():
    fixed = Speller(NOTES).correct("Lamda concurency limts?")
    assert fixed.text == "lambda concurrency limits?"
    assert fixed.fixes == (("Lamda", "lambda"), ("concurency", "concurrency"), ("limts", "limits"))


def test_known_short_protected_and_unknown_words_stay():
    speller = Speller(NOTES, protected=frozenset({"weather"}))
    # "weather" is a real word the notes lack: never bent into "whether".
    for query in ("queue messages", "weather", "sqs", "kafka", "C'est la vie"):
        assert speller.correct(query).text == query
        assert not speller.correct(query).fixes


def test_another_form_of_a_word_of_the_notes_is_no_typo():
    speller = Speller(["install", "detached", "queues", "limits"])
    # Same stem as a word the notes use: left as typed, not bent into that form.
    for query in ("installs", "detach", "queue", "limit"):
        assert speller.correct(query).text == query, speller.correct(query)
    assert speller.correct("detachd").fixes == (("detachd", "detached"),)


def test_without_the_model_vocabulary_nothing_is_corrected(sample_build, monkeypatch):
    build = load_build(sample_build)
    assert speller_for(build).correct("lamda").fixes
    # Real words could not be told from typos: better none corrected than some bent.
    monkeypatch.setattr("ingest.embed.model_words", lambda name: frozenset())
    assert speller_for(build).correct("lamda").text == "lamda"


def test_lookups_per_question_are_bounded():
    speller = Speller(NOTES)
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = " ".join(f"zq{a}{b}x" for a in letters for b in letters[:8])  # 208 distinct
    speller.correct(words)
    assert len(speller._memory) == MAX_LOOKUPS


def test_the_model_vocabulary_protects_real_words():
    words = model_words()
    assert {"weather", "customer", "though"} <= words
    assert "lamda" not in words and "##ing" not in words


@pytest.mark.parametrize(
    "clean, typed, mode",
    [
        ("dead letter queue for failing messages", "dead leter queue for faling mesages", "dense"),
        ("deployment strategies for elastic beanstalk", "deploymnet stratgies for elastc beanstalk",
         "hybrid"),
    ],
)  # fmt: skip
def test_a_question_with_typos_finds_what_the_clean_one_finds(sample_build, clean, typed, mode):
    searcher = Searcher(load_build(sample_build))
    assert searcher.correct(typed).fixes
    first = searcher.search(clean, k=1, mode=mode)[0]
    assert searcher.search(typed, k=1, mode=mode)[0].chunk_id == first.chunk_id


def test_snippets_mark_the_word_a_typo_was_taken_for(sample_build):
    hit = Searcher(load_build(sample_build)).search("visibilty timout", k=1)[0]
    assert "**visibility**" in hit.snippet.lower() and "**timeout**" in hit.snippet.lower()
