"""End to end in a real browser: Debian's Chromium driven by Playwright against `kg app`.

Starts the app on a free loopback port over a build of our sample notes (plus a note with
a hostile title and one with a web link), and does what a student does: search, open a
slide, explore the graph by tapping, pick a service in the table, plan a study, upload
notes. Every page is photographed at 1400×1000 and at a phone's 390×844 into
tests/output/browser/ (look at them before saying a page is right).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import HOSTILE, write_hostile_notes

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).resolve().parent / "output" / "browser"
ROOT = Path(__file__).resolve().parent.parent
LINK = "https://docs.example.com/queues/retry_guide.html"
WIDE, PHONE = (1400, 1000), (390, 844)

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def browser_build(tmp_path_factory, cache_dir) -> Path:
    """Our sample notes, a note whose title is markup, and one with a web link."""
    from ingest.build import build

    notes = write_hostile_notes(tmp_path_factory.mktemp("browser-notes"))
    (notes / "zz-links.md").write_text(
        "# Retry notes\n\n## Poison messages\n\nThe retry guide for poison messages in a queue "
        f"is at <{LINK.replace('_', chr(92) + '_')}> with worked examples.\n"
    )
    out = tmp_path_factory.mktemp("browser-build") / "build"
    build([notes], out, cache_dir=cache_dir)
    return out


@pytest.fixture(scope="module")
def app_url(browser_build, uploads, tmp_path_factory):
    if not CHROMIUM:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("KG_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    port = _free_port()
    cmd = [sys.executable, "-m", "graph.cli", "app", "--build", str(browser_build),
           "--port", str(port)]  # fmt: skip
    progress = tmp_path_factory.mktemp("progress") / "progress.sqlite"
    env = dict(os.environ, PYTHONPATH=str(ROOT), KG_UPLOADS=str(uploads), KG_PROGRESS=str(progress))
    log_path = tmp_path_factory.mktemp("app-log") / "stderr.log"
    log_file = log_path.open("wb")
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.terminate()
        pytest.fail("the app did not start")
    yield url
    server.terminate()
    server.wait(timeout=30)
    log_file.close()
    log = log_path.read_text(errors="replace")
    # Streamlit's own log: no deprecation warning, no traceback, during everything above.
    assert "deprecat" not in log.lower() and "Traceback" not in log, log


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    args = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ]  # fmt: skip
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=args)
        yield instance
        instance.close()


def _open(browser, size=WIDE):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


@pytest.fixture()
def page(browser):
    pg = _open(browser)
    yield pg
    pg.context.close()


def _settled(page) -> None:
    """Wait until Streamlit has finished its run (no spinner, no running status)."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(600)


def _photo(page, name: str) -> None:
    """The whole page (Streamlit scrolls inside its main block, not the document)."""
    size = page.viewport_size
    height = page.evaluate(
        '() => Math.max(...[...document.querySelectorAll(\'[data-testid="stMain"], '
        '[data-testid="stSidebar"]\')].map(e => e.scrollHeight), window.innerHeight)'
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 20, 6000)})
    page.wait_for_timeout(900)
    page.screenshot(path=str(OUTPUT / f"{name}-{size['width']}x{size['height']}.png"))
    page.set_viewport_size(size)


def _graph(page, url: str | None = None):
    """The graph component's frame (its element and its content), at url if given."""
    if url:
        page.goto(url, wait_until="networkidle")
    frame_el = page.locator("iframe[title*='st_link_analysis']").first
    frame_el.wait_for(timeout=60_000)
    frame = frame_el.element_handle().content_frame()
    frame.locator("#cy canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1200)  # let the layout settle
    return frame_el, frame


def _tap(page, frame_el, x: float, y: float) -> None:
    box = frame_el.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


# -- 7: a multipage app that shows a student's tool, not a developer's ---------------------
def test_pages_have_titles_icons_and_addresses_and_no_deploy_button(page, app_url):
    page.goto(app_url, wait_until="networkidle")
    page.get_by_label("Question or keywords").wait_for()
    assert page.title() == "Search · Study knowledge graph"
    nav = page.locator('[data-testid="stSidebarNav"] a')
    # Each page with its icon (Material's ligature names are the icons' text).
    assert [" ".join(t.split()) for t in nav.all_inner_texts()] == [
        "search Search", "hub Explore", "category Services", "school Study",
        "upload_file Your notes",
    ]  # fmt: skip
    assert page.get_by_role("button", name="Deploy").count() == 0
    assert page.get_by_text("Deploy", exact=True).count() == 0
    nav.nth(1).click()
    page.wait_for_url(re.compile(r"/explore"))
    assert page.title() == "Explore · Study knowledge graph"
    # The one-page app's addresses still lead to the page asked for.
    page.goto(f"{app_url}/?page=Services&service=SQS", wait_until="networkidle")
    page.wait_for_url(re.compile(r"/services\?service=SQS"))
    page.get_by_role("heading", name="SQS", exact=True).wait_for(timeout=30_000)


def test_the_app_listens_on_loopback_only(app_url):
    port = int(app_url.rsplit(":", 1)[1])
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    outside = [a for a in addresses if not a.startswith("127.") and ":" not in a]
    if not outside:
        pytest.skip("this machine has no address but loopback")
    with socket.socket() as s:
        s.settimeout(2)
        assert s.connect_ex((outside[0], port)) != 0


# -- 1 and 2: a slide, not a path; snippets with links -------------------------------------
def test_search_cites_slides_keeps_links_and_opens_a_slide(page, app_url):
    page.goto(app_url, wait_until="networkidle")
    box = page.get_by_label("Question or keywords")
    page.wait_for_function(
        "document.activeElement?.getAttribute('aria-label') === 'Question or keywords'"
    )
    box.fill("retry guide for poison messages")
    box.press("Enter")
    link = page.locator(f'a[href="{LINK}"]').first
    link.wait_for(timeout=60_000)
    assert link.inner_text() == LINK
    box.fill("hidden from other consumers")
    box.press("Enter")
    page.get_by_text("13-sqs · SQS · relevance").first.wait_for(timeout=60_000)
    _settled(page)
    assert page.get_by_text(re.compile(r"\.md:\d")).count() == 0
    _photo(page, "1-search")
    page.get_by_role("link", name=re.compile(r"1\. Visibility timeout")).click()
    page.wait_for_url(re.compile(r"/slide\?chunk=\d+"))
    page.get_by_role("heading", name="Visibility timeout").wait_for(timeout=30_000)
    page.get_by_text("13-sqs · SQS › Visibility timeout", exact=False).first.wait_for()
    _settled(page)
    _photo(page, "2-slide")
    page.get_by_role("link", name="13-sqs · SQS › FIFO queues →").click()
    page.get_by_role("heading", name="FIFO queues").wait_for(timeout=30_000)


def test_hostile_title_is_shown_as_text(page, app_url):
    page.goto(f"{app_url}/?q=dead+letter+queue+failing+messages", wait_until="networkidle")
    page.get_by_role("link", name=re.compile("Dead letters")).first.wait_for(timeout=60_000)
    assert page.get_by_text(HOSTILE, exact=False).count() > 0
    assert page.locator("img[src='x']").count() == 0
    assert page.dialogs == []


# -- 3: explore --------------------------------------------------------------------------
NODES = """() => { const cy = document.getElementById('cy')._cyreg.cy;
    return cy.nodes().map(n => ({id: n.id(), name: n.data('name'), group: n.data('label'),
        x: n.renderedPosition().x, y: n.renderedPosition().y,
        px: parseFloat(n.style('font-size')) * cy.zoom(),
        colour: n.style('background-color')})); }"""


def test_tapping_a_node_shows_its_card_beside_the_graph(page, app_url):
    frame_el, frame = _graph(page, f"{app_url}/explore?node=SQS")
    lambda_node = next(n for n in frame.evaluate(NODES) if n["name"] == "Lambda")
    _tap(page, frame_el, lambda_node["x"], lambda_node["y"])
    page.wait_for_url(re.compile(r"pick=service%3ALambda|pick=service:Lambda"))
    card = page.get_by_role("heading", name="Lambda", exact=True)
    card.wait_for(timeout=30_000)
    # Beside the graph on a wide screen, and no panel of raw fields over the graph.
    assert (
        card.bounding_box()["x"] > frame_el.bounding_box()["x"] + frame_el.bounding_box()["width"]
    )
    assert frame.locator('#infopanel[data-expanded="true"]').count() == 0
    assert page.get_by_text("Lambda reads from SQS (event source mapping)").count() > 0
    _settled(page)
    _photo(page, "3-explore")


def test_tapping_an_edge_shows_the_relation_in_words_with_evidence(page, app_url):
    frame_el, frame = _graph(page, f"{app_url}/explore?node=SQS")
    edge = frame.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
        const e = cy.edges('[?labelled]').filter(e => e.data('words').includes('is read by'))[0];
        const p = e.midpoint(), z = cy.zoom(), pan = cy.pan();
        return {x: p.x * z + pan.x, y: p.y * z + pan.y,
                px: parseFloat(e.style('font-size')) * z, words: e.data('words')}; }"""
    )
    # Edge labels are drawn where they can be read.
    assert edge["px"] >= 9, edge
    _tap(page, frame_el, edge["x"], edge["y"])
    page.get_by_text("Lambda reads from SQS (event source mapping)").first.wait_for(timeout=30_000)
    page.get_by_text("Lambda polls SQS queues", exact=False).first.wait_for()
    assert page.locator("blockquote").count() >= 1


def test_the_course_map_colours_services_by_category_and_names_them_legibly(page, app_url):
    _, frame = _graph(page, f"{app_url}/explore")
    nodes = frame.evaluate(NODES)
    assert len(nodes) >= 20
    by_group: dict[str, set] = {}
    for n in nodes:
        by_group.setdefault(n["group"], set()).add(n["colour"])
    assert len(by_group) >= 3 and all(len(c) == 1 for c in by_group.values()), by_group
    assert len({next(iter(c)) for c in by_group.values()}) == len(by_group)
    small = [(n["name"], round(n["px"], 1)) for n in nodes if n["px"] < 9]
    assert not small, small
    # The legend names the categories in the same colours.
    assert page.get_by_text("Integration, Analytics").count() > 0
    _settled(page)
    _photo(page, "4-map")


def test_graph_labels_are_text_and_keep_ampersands(page, app_url):
    _, frame = _graph(page, f"{app_url}/explore?node=Producers+%26+consumers")
    names = [n["name"] for n in frame.evaluate(NODES)]
    assert "Producers & consumers" in names and "SQS" in names
    assert not any("<" in n or ">" in n for n in names)


# -- 4: services -------------------------------------------------------------------------
def test_a_service_is_chosen_by_tapping_its_row(page, app_url):
    page.goto(f"{app_url}/services", wait_until="networkidle")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for(timeout=30_000)
    _settled(page)
    box = grid.bounding_box()
    # The first data row, on its selection box (header and rows are 35 px high).
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/services\?service="), timeout=30_000)
    name = page.url.split("service=")[1].replace("+", " ").replace("%20", " ")
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
    assert page.get_by_text(re.compile(r"Taught on \d+ slides?, in course order")).count() == 1
    page.goto(f"{app_url}/services?service=Lambda", wait_until="networkidle")
    page.get_by_text("Lambda reads from SQS (event source mapping)").first.wait_for()
    _settled(page)
    _photo(page, "5-services")


# -- 5: study ----------------------------------------------------------------------------
def test_a_multiselect_picks_what_was_typed_and_a_plan_counts_ticks(page, app_url):
    page.goto(f"{app_url}/study", wait_until="networkidle")
    known = page.get_by_label("Services you already know")
    known.click()
    page.keyboard.type("EC2")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    chips = page.locator('[data-testid="stMultiSelect"]').nth(1).locator("[data-tag]:visible")
    chips.first.wait_for()
    assert [c.get_attribute("aria-label") for c in chips.all()] == ["EC2"]
    target = page.get_by_label("What do you want to learn?")
    target.click()
    page.keyboard.type("Elastic Beanstalk")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("Download as markdown").wait_for(timeout=60_000)
    progress = page.get_by_text(re.compile(r"\d+ steps, about .* 0 done"))
    progress.wait_for()
    page.get_by_text("Read the slides").first.click()
    page.locator('[data-testid="stCheckbox"] label').first.click()
    page.get_by_text(re.compile(r"1 done \(")).wait_for(timeout=30_000)
    assert page.get_by_text(re.compile(r"\.md:\d")).count() == 0
    _settled(page)
    _photo(page, "6-study")


# -- 6: your notes -----------------------------------------------------------------------
def test_uploaded_notes_are_tagged_per_section_and_said_without_paths(
    page, app_url, uploads, tmp_path
):
    note = tmp_path / "my-notes.md"
    note.write_text(
        "# Messaging: SQS, SNS and Kinesis\n\n## Quokka feeding\n\nThe quokka keeper writes "
        "every feeding time into an SQS queue so the night shift can read what was eaten.\n\n"
        "## Shards\n\nA stream in Kinesis is split into shards, and the number of shards "
        "sets how much it can take in.\n"
    )
    page.goto(f"{app_url}/notes", wait_until="networkidle")
    # The widget says the limit the app checks (Streamlit's own default is 200 MB).
    page.get_by_text("10MB per file", exact=False).wait_for(timeout=30_000)
    page.locator("input[type=file]").set_input_files(str(note))
    page.get_by_role("button", name="Build my notes").click()
    done = page.get_by_text("Your notes are now the ones searched")
    done.wait_for(timeout=120_000)
    assert "/" not in done.inner_text()
    _settled(page)
    _photo(page, "7-your-notes")
    saved = [d for d in uploads.iterdir() if (d / "build" / "manifest.json").is_file()]
    assert len(saved) == 1 and (saved[0] / "notes" / "my-notes.md").read_text() == note.read_text()
    page.get_by_role("link", name="Search").first.click()
    box = page.get_by_label("Question or keywords")
    box.fill("when did the quokka eat")
    box.press("Enter")
    hit = page.locator(".st-key-hit_1")
    hit.get_by_role("link", name="1. Quokka feeding").wait_for(timeout=60_000)
    # Tagged with the service its own section names, not every service of the file's title.
    assert hit.locator(".stMarkdownBadge").all_inner_texts() == ["SQS"]
    assert "my-notes · Messaging: SQS, SNS and Kinesis" in hit.inner_text()
    assert str(uploads) not in page.content()


# -- every page, at a desk and on a phone ------------------------------------------------
PAGES = [
    ("search", "/?q=hidden+from+other+consumers"),
    ("slide", "/slide?chunk=3"),
    ("explore", "/explore?node=SQS&pick=service%3ALambda"),
    ("services", "/services?service=SQS"),
    ("study", "/study"),
    ("notes", "/notes"),
]


@pytest.mark.parametrize("size", [WIDE, PHONE], ids=["wide", "phone"])
def test_every_page_fits_the_screen_and_is_photographed(browser, app_url, size):
    page = _open(browser, size)
    for name, path in PAGES:
        page.goto(app_url + path, wait_until="networkidle")
        page.locator("h1").first.wait_for(timeout=60_000)
        _settled(page)
        # Nothing wider than the screen: a phone scrolls down, never sideways.
        wide = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
        assert wide <= size[0] + 1, (name, wide)
        assert page.get_by_text("Traceback").count() == 0
        _photo(page, f"page-{name}")
    page.context.close()
