"""The study-time model: minutes follow what is on a slide, not only how many words."""

import pytest

from ingest.records import Block, Slide
from ingest.studytime import (
    CODE_LINES_PER_MINUTE,
    FACT_WORDS_PER_MINUTE,
    HANDS_ON_MINUTES,
    PROSE_WORDS_PER_MINUTE,
    slide_minutes,
)


def slide(title: str, *blocks: Block) -> Slide:
    return Slide(title, [title], "notes.md", 1, 20, list(blocks))


def words(n: int) -> str:
    return " ".join(["queue"] * n)


BASE = slide_minutes(slide("Queues"))


def test_bullets_take_longer_than_prose_of_as_many_words():
    prose = slide_minutes(slide("Queues", Block(words(100) + ".", 2, 2)))
    bullets = slide_minutes(slide("Queues", *[Block(words(10), i, i, "bullet") for i in range(10)]))
    assert prose - BASE == pytest.approx(100 / PROSE_WORDS_PER_MINUTE)
    assert bullets - BASE == pytest.approx(100 / FACT_WORDS_PER_MINUTE)
    assert bullets > prose


def test_code_is_read_line_by_line_and_its_line_numbers_are_not_code():
    listing = "\n".join(f"{i}  x = call({i})" if i % 2 else f"{i}" for i in range(1, 21))
    code = slide_minutes(slide("A listing", Block(listing, 2, 22, "code")))
    assert code - slide_minutes(slide("A listing")) == pytest.approx(10 / CODE_LINES_PER_MINUTE)


def test_a_diagram_of_labels_takes_time_to_follow():
    labels = [Block(text, i, i) for i, text in enumerate(["Users", "Amazon ECR", "Tasks"], 2)]
    two = slide_minutes(slide("Flow", *labels[:2]))
    three = slide_minutes(slide("Flow", *labels))
    assert three - two > 0.5  # the third label makes it a figure to study


def test_a_hands_on_slide_is_practice_time():
    assert slide_minutes(slide("Hands-On: launch an instance", Block("Let's go!", 2, 2))) == (
        HANDS_ON_MINUTES
    )
    assert slide_minutes(slide("EC2 User Data Hands On")) == HANDS_ON_MINUTES


def test_the_build_stores_minutes_per_slide_and_per_concept(sample_build):
    from graph.store import load_build

    b = load_build(sample_build)
    for _, d in b.nodes_of("concept"):
        assert d["minutes"] == pytest.approx(sum(s["minutes"] for s in d["slides"]), abs=0.1)
    minutes = {d["minutes"] for _, d in b.nodes_of("concept")}
    assert len(minutes) >= 3  # not one figure for every step (it was "1 min" everywhere)
