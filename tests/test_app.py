"""The Streamlit app, page by page, driven by streamlit.testing.v1.AppTest.

Pages are opened by their addresses of the one-page app (`?page=Explore&node=SQS`), which
the multipage app keeps working; the browser tests open them by their own (`/explore`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from streamlit.testing.v1 import AppTest

from graph.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from graph.store import load_build

APP = Path(__file__).resolve().parent.parent / "app.py"
SNAKE = re.compile(r"\b[a-z]+_[a-z]+(?:_[a-z]+)*\b")
PAGE_TITLES = ["Search", "Slide", "Explore", "Services", "Study", "Your notes"]
LINK = "https://docs.example.com/queues/guide_v2.html"
LONG_LINE = (
    "Retries happen with growing waits between them, " * 6
    + "and after the last one the message waits in the side queue until someone looks."
)


@pytest.fixture()
def progress_file(tmp_path) -> Path:
    return tmp_path / "progress.sqlite"


@pytest.fixture()
def app_on(monkeypatch, progress_file):
    def _app(build: Path, **params) -> AppTest:
        monkeypatch.setenv("KG_BUILD", str(build))
        monkeypatch.setenv("KG_PROGRESS", str(progress_file))
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return _app


@pytest.fixture(scope="module")
def linked_build(tmp_path_factory, cache_dir) -> Path:
    """Notes of our own with a web link (escaped as a markdown export writes it) and a line
    longer than a snippet."""
    from ingest.build import build

    notes = tmp_path_factory.mktemp("linked-notes")
    escaped = LINK.replace("_", "\\_")
    (notes / "queues.md").write_text(
        "# Queue notes\n\n## Retry guide\n\n"
        f"The retry guide for poison messages lives at <{escaped}> with examples.\n\n"
        f"## Backoff\n\n{LONG_LINE}\n"
    )
    out = tmp_path_factory.mktemp("linked-build") / "build"
    build([notes], out, cache_dir=cache_dir)
    return out


def captions(at) -> list[str]:
    """Caption texts as shown (the app escapes markdown with backslashes)."""
    return [c.value.replace("\\", "") for c in at.caption]


def markdowns(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown]


def links(at) -> list[tuple[str, str, str]]:
    """Page links as (label, page, query string)."""
    return [
        (p.proto.label.replace("\\", ""), p.proto.page, unquote(p.proto.query_string))
        for p in at.get("page_link")
    ]


def drawn(at) -> dict:
    """The elements handed to the graph component."""
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["elements"]


def shown_text(at) -> str:
    parts = [*markdowns(at), *captions(at), *(s.value for s in at.subheader)]
    parts += [h.value for h in at.header] + [label for label, _, _ in links(at)]
    return "\n".join(parts)


# -- 1. a slide, not a path -----------------------------------------------------------
def test_a_hit_cites_its_slide_and_shows_no_path_or_raw_score(app_on, sample_build):
    at = app_on(sample_build, q="hidden from other consumers")
    assert not at.exception
    assert "13-sqs · SQS · relevance ▰▰▰▰▰" in captions(at)
    assert not any(".md" in c or "score" in c for c in captions(at))
    label, page, query = links(at)[0]
    assert label.endswith("1. Visibility timeout**") and page == "slide"
    chunk = int(query.removeprefix("chunk="))
    assert load_build(sample_build).chunks[chunk].title == "Visibility timeout"


def test_a_slide_opens_with_its_text_neighbours_concept_and_services(app_on, sample_build):
    build = load_build(sample_build)
    chunk = next(c for c in build.chunks if c.title == "Visibility timeout")
    at = app_on(sample_build, page="Slide", chunk=str(chunk.chunk_id))
    assert not at.exception and at.title[0].value == "Slide"
    assert at.subheader[0].value == "Visibility timeout"
    assert captions(at)[0].startswith("13-sqs · SQS › Visibility timeout")
    words = " ".join(chunk.text.split())
    assert any(" ".join(m.split()) == words for m in markdowns(at))
    shown = {label: (page, query) for label, page, query in links(at)}
    assert shown["← 13-sqs · SQS › Queues for decoupling"][0] == "slide"
    assert shown["13-sqs · SQS › FIFO queues →"][0] == "slide"
    assert shown["The concept “Visibility timeout”"] == ("explore", f"node={chunk.concept}")
    assert shown["SQS: Amazon Simple Queue Service"] == ("services", "service=SQS")


def test_a_slide_that_is_not_there_says_so_in_words(app_on, sample_build):
    at = app_on(sample_build, page="Slide", chunk="99999")
    assert not at.exception and "not in these notes" in at.warning[0].value


# -- 2. snippets ----------------------------------------------------------------------
def test_snippets_keep_links_as_links_and_cut_at_a_word(app_on, linked_build):
    at = app_on(linked_build, q="retry guide for poison messages")
    link = f"]({LINK})"
    assert any(link in m.value for m in at.markdown), markdowns(at)
    at = app_on(linked_build, q="growing waits between retries")
    cut = next(m for m in markdowns(at) if "waits" in m and m.endswith("…"))
    last_word = cut.removesuffix("…").split()[-1].strip("*")
    assert re.search(rf"\b{re.escape(last_word)}\b", LONG_LINE), cut


# -- 3. explore -----------------------------------------------------------------------
def test_a_tapped_edge_shows_the_relation_in_words_with_its_evidence(app_on, sample_build):
    edge = "pair|service:Lambda|service:SQS"
    at = app_on(sample_build, page="Explore", node="Lambda", pick=edge)
    assert not at.exception
    assert "**Lambda reads from SQS (event source mapping)**" in markdowns(at)
    quote = next(m for m in markdowns(at) if m.startswith("> "))
    assert "Lambda polls SQS queues" in quote
    # Each statement links to the slide it stands on.
    assert any(page == "slide" and "Event source mapping" in label for label, page, _ in links(at))
    assert next(e for e in drawn(at)["edges"] if e["data"]["id"] == edge)["data"]["picked"]


def test_a_tapped_node_shows_a_card_in_words(app_on, sample_build):
    at = app_on(sample_build, page="Explore", node="Lambda", pick="service:SQS")
    text = shown_text(at)
    assert "### SQS" in text and "Amazon Simple Queue Service" in text
    assert "SQS is read by Lambda (event source mapping)" in text
    assert ("explore", "node=service:SQS") in {(p, q) for _, p, q in links(at)}
    assert not SNAKE.search(text), SNAKE.findall(text)


def test_the_graph_is_coloured_by_category_with_a_legend_and_words_on_its_edges(
    app_on, sample_build
):
    at = app_on(sample_build, page="Explore", node="SQS")
    elements = drawn(at)
    groups = {n["data"]["name"]: n["data"]["label"] for n in elements["nodes"]}
    assert groups["SQS"] == groups["SNS"] == "green" and groups["Lambda"] == "red"
    assert ":green-badge[Integration, Analytics]" in at.markdown[0].value.replace("\\", "")
    # One edge per pair, its relations in words read from the centre's side, one a line.
    words = {e["data"]["words"] for e in elements["edges"] if e["data"]["labelled"]}
    lambda_sqs = next(
        e for e in elements["edges"] if e["data"]["id"] == "pair|service:Lambda|service:SQS"
    )
    assert lambda_sqs["data"]["words"].split("\n")[0] == "is read by (event source mapping)"
    assert not any(SNAKE.search(w) for w in words)
    # No element can be selected: a selection opens the component's panel of raw fields.
    assert all(not el["selectable"] for el in elements["nodes"] + elements["edges"])


def test_a_large_neighbourhood_is_capped_and_says_what_was_left_out(app_on, sample_build):
    at = app_on(sample_build, page="Explore", node="Lambda")
    at.slider(key="depth").set_value(3).run()
    at.multiselect(key="kinds_service").select("concept").run()
    assert len(drawn(at)["nodes"]) <= 25
    left = next(c for c in captions(at) if "Left out to keep it readable" in c)
    assert re.search(r"\d+ concepts", left)
    # Nodes two hops away are drawn faded (a style rule on their hops); edges between two
    # neighbours are drawn only for the picked node.
    at = app_on(sample_build, page="Explore", node="SQS")
    at.slider(key="depth").set_value(2).run()
    elements = drawn(at)
    assert any(n["data"]["hops"] == 2 for n in elements["nodes"])
    assert any(e["data"]["chord"] for e in elements["edges"])


def test_explore_deep_link_and_unknown_node(app_on, sample_build):
    at = app_on(sample_build, page="Explore", node="Frobnicator")
    assert not at.exception
    assert any("nothing named" in w.value for w in at.warning)
    at = app_on(sample_build, page="Explore")
    assert any(c.startswith("The ") and "most relations" in c for c in captions(at))


# -- 4. services ----------------------------------------------------------------------
def test_a_service_has_a_heading_its_slides_in_order_and_its_relations_with_evidence(
    app_on, sample_build
):
    at = app_on(sample_build, page="Services", service="Lambda")
    assert not at.exception and at.header[0].value == "Lambda"
    assert "AWS Lambda · :red-badge[Compute] · service" in markdowns(at)
    taught = [(label, q) for label, page, q in links(at) if page == "slide"]
    first = next(i for i, (label, _) in enumerate(taught) if "Serverless functions" in label)
    chunks = [int(q.removeprefix("chunk=")) for _, q in taught[first : first + 4]]
    assert chunks == sorted(chunks)
    # Evidence is on the page, not folded away.
    assert not at.expander
    assert "**Lambda reads from SQS (event source mapping)**" in markdowns(at)
    assert any(m.startswith("> Lambda polls SQS queues") for m in markdowns(at))
    assert not SNAKE.search(shown_text(at))
    assert drawn(at)["nodes"]


def test_the_services_table_picks_a_row(app_on, sample_build):
    at = app_on(sample_build, page="Services")
    table = at.dataframe[0].value.set_index("service")
    assert table.loc["Lambda", "concepts"] > 0 and table.loc["Lambda", "relations"] > 0
    assert not at.header  # nothing chosen yet


# -- 5. study -------------------------------------------------------------------------
def test_study_steps_cite_slides_fold_their_text_and_count_progress(
    app_on, sample_build, progress_file
):
    at = app_on(sample_build, page="Study")
    at.multiselect(key="study_targets").select("Elastic Beanstalk").run()
    assert not at.exception and len(at.checkbox) >= 2
    assert not any(re.search(r"\.md:\d", c) for c in captions(at))
    assert "02-ec2 · slide 1 · EC2 in a nutshell" in " ".join(captions(at))
    folded = at.expander[0]
    assert folded.label == "Read the slides"
    assert any("EC2" in m.value for m in folded.markdown)
    summary = next(m for m in markdowns(at) if " steps, about " in m)
    assert "0 done (0 min)" in summary
    at.checkbox[0].check().run()
    summary = next(m for m in markdowns(at) if " steps, about " in m)
    assert "1 done (" in summary
    # The tick is kept in the progress file that kg progress and kg study read.
    from graph.progress import ProgressStore

    learned = ProgressStore(progress_file).learned()
    assert len(learned) == 1
    # A new session (the app restarted) shows it ticked; unticking forgets it.
    at = app_on(sample_build, page="Study")
    at.multiselect(key="study_targets").select("Elastic Beanstalk").run()
    assert at.checkbox[0].value is True and "1 done (" in " ".join(markdowns(at))
    at.checkbox[0].uncheck().run()
    assert ProgressStore(progress_file).learned() == set()
    at.multiselect(key="study_known").select("EC2").run()
    assert any("Skipped EC2" in c for c in captions(at))


def test_a_plan_lists_what_is_related_but_not_needed_first(app_on, sample_build):
    at = app_on(sample_build, page="Study")
    at.multiselect(key="study_targets").select("Lambda").run()
    related = next(e for e in at.expander if e.label.startswith("Related, not needed first"))
    items = [m.value.replace("\\", "") for m in related.markdown]
    assert items and all(i.startswith("- ") for i in items)
    assert not any(SNAKE.search(i) for i in items)


# -- 6. your notes --------------------------------------------------------------------
def test_the_uploader_says_the_limit_our_check_applies(app_on, sample_build):
    at = app_on(sample_build, page="Your notes")
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb == MAX_UPLOAD_MB
    assert f"up to {MAX_UPLOAD_MB} MB each" in at.markdown[0].value
    assert "/" not in " ".join(captions(at)).replace("`", "")


def test_upload_problems_are_said_in_words_without_paths(tmp_path):
    import app

    many = [(f"n{i}.md", 10) for i in range(MAX_UPLOAD_FILES + 1)]
    assert f"at most {MAX_UPLOAD_FILES}" in app.upload_problem(many)
    big = [("/home/me/notes/huge.md", MAX_UPLOAD_MB * 1024 * 1024 + 1)]
    assert app.upload_problem(big) == f"Over {MAX_UPLOAD_MB} MB: huge.md."
    # A file of nothing but a title builds nothing: the message names no folder.
    outcome = app.build_upload([("empty.md", b"")], tmp_path / "uploads")
    assert not outcome.ok and str(tmp_path) not in outcome.message and "/" not in outcome.message
    # A name longer than a disk takes is shortened, not a traceback.
    outcome = app.build_upload(
        [("q" * 300 + ".md", b"# Queues\n\nConsumers poll SQS and delete each message.\n")],
        tmp_path / "uploads",
    )
    assert outcome.ok, outcome.message


# -- 7. a multipage app ---------------------------------------------------------------
@pytest.fixture()
def deprecations(monkeypatch) -> list[str]:
    """Streamlit's deprecation warnings, as it logs them (the page hides them)."""
    from streamlit import deprecation_util

    said: list[str] = []
    monkeypatch.setattr(deprecation_util._LOGGER, "warning", lambda msg, *a: said.append(msg))
    return said


@pytest.mark.parametrize(
    "title, params",
    [(t, {}) for t in PAGE_TITLES]
    + [("Services", {"service": "SQS"}), ("Explore", {"node": "SQS"}), ("Search", {"q": "queue"})],
)
def test_every_page_has_its_title_and_no_deprecation_warning(
    app_on, sample_build, deprecations, title, params
):
    at = app_on(sample_build, page=title, **params)
    assert not at.exception and at.title[0].value == title
    assert not deprecations, deprecations


def test_old_addresses_lead_to_the_new_pages_with_their_parameters(app_on, sample_build):
    at = app_on(sample_build, page="Explore", node="service:SQS")
    assert at.title[0].value == "Explore" and at.query_params.get("node") == "service:SQS"
    assert "page" not in at.query_params
    at = app_on(sample_build, page="Your notes")
    assert at.title[0].value == "Your notes"


def test_a_failing_page_shows_no_traceback_or_path(app_on, sample_build, monkeypatch):
    import graph.slideview

    def broken(*_args, **_kw):
        raise RuntimeError("/srv/secret/data/build/chunks.jsonl is broken")

    monkeypatch.setattr(graph.slideview, "slide_view", broken)
    at = app_on(sample_build, page="Slide", chunk="3")
    assert not at.exception
    assert "Something went wrong" in at.error[0].value
    assert "/srv" not in shown_text(at) + " ".join(e.value for e in at.error)


def test_missing_build_offers_to_build_the_samples_without_a_path(app_on, tmp_path):
    at = app_on(tmp_path / "nothing")
    assert not at.exception
    assert "nothing to search yet" in at.error[0].value
    assert at.button(key="build_samples")
    assert str(tmp_path) not in shown_text(at)


def test_every_page_says_when_the_build_was_made_by_other_ingest_code(
    app_on, sample_build, stale_build
):
    at = app_on(stale_build, page="Study")
    assert any("older version" in w.value for w in at.sidebar.warning)
    assert not app_on(sample_build, page="Study").sidebar.warning


def test_search_says_which_typos_it_corrected(app_on, sample_build):
    at = app_on(sample_build, q="visibilty timout")
    assert "Typos corrected: visibilty → visibility, timout → timeout" in captions(at)


def test_search_says_when_the_keyword_index_is_outdated(app_on, outdated_build):
    at = app_on(outdated_build, q="visibility timeout")
    assert any("keyword index is rebuilt" in c for c in captions(at))


def test_service_filter_narrows_results(app_on, sample_build):
    at = app_on(sample_build, q="encryption keys")
    everything = len([label for label, page, _ in links(at) if page == "slide"])
    at.selectbox(key="service").select("SQS").run()
    narrowed = [m for m in at.markdown if m.value.startswith(":")]
    assert 0 < len(narrowed) < everything
    assert all("[SQS]" in m.value for m in narrowed)


def test_hostile_titles_show_as_text(app_on, hostile_build):
    at = app_on(hostile_build, q="dead letter queue failing messages")
    raw = [c.value for c in at.caption] + [p.proto.label for p in at.get("page_link")]
    shown = [text for text in raw if "img" in text]
    assert shown and all("\\<img" in text for text in shown)
    for params in ({"page": "Explore", "node": "SQS"}, {"page": "Services", "service": "SQS"}):
        assert not app_on(hostile_build, **params).exception
    names = [
        n["data"]["name"] for n in drawn(app_on(hostile_build, page="Explore", node="SQS"))["nodes"]
    ]
    assert not any("<" in n for n in names)


def test_the_app_never_allows_raw_html():
    assert "unsafe_allow_html" not in APP.read_text().replace("`unsafe_allow_html`", "")
