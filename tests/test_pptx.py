"""PowerPoint decks: a slide per slide, the title placeholder as title, tables as text,
speaker notes searchable and marked, cited by slide number. The deck is written here with
python-pptx, in our own words."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from graph.cli import cli
from ingest.pptx import NOTES_MARK, read_pptx


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    from pptx import Presentation
    from pptx.util import Inches, Pt

    prs = Presentation()
    cover = prs.slides.add_slide(prs.slide_layouts[0])
    cover.shapes.title.text = "Message Queues"
    cover.placeholders[1].text = "Decoupling producers from consumers"

    body = prs.slides.add_slide(prs.slide_layouts[1])
    body.shapes.title.text = "Visibility Timeout"
    frame = body.placeholders[1].text_frame
    frame.text = "A received message is hidden from the other consumers"
    sub = frame.add_paragraph()
    sub.text = "It comes back if nobody deletes it in time"
    sub.level = 1
    # A text box placed above the body: read first, top to bottom.
    box = body.shapes.add_textbox(Inches(0.5), Inches(1.2), Inches(8), Inches(0.4))
    box.text_frame.text = "Default thirty seconds"
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    body.notes_slide.notes_text_frame.text = "Students mix this up with the retention period."

    table = prs.slides.add_slide(prs.slide_layouts[5])
    table.shapes.title.text = "Queue Types Side by Side"
    shape = table.shapes.add_table(3, 2, Inches(0.5), Inches(1.5), Inches(8), Inches(2))
    for r, row in enumerate([["Kind", "Ordering"], ["Standard", "Best effort"],
                             ["FIFO", "Strict within a group"]]):  # fmt: skip
        for c, text in enumerate(row):
            shape.table.cell(r, c).text = text

    picture = prs.slides.add_slide(prs.slide_layouts[6])
    picture.shapes.add_picture(io.BytesIO(_png()), Inches(1), Inches(1))

    grouped = prs.slides.add_slide(prs.slide_layouts[5])
    grouped.shapes.title.text = "Poison Messages"
    group = grouped.shapes.add_group_shape()
    inner = group.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1))
    inner.text_frame.text = "After too many failed receives a message moves to a side queue"

    path = tmp_path_factory.mktemp("pptx") / "queues.pptx"
    prs.save(str(path))
    return path


@pytest.fixture(scope="module")
def parsed(deck):
    return read_pptx(deck.read_bytes(), "queues.pptx")


def test_a_slide_is_a_slide_titled_by_its_title_placeholder(parsed):
    slides, warnings = parsed
    assert [(s.slide, s.title) for s in slides.slides] == [
        (1, "Message Queues"),
        (2, "Visibility Timeout"),
        (3, "Queue Types Side by Side"),
        (5, "Poison Messages"),
    ]
    assert [w.message for w in warnings] == ["slide 4 of 5 skipped: no text (only pictures)"]


def test_body_bullets_boxes_tables_groups_and_notes_are_text(parsed):
    slides, _ = parsed
    timeout = slides.slides[1].blocks
    assert [(b.kind, b.depth, b.text) for b in timeout] == [
        ("paragraph", 0, "Default thirty seconds"),
        ("bullet", 1, "A received message is hidden from the other consumers"),
        ("bullet", 2, "It comes back if nobody deletes it in time"),
        ("notes", 0, f"{NOTES_MARK} Students mix this up with the retention period."),
    ]
    assert [b.text for b in slides.slides[2].blocks] == [
        "Kind | Ordering",
        "Standard | Best effort",
        "FIFO | Strict within a group",
    ]
    assert "moves to a side queue" in slides.slides[3].blocks[0].text
    lines = [b.line_start for s in slides.slides for b in s.blocks]
    assert lines == sorted(set(lines))  # each block its own line, in deck order


def test_speaker_notes_are_searchable_and_a_hit_carries_its_slide(deck, tmp_path, cache_dir):
    from graph.search import Searcher
    from graph.store import load_build
    from ingest.build import build

    out = tmp_path / "build"
    build([deck], out, cache_dir=cache_dir)
    hit = Searcher(load_build(out)).search("confused with the retention period", k=1)[0]
    assert (hit.slide, hit.page, hit.title) == (2, None, "Visibility Timeout")
    assert NOTES_MARK in hit.snippet
    shown = CliRunner().invoke(cli, ["search", "retention period", "-k", "1", "--build", str(out)])
    assert "queues.pptx · slide 2" in shown.output
    as_json = CliRunner().invoke(cli, ["search", "retention", "--json", "--build", str(out)])
    first = json.loads(as_json.output)[0]
    assert (first["slide"], first["page"]) == (2, None)


def test_damaged_decks_are_skipped_one_line_each(deck, tmp_path):
    folder = tmp_path / "decks"
    folder.mkdir()
    data = deck.read_bytes()
    (folder / "cut.pptx").write_bytes(data[: len(data) // 2])
    (folder / "locked.pptx").write_bytes(b"\xd0\xcf\x11\xe0" + bytes(600))
    (folder / "good.pptx").write_bytes(data)
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [ln for ln in result.output.splitlines() if ln.startswith("warning:")]
    said = "\n".join(warnings)
    assert "cut.pptx: skipped: not a readable PowerPoint file (damaged)" in said
    assert "locked.pptx: skipped: password-protected, or an old .ppt file" in said
    assert len([w for w in warnings if "skipped:" in w and "good.pptx" not in w]) == 2
    assert "Traceback" not in result.output
