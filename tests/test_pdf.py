"""PDF decks: a page is a slide, titled by its largest text, bullets kept, cited by page.

The deck is printed here from HTML by Chromium, in our own words; the bad PDFs (encrypted,
truncated, 2,000 pages, a page without text) are made from it.
"""

from __future__ import annotations

import itertools
import json

import pytest
from click.testing import CliRunner

from graph.cli import cli
from ingest.pdf import MAX_PAGES, read_pdf

STYLE = """
@page { size: 254mm 142.9mm; margin: 0 }
body { margin: 0; font-family: sans-serif }
section { height: 142.9mm; padding: 12mm 16mm; box-sizing: border-box; position: relative;
          page-break-after: always }
h1 { font-size: 30pt; margin: 0 0 6mm }
li, p { font-size: 16pt; margin: 2mm 0 }
.bullets li { list-style: none }
footer { position: absolute; bottom: 6mm; left: 16mm; font-size: 9pt }
"""
PAGES = [
    "<section><p>Caching study deck</p><h1>Caching for Fast Reads</h1>"
    "<p>Why a cache sits in front of a slow store</p><footer>Caching deck</footer></section>",
    "<section><h1>Edge Caching with CloudFront</h1><ul class=bullets>"
    "<li>• Copies of responses are kept at edge locations near the readers</li>"
    "<li>• The TTL says how long an edge keeps a copy<ul class=bullets>"
    "<li>– Headers from the origin can shorten it</li></ul></li></ul>"
    "<footer>Caching deck</footer></section>",
    "<section><h1>Clearing a Cached Object</h1><ul class=bullets>"
    "<li>• An invalidation request removes an object from every edge before its time to live "
    "runs out, so that readers fetch the new version from the origin on their next request, "
    "which costs a little for each path beyond the free monthly allowance</li>"
    "<li>• Versioned file names avoid invalidations altogether</li></ul>"
    "<footer>Caching deck</footer></section>",
    "<section><svg width=300 height=200><rect width=300 height=200 fill=teal /></svg></section>",
    "<section><h1>Lazy Loading</h1><p>The application reads the cache first and fills it "
    "from the database on a miss.</p><footer>Caching deck</footer></section>",
]


@pytest.fixture(scope="module")
def deck(tmp_path_factory, print_pdf):
    folder = tmp_path_factory.mktemp("pdf")
    html = f"<!doctype html><meta charset=utf-8><style>{STYLE}</style>{''.join(PAGES)}"
    return print_pdf(html, folder / "caching.pdf")


@pytest.fixture(scope="module")
def parsed(deck):
    return read_pdf(deck.read_bytes(), "caching.pdf")


def test_a_page_is_a_slide_titled_by_its_largest_text(parsed):
    slides, _ = parsed
    titles = [(s.page, s.title) for s in slides.slides]
    # Page 1's largest text comes second on the page; page 4 is only a picture.
    assert titles == [
        (1, "Caching for Fast Reads"),
        (2, "Edge Caching with CloudFront"),
        (3, "Clearing a Cached Object"),
        (5, "Lazy Loading"),
    ]


def test_bullets_are_kept_and_a_wrapped_line_joins_its_item(parsed):
    slides, _ = parsed
    edge = slides.slides[1]
    assert [(b.kind, b.depth) for b in edge.blocks] == [("bullet", 1), ("bullet", 1), ("bullet", 2)]
    assert edge.blocks[2].text == "Headers from the origin can shorten it"
    clearing = slides.slides[2].blocks
    assert len(clearing) == 2, [b.text for b in clearing]
    assert clearing[0].text.startswith("An invalidation request removes")
    assert clearing[0].text.endswith("beyond the free monthly allowance")
    assert clearing[0].line_end > clearing[0].line_start  # it spans the lines it wraps over


def test_a_running_footer_is_dropped_and_lines_count_through_the_deck(parsed):
    slides, _ = parsed
    text = " ".join(b.text for s in slides.slides for b in s.blocks)
    assert "Caching deck" not in text
    assert "Caching study deck" in text  # said once, on the first page: not a footer
    spans = [(s.line_start, s.line_end) for s in slides.slides]
    assert spans[0][0] == 1
    assert all(a[1] < b[0] for a, b in itertools.pairwise(spans))


def test_a_page_without_text_is_named_in_one_warning(parsed):
    _, warnings = parsed
    assert len(warnings) == 1
    assert "page 4 of 5" in warnings[0].message and "no text layer" in warnings[0].message


def test_a_hit_from_a_pdf_carries_its_page(deck, tmp_path, cache_dir):
    from graph.search import Searcher
    from graph.store import load_build
    from ingest.build import build

    out = tmp_path / "build"
    build([deck], out, cache_dir=cache_dir)
    hit = Searcher(load_build(out)).search("remove an object from the edge before it expires")[0]
    assert (hit.page, hit.slide, hit.title) == (3, None, "Clearing a Cached Object")
    runner = CliRunner()
    shown = runner.invoke(cli, ["search", "invalidation request", "-k", "1", "--build", str(out)])
    assert "caching.pdf · page 3" in shown.output
    as_json = runner.invoke(cli, ["search", "invalidation", "--json", "--build", str(out)])
    assert json.loads(as_json.output)[0]["page"] == 3
    plan = json.loads(runner.invoke(cli, ["study", "CloudFront", "--json", "--build",
                                          str(out)]).output)  # fmt: skip
    slides = [s for step in plan["steps"] for s in step["slides"]]
    assert slides and all(s["page"] in (1, 2, 3, 5) for s in slides)
    shown = runner.invoke(cli, ["study", "CloudFront", "--build", str(out)]).output
    assert "caching.pdf · page 2" in shown


def test_bad_pdfs_are_skipped_one_line_each_and_the_rest_is_built(deck, tmp_path, cache_dir):
    import pypdf

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "note.md").write_text("# Caching\n\nA cache keeps hot data close to the reader.\n")
    locked = pypdf.PdfWriter(clone_from=deck)
    locked.encrypt(user_password="letmein", owner_password="owner")
    locked.write(folder / "locked.pdf")
    data = deck.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    long = pypdf.PdfWriter()
    page = pypdf.PdfReader(deck).pages[1]
    for _ in range(2000):
        long.add_page(page)
    long.write(folder / "long.pdf")
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if ln.startswith("warning:")]
    assert len(lines) == 3, lines
    said = "\n".join(lines)
    assert "locked.pdf: skipped: the PDF is encrypted" in said
    assert "truncated.pdf: skipped: not a readable PDF" in said
    assert f"long.pdf: skipped: 2,000 pages is over the {MAX_PAGES:,}-page limit" in said
    assert "Traceback" not in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert [s["path"].rsplit("/", 1)[-1] for s in manifest["sources"]] == ["note.md"]
