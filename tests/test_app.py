"""The Streamlit page, driven by streamlit.testing.v1.AppTest."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture()
def app_on(monkeypatch):
    def _app(build: Path) -> AppTest:
        monkeypatch.setenv("KG_BUILD", str(build))
        at = AppTest.from_file(APP, default_timeout=60)
        return at.run()

    return _app


def test_search_shows_results_with_provenance(app_on, sample_build):
    at = app_on(sample_build)
    at.text_input(key="q").input("messages waiting for a consumer").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any(".md:" in c for c in captions)
    assert at.query_params["q"] == ["messages waiting for a consumer"] or at.query_params["q"]


def test_service_filter_narrows_results(app_on, sample_build):
    at = app_on(sample_build)
    at.text_input(key="q").input("encryption keys").run()
    everything = len([c for c in at.caption if ".md:" in c.value])
    at.selectbox(key="service").select("SQS").run()
    narrowed = [c.value for c in at.caption if ".md:" in c.value]
    assert len(narrowed) < everything
    chips = [m.value for m in at.markdown if m.value.startswith("`")]
    assert len(chips) == len(narrowed) > 0
    assert all("`SQS`" in c for c in chips)


def test_missing_build_says_which_command_to_run(app_on, tmp_path):
    at = app_on(tmp_path / "nothing")
    assert not at.exception
    assert any("kg ingest" in e.value for e in at.error)
