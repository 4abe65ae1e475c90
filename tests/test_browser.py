"""End to end in a real browser: Debian's Chromium driven by Playwright against `kg app`.

Starts the app on a free loopback port over a build of our sample notes (plus a note with
a hostile title), searches, opens the explorer, checks the graph is drawn, clicks a node
and sees its details. Screenshots go to tests/output/browser/.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import HOSTILE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = Path(__file__).resolve().parent / "output" / "browser"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def uploads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="module")
def app_url(hostile_build, uploads):
    if not CHROMIUM:
        if os.environ.get("KG_REQUIRE_BROWSER") == "1":
            pytest.fail("KG_REQUIRE_BROWSER=1 but no chromium: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "graph.cli",
        "app",
        "--build",
        str(hostile_build),
        "--port",
        str(port),
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT), KG_UPLOADS=str(uploads))
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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


@pytest.fixture(scope="module")
def page(app_url):
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(parents=True, exist_ok=True)
    args = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ]  # fmt: skip
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs
        yield pg
        browser.close()


def test_search_then_explore_then_click_a_node(page, app_url):
    page.goto(app_url, wait_until="networkidle")
    box = page.get_by_label("Question or keywords")
    box.wait_for()
    page.wait_for_function(
        "document.activeElement?.getAttribute('aria-label') === 'Question or keywords'"
    )
    box.fill("what happens to messages that keep failing")
    box.press("Enter")
    page.get_by_text("Open in the explorer").first.wait_for(timeout=60_000)
    page.screenshot(path=str(OUTPUT / "1-search.png"), full_page=True)
    assert page.get_by_text(".md:", exact=False).count() > 0

    page.get_by_text("Open in the explorer").first.click()
    frame_el = page.locator("iframe[title*='st_link_analysis']").first
    frame_el.wait_for(timeout=60_000)
    frame = frame_el.element_handle().content_frame()
    frame.locator("#cy canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # let the layout settle
    count = frame.evaluate("() => document.getElementById('cy')._cyreg.cy.nodes().length")
    assert count >= 2
    page.screenshot(path=str(OUTPUT / "2-explore.png"), full_page=True)

    # Click a neighbour of the centre: a service node, at its rendered position.
    pos = frame.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
                   const n = cy.nodes("[label = 'service']")[0];
                   return {x: n.renderedPosition().x, y: n.renderedPosition().y,
                           name: n.data('name')}; }"""
    )
    box = frame_el.bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    page.get_by_text(f"{pos['name']} (service)").wait_for(timeout=30_000)
    page.screenshot(path=str(OUTPUT / "3-node-details.png"), full_page=True)


def test_hostile_title_is_shown_as_text(page, app_url):
    page.goto(f"{app_url}/?q=dead+letter+queue+failing+messages", wait_until="networkidle")
    page.get_by_text("Open in the explorer").first.wait_for(timeout=60_000)
    assert page.get_by_text(HOSTILE, exact=False).count() > 0
    assert page.locator("img[src='x']").count() == 0
    assert page.dialogs == []
    page.screenshot(path=str(OUTPUT / "4-hostile.png"), full_page=True)


def test_study_plan_is_drawn(page, app_url):
    page.goto(f"{app_url}/?page=Study", wait_until="networkidle")
    picker = page.get_by_label("What do you want to learn?")
    picker.click()
    page.keyboard.type("Elastic Beanstalk")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.get_by_text("Download as markdown").wait_for(timeout=60_000)
    frame = page.locator("iframe[title*='st_link_analysis']").first
    frame.wait_for(timeout=60_000)
    inner = frame.element_handle().content_frame()
    inner.locator("#cy canvas").first.wait_for(timeout=30_000)
    steps = inner.evaluate("() => document.getElementById('cy')._cyreg.cy.nodes().length")
    assert steps == page.get_by_role("checkbox").count() >= 2
    # Every step is drawn with its name: cytoscape hides captions below min-zoomed-font-size.
    shown = inner.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
        return cy.nodes().map(n => [n.data('name'), n.style('label'),
            parseFloat(n.style('font-size')) * cy.zoom(),
            parseFloat(n.style('min-zoomed-font-size'))]); }"""
    )
    for name, label, on_screen, minimum in shown:
        assert label == name and name.split(". ", 1)[0].isdigit()
        assert on_screen >= max(minimum, 11), (name, on_screen)
    page.screenshot(path=str(OUTPUT / "5-study.png"), full_page=True)


def test_uploaded_notes_become_this_sessions_build(page, app_url, uploads, tmp_path):
    note = tmp_path / "my-notes.md"
    note.write_text(
        "# Zoo Notes\n\n## Quokka feeding\n\nThe quokka keeper writes every feeding time "
        "into a queue so the night shift can read what the animals already ate today.\n"
    )
    page.goto(f"{app_url}/?page=Your+notes", wait_until="networkidle")
    page.locator("input[type=file]").set_input_files(str(note))
    page.get_by_role("button", name="Build my notes").click()
    page.get_by_text("Your notes are now the active build").wait_for(timeout=120_000)
    saved = [d for d in uploads.iterdir() if (d / "build" / "manifest.json").is_file()]
    assert len(saved) == 1 and (saved[0] / "notes" / "my-notes.md").read_text() == note.read_text()
    # Same browser session: the search page now answers from the uploaded notes.
    page.get_by_text("Search", exact=True).first.click()
    box = page.get_by_label("Question or keywords")
    box.fill("when did the quokka eat")
    box.press("Enter")
    page.get_by_text("Quokka feeding").first.wait_for(timeout=60_000)
    # Provenance points at the saved copy, which outlives the upload.
    assert page.get_by_text(f"{saved[0].name}/notes/my-notes.md:3-5", exact=False).count() > 0
    page.screenshot(path=str(OUTPUT / "6-your-notes.png"), full_page=True)


def _click_node(page, node: dict, click) -> None:
    """Click (or double-click) a drawn node at its rendered position; wait until the URL
    names it."""
    where = page.locator("iframe[title*='st_link_analysis']").first.bounding_box()
    click(where["x"] + node["x"], where["y"] + node["y"])
    page.wait_for_function(
        "id => new URLSearchParams(location.search).get('node') === id",
        arg=node["id"],
        timeout=30_000,
    )


def _graph_frame(page):
    frame_el = page.locator("iframe[title*='st_link_analysis']").first
    frame_el.wait_for(timeout=60_000)
    frame = frame_el.element_handle().content_frame()
    frame.locator("#cy canvas").first.wait_for(timeout=30_000)
    return frame


def test_graph_labels_are_text_and_keep_ampersands(page, app_url):
    page.goto(f"{app_url}/?page=Explore&node=Producers+%26+consumers", wait_until="networkidle")
    names = _graph_frame(page).evaluate(
        "() => document.getElementById('cy')._cyreg.cy.nodes().map(n => n.data('name'))"
    )
    # "&" is drawn as itself (a look-alike had no glyph); no label can carry markup.
    assert "Producers & consumers" in names and "SQS" in names
    assert not any("<" in n or ">" in n for n in names)


def test_a_service_neighbourhood_is_drawn_with_names_and_relation_labels(page, app_url):
    page.goto(f"{app_url}/?page=Explore&node=SQS", wait_until="networkidle")
    drawn = _graph_frame(page).evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
        const px = (e, key) => parseFloat(e.style(key));
        const shown = e => e.style('label') !== '' &&
            px(e, 'font-size') * cy.zoom() >= px(e, 'min-zoomed-font-size');
        return {
            nodes: cy.nodes().map(n => [n.data('label'), n.data('name'), shown(n)]),
            near: cy.edges('[?near]').map(e => [e.data('label'), shown(e)]),
        }; }"""
    )
    # Around a service: the services it relates to, not its slides, each with its name shown.
    assert {kind for kind, _, _ in drawn["nodes"]} == {"service"} and len(drawn["nodes"]) >= 3
    assert all(shown for _, _, shown in drawn["nodes"]), drawn["nodes"]
    # The centre's own edges carry their relation type where it can be read.
    assert drawn["near"] and all(shown for _, shown in drawn["near"]), drawn["near"]


def test_the_explorer_opens_on_the_course_map_and_a_click_opens_a_service(page, app_url):
    page.goto(f"{app_url}/?page=Explore", wait_until="networkidle")
    frame = _graph_frame(page)
    page.wait_for_timeout(1500)  # let the layout settle
    drawn = frame.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
                   const n = cy.nodes()[0];
                   return {colours: cy.nodes().map(n => [n.data('label'),
                                                          n.style('background-color')]),
                           nodes: cy.nodes().length, edges: cy.edges().length,
                           x: n.renderedPosition().x, y: n.renderedPosition().y,
                           name: n.data('name'), id: n.id()}; }"""
    )
    assert drawn["nodes"] > 2 and drawn["edges"] > 0, drawn
    # Services are coloured by what they are for: one colour per group, groups told apart.
    by_group = {}
    for group, background in drawn["colours"]:
        by_group.setdefault(group, set()).add(background)
    assert len(by_group) >= 2 and all(len(b) == 1 for b in by_group.values()), by_group
    assert len({b.pop() for b in by_group.values()}) == len(by_group), by_group
    page.screenshot(path=str(OUTPUT / "7-course-map.png"), full_page=True)
    _click_node(page, drawn, page.mouse.click)
    page.get_by_text(f"{drawn['name']} (service)").wait_for(timeout=30_000)


def _names_drawn(page) -> list[dict]:
    """Each node's name as drawn: its box on screen and its font size there."""
    frame = _graph_frame(page)
    page.wait_for_timeout(1500)
    return frame.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
                   return cy.nodes().map(n => {
                       const b = n.renderedBoundingBox({includeNodes: false,
                                                        includeLabels: true});
                       return {name: n.data('name'), x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2,
                               px: parseFloat(n.style('font-size')) * cy.zoom()}; }); }"""
    )


def _covered(drawn: list[dict]) -> list[tuple[str, str]]:
    def overlap(a, b):
        return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]

    return [
        (a["name"], b["name"]) for i, a in enumerate(drawn) for b in drawn[i + 1 :] if overlap(a, b)
    ]


def test_the_course_map_names_every_service_legibly_and_no_name_covers_another(page, app_url):
    page.goto(f"{app_url}/?page=Explore", wait_until="networkidle")
    drawn = _names_drawn(page)
    assert len(drawn) >= 20, drawn
    small = [(d["name"], round(d["px"], 1)) for d in drawn if d["px"] < 9]
    assert not small, small
    assert not _covered(drawn)


def test_a_neighbourhood_with_its_slides_draws_no_name_over_another(page, app_url):
    page.goto(f"{app_url}/?page=Explore&node=Lambda", wait_until="networkidle")
    page.get_by_text("Lambda (service)").first.wait_for(timeout=30_000)
    assert len(_names_drawn(page)) > 3 and not _covered(_names_drawn(page))
    # With its concepts too: the names are longer and many more.
    box = page.get_by_label("Node kinds")
    box.click()
    page.get_by_role("option", name="concept").click()
    page.keyboard.press("Escape")
    page.wait_for_timeout(2500)
    drawn = _names_drawn(page)
    assert len(drawn) > 10 and not _covered(drawn), _covered(drawn)


def test_a_double_clicked_node_becomes_the_centre_after_a_choice_in_the_box(page, app_url):
    from playwright.sync_api import expect

    page.goto(f"{app_url}/?page=Explore", wait_until="networkidle")
    box = page.get_by_role("combobox", name="Service or concept")
    box.click()
    box.fill("SQS")
    page.get_by_role("option", name="SQS", exact=True).click()
    page.get_by_text("SQS (service)").wait_for(timeout=30_000)
    frame = _graph_frame(page)
    page.wait_for_timeout(1500)  # let the layout settle
    pos = frame.evaluate(
        """() => { const cy = document.getElementById('cy')._cyreg.cy;
                   const n = cy.nodes("[label = 'service'][name != 'SQS']")[0];
                   return {x: n.renderedPosition().x, y: n.renderedPosition().y,
                           name: n.data('name'), id: n.id()}; }"""
    )
    # Expanded: the URL, the box and the details all move to the clicked service.
    _click_node(page, pos, page.mouse.dblclick)
    # (A single tap already shows the node's details; the box follows once it reruns.)
    expect(box).to_have_value(pos["name"], timeout=30_000)
    page.get_by_text(f"{pos['name']} (service)").wait_for(timeout=30_000)
    # The graph is redrawn around it: every other node is its neighbour.
    page.wait_for_function(
        """id => [...document.querySelectorAll("iframe[title*='st_link_analysis']")].some(f => {
               const cy = f.contentDocument?.getElementById('cy')?._cyreg?.cy;
               return cy && cy.getElementById(id).length === 1 &&
                   cy.getElementById(id).neighborhood('node').length === cy.nodes().length - 1
                   && cy.nodes().length > 2 && cy.nodes("[name = 'SQS']").length === 1; })""",
        arg=pos["id"],
        timeout=30_000,
    )
    page.wait_for_timeout(1500)  # let the layout settle
    page.screenshot(path=str(OUTPUT / "6-expanded.png"), full_page=True)
