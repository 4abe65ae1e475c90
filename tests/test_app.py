"""The Streamlit app, page by page, driven by streamlit.testing.v1.AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph.store import load_build

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture()
def app_on(monkeypatch):
    def _app(build: Path, **params) -> AppTest:
        monkeypatch.setenv("KG_BUILD", str(build))
        at = AppTest.from_file(str(APP), default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()

    return _app


def captions(at) -> list[str]:
    """Caption texts as shown (the app escapes markdown with backslashes)."""
    return [c.value.replace("\\", "") for c in at.caption]


def test_search_shows_results_with_provenance(app_on, sample_build):
    at = app_on(sample_build)
    at.text_input(key="q").input("messages waiting for a consumer").run()
    assert not at.exception
    assert any(".md:" in c for c in captions(at))
    assert at.query_params["q"] in (
        "messages waiting for a consumer",
        ["messages waiting for a consumer"],
    )


def test_search_says_which_typos_it_corrected(app_on, sample_build):
    at = app_on(sample_build)
    at.text_input(key="q").input("visibilty timout").run()
    assert "Typos corrected: visibilty → visibility, timout → timeout" in captions(at)
    assert any("13-sqs.md" in c for c in captions(at))


def test_search_says_when_the_build_is_outdated(app_on, sample_build, outdated_build):
    at = app_on(outdated_build)
    at.text_input(key="q").input("visibility timeout").run()
    assert any("made by an older version" in c for c in captions(at))
    at = app_on(sample_build)
    at.text_input(key="q").input("visibility timeout").run()
    assert not any("older version" in c for c in captions(at))


def test_every_page_says_when_the_build_was_made_by_other_ingest_code(
    app_on, sample_build, stale_build
):
    at = app_on(stale_build, page="Study")
    assert any("other ingest code" in w.value for w in at.sidebar.warning)
    assert not app_on(sample_build, page="Study").sidebar.warning


def test_service_filter_narrows_results(app_on, sample_build):
    at = app_on(sample_build)
    at.text_input(key="q").input("encryption keys").run()
    everything = len([c for c in captions(at) if ".md:" in c])
    at.selectbox(key="service").select("SQS").run()
    narrowed = [c for c in captions(at) if ".md:" in c]
    assert 0 < len(narrowed) < everything
    chips = [m.value for m in at.markdown if m.value.startswith("`")]
    assert len(chips) == len(narrowed) and all("`SQS`" in c for c in chips)


def test_deep_link_restores_the_search(app_on, sample_build):
    at = app_on(sample_build, q="fan out to several queues")
    assert at.text_input(key="q").value == "fan out to several queues"
    assert any("14-sns.md" in c for c in captions(at))


def test_a_result_opens_in_the_explorer(app_on, sample_build):
    at = app_on(sample_build, q="fan out to several queues")
    at.button[0].click().run()
    assert at.sidebar.radio(key="page").value == "Explore"
    node = at.query_params["node"]
    node = node if isinstance(node, str) else node[0]
    assert node.startswith("concept:")
    assert at.subheader and "(concept)" in at.subheader[0].value
    # The details say what the concept's slides say, not only where they are.
    build = load_build(sample_build)
    texts = [t.value for t in at.text]
    assert texts and texts == [build.chunks[c].text for c in build.graph.nodes[node]["chunks"]]


def test_explore_deep_link_and_unknown_node(app_on, sample_build):
    at = app_on(sample_build, page="Explore", node="service:SQS")
    assert not at.exception
    assert at.subheader[0].value == "SQS (service)"
    assert any("nodes" in c and "edges" in c for c in captions(at))
    at = app_on(sample_build, page="Explore", node="Frobnicator")
    assert not at.exception
    assert any("nothing named" in w.value for w in at.warning)


def test_explore_opens_on_a_map_of_the_most_related_services(app_on, sample_build):
    at = app_on(sample_build, page="Explore")
    assert not at.exception
    # Nothing chosen yet: no service's details, a map of the course instead.
    assert not at.subheader
    assert any(c.startswith("The ") and "most relations" in c for c in captions(at))


def test_explore_box_follows_the_node_shown(app_on, sample_build):
    at = app_on(sample_build, page="Explore")
    at.selectbox(key="explore_pick").set_value("SQS").run()
    assert at.subheader[0].value == "SQS (service)"
    # Expanding a node in the graph moves the URL to it; the earlier choice in the box
    # must not pull the view back.
    at.session_state["explore_center"] = "service:Lambda"
    at.query_params["node"] = "service:Lambda"
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "Lambda (service)"
    assert at.selectbox(key="explore_pick").value == "Lambda"


def test_services_page_lists_relations(app_on, sample_build):
    at = app_on(sample_build, page="Services")
    assert not at.exception and at.dataframe
    table = at.dataframe[0].value.set_index("service")
    assert table.loc["Lambda", "concepts"] > 0 and table.loc["Lambda", "relations"] > 0
    at.selectbox(key="service_pick").select("Lambda").run()
    labels = [e.label for e in at.expander]
    assert any("event_source_mapping" in label for label in labels)
    # A bare statement (a sub-heading naming the service) is shown with where it stands.
    at.selectbox(key="service_pick").select("CloudWatch").run()
    assert any(
        c.endswith("12-monitoring.md:9-9 · CloudWatch: CloudWatch Logs") for c in captions(at)
    )


def test_study_page_plans_and_ticks(app_on, sample_build):
    at = app_on(sample_build, page="Study")
    at.multiselect(key="study_targets").select("Elastic Beanstalk").run()
    boxes = at.checkbox
    assert len(boxes) >= 2
    boxes[0].check().run()
    assert at.checkbox[0].value is True
    at.multiselect(key="study_known").select("EC2").run()
    assert any("Skipped EC2" in c for c in captions(at))


def test_missing_build_says_which_command_to_run(app_on, tmp_path):
    at = app_on(tmp_path / "nothing")
    assert not at.exception
    assert any("kg ingest" in e.value for e in at.error)
    assert at.button(key="build_samples")


def test_notes_page_renders_without_a_build(app_on, tmp_path):
    at = app_on(tmp_path / "nothing", page="Your notes")
    assert not at.exception
    assert any("Active build" in c for c in captions(at))


def test_hostile_titles_show_as_text(app_on, hostile_build):
    at = app_on(hostile_build, q="dead letter queue failing messages")
    shown = [m.value for m in at.markdown if "img" in m.value] + [
        c.value for c in at.caption if "img" in c.value
    ]
    assert shown and all("\\<img" in v for v in shown)
    at = app_on(hostile_build, page="Explore", node="SQS")
    assert not at.exception
    at = app_on(hostile_build, page="Study")
    at.multiselect(key="study_targets").select("SQS").run()
    assert not at.exception


def test_the_app_never_allows_raw_html():
    assert "unsafe_allow_html" not in APP.read_text().replace("`unsafe_allow_html`", "")
