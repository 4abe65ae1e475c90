"""Provenance a reader can follow (graph/citation.py), the slide view (graph/slideview.py)
and relations in words with cited evidence (graph/evidence.py), on our own notes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from graph.citation import cite, document_names, merged_labels, slide_index
from graph.cli import cli
from graph.readings import edge_between, read_edge, service_readings
from graph.relations import relation_edges
from graph.slideview import SlideNotFound, join_windows, slide_view
from graph.store import load_build

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


@pytest.fixture(scope="module")
def build(sample_build):
    return load_build(sample_build)


def _chunk(build, title: str):
    return next(c for c in build.chunks if c.title == title)


def test_a_deck_is_cited_by_slide_number_and_notes_by_heading_path(build):
    deck = _chunk(build, "EBS vs EFS")  # 02-ec2.md: three "#" slides, this the third
    assert cite(build, deck.source, deck.line_start).label == "02-ec2 · slide 3 · EBS vs EFS"
    notes = _chunk(build, "Visibility timeout")  # 13-sqs.md: "# SQS" then "##" sections
    assert cite(build, notes.source, notes.line_start).label == "13-sqs · SQS › Visibility timeout"


def test_a_line_inside_a_slide_is_cited_as_that_slide(build):
    chunk = _chunk(build, "EBS vs EFS")
    inside = cite(build, chunk.source, chunk.line_end)
    assert inside.label == "02-ec2 · slide 3 · EBS vs EFS" and inside.chunk == chunk.chunk_id
    # Paths and lines stay available for JSON, never in the label.
    assert inside.source.endswith("02-ec2.md") and ".md" not in inside.label
    outside = cite(build, chunk.source, 10_000)
    assert outside.label == "02-ec2 · line 10000" and outside.chunk is None


def test_two_files_of_one_name_are_told_apart_by_their_folder(tmp_path, cache_dir):
    from ingest.build import build as ingest

    for folder in ("week1", "week2"):
        (tmp_path / "notes" / folder).mkdir(parents=True)
        (tmp_path / "notes" / folder / "queues.md").write_text(
            f"# Queues {folder}\n\n## Polling\n\nConsumers poll the queue for work in {folder}.\n"
        )
    ingest([tmp_path / "notes"], tmp_path / "build", cache_dir=cache_dir)
    names = sorted(document_names(load_build(tmp_path / "build")).values())
    assert names == ["week1/queues", "week2/queues"]


def test_consecutive_slides_of_one_title_are_told_once(build):
    ec2 = [c for c in build.chunks if c.source.endswith("02-ec2.md")]
    cited = [cite(build, c.source, c.line_start) for c in ec2]
    assert merged_labels(cited) == [c.label for c in cited]  # three titles: nothing merged
    same = [cited[0], cited[0].__class__(**{**_fields(cited[0]), "number": 2})]
    assert merged_labels(same) == ["02-ec2 · slides 1–2 · EC2 in a nutshell"]


def _fields(citation) -> dict:
    return {name: getattr(citation, name) for name in citation.__slots__}


def test_every_chunk_belongs_to_a_slide_in_course_order(build):
    index = slide_index(build)
    assert all(index.of_chunk(c.chunk_id) is not None for c in build.chunks)
    positions = [index.of_chunk(c.chunk_id).position for c in build.chunks]
    assert positions == sorted(positions)


def test_the_slide_view_has_the_full_text_its_neighbours_concept_and_services(build):
    chunk = _chunk(build, "Visibility timeout")
    view = slide_view(build, chunk.chunk_id)
    assert view.text == chunk.text
    assert view.citation.label == "13-sqs · SQS › Visibility timeout"
    assert [c.label for c in view.before][-1] == "13-sqs · SQS › Queues for decoupling"
    assert view.after[0].label == "13-sqs · SQS › FIFO queues"
    assert view.concept == chunk.concept and view.about == "SQS"
    assert [s["name"] for s in view.services][:1] == ["SQS"]
    assert view.services[0]["category"] == "Integration"
    with pytest.raises(SlideNotFound):
        slide_view(build, 99_999)
    with pytest.raises(SlideNotFound):
        slide_view(build, "../etc")


def test_a_long_slide_reads_back_whole_from_its_overlapping_windows():
    windows = ["one\ntwo\nthree\nfour", "three\nfour\nfive", "five\nsix"]
    assert join_windows(windows) == "one\ntwo\nthree\nfour\nfive\nsix"
    assert join_windows(["a\nb", "c"]) == "a\nb\nc"


def test_a_relation_reads_in_words_from_either_side_with_cited_statements(build):
    edge = edge_between(build, "service:Lambda", "service:SQS", "event_source_mapping")
    assert edge is not None
    forward = read_edge(build, edge, "Lambda")
    backward = read_edge(build, edge, "SQS")
    assert forward.sentence == "Lambda reads from SQS (event source mapping)"
    assert backward.sentence == "SQS is read by Lambda (event source mapping)"
    assert backward.other == "Lambda" and forward.other == "SQS"
    assert forward.statements[0].citation.label == "16-lambda · Lambda › Event source mapping"
    assert forward.statements[0].text.startswith("Lambda polls SQS queues")


def test_no_reading_of_any_relation_shows_a_stored_type_name(build):
    for edge in relation_edges(build):
        for side in (edge["source"], edge["target"]):
            reading = read_edge(build, edge, side)
            assert not SNAKE.search(reading.sentence + reading.label), reading.sentence
    assert service_readings(build, "SQS")


def test_the_command_line_cites_slides_not_paths(sample_build):
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, [*args, "--build", str(sample_build)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    hits = run("search", "hidden from other consumers", "-k", 3)
    assert "13-sqs · SQS › Visibility timeout" in hits
    for out in (hits, run("relations", "sqs"), run("study", "SQS"), run("show", "sqs")):
        assert not re.search(r"\.md:\d", out), out
    assert "[16-lambda · Lambda › Event source mapping]" in run("relations", "sqs")


def test_an_edge_label_reads_the_relation_from_either_end_without_names():
    from graph.readings import phrase

    assert phrase("event_source_mapping") == "reads from (event source mapping)"
    assert phrase("event_source_mapping", forward=False) == "is read by (event source mapping)"
    assert phrase("load_balances", forward=False) == "sits behind"
