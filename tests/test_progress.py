"""Progress: what a student has learned, shared by processes and kept across rebuilds."""

import json
import multiprocessing
import sqlite3

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from graph.api import create_app
from graph.cli import cli
from graph.progress import ProgressError, ProgressStore, default_progress_path, keys_for
from graph.store import load_build
from graph.study import plan_study
from ingest.build import build

WRITES = 150


@pytest.fixture()
def store(tmp_path):
    return ProgressStore(tmp_path / "deep" / "er" / "progress.sqlite")


@pytest.fixture(scope="module")
def sample(sample_build):
    return load_build(sample_build)


def test_keys_are_added_listed_removed_and_reset(store):
    assert store.learned() == set() and not store.path.exists()  # reading creates nothing
    assert store.add(["service:IAM", "concept:01-iam.md › Policies in practice"]) == 2
    assert store.add(["service:IAM"]) == 0
    assert store.learned() == {"service:IAM", "concept:01-iam.md › Policies in practice"}
    assert [e["name"] for e in store.entries()] == ["Policies in practice", "IAM"]
    assert store.remove(["service:IAM", "service:EC2"]) == 1
    assert store.reset() == 1 and store.learned() == set()
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_the_default_file_is_in_the_users_data_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_PROGRESS", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_progress_path() == tmp_path / "data" / "studykg" / "progress.sqlite"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_progress_path() == tmp_path / "home/.local/share/studykg/progress.sqlite"
    monkeypatch.setenv("KG_PROGRESS", str(tmp_path / "mine.sqlite"))
    assert ProgressStore().path == tmp_path / "mine.sqlite"


def _write_many(path: str, prefix: str) -> None:
    store = ProgressStore(path)
    for i in range(WRITES):
        store.add([f"concept:notes.md › {prefix} {i}"])
        if i % 10 == 0:
            store.remove([f"concept:notes.md › {prefix} {i}"])


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(path, name)) for name in ("app", "cli")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    learned = ProgressStore(path).learned()
    expected = {
        f"concept:notes.md › {name} {i}" for name in ("app", "cli") for i in range(WRITES) if i % 10
    }
    assert learned == expected


def test_a_file_that_is_not_ours_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nnot a database\n")
    before = notes.read_bytes()
    with pytest.raises(ProgressError, match="not a studykg progress file"):
        ProgressStore(notes).add(["service:IAM"])
    with pytest.raises(ProgressError, match="not a studykg progress file"):
        ProgressStore(notes).learned()
    assert notes.read_bytes() == before
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(ProgressError, match="not a studykg progress file"):
        ProgressStore(other).add(["service:IAM"])
    with pytest.raises(ProgressError, match="is a folder"):
        ProgressStore(tmp_path).add(["service:IAM"])


NOTES = (
    "# AWS IAM\n\nIAM users, groups and roles get policies that allow or deny each API call; "
    "least privilege means granting only what a job needs.\n\n"
    "# Amazon SQS\n\nSQS keeps messages in a queue until a consumer polls, processes and "
    "deletes them, so producers and consumers never wait for each other.\n\n"
    "# SQS access\n\nAn IAM policy must permit each call to SQS, and a queue policy can "
    "let another account send messages to the queue.\n\n"
    "# Hands On\n\nCreate an SQS queue in the console, send a message and poll it back.\n\n"
    "# SQS visibility\n\nWhile a consumer works on a message, SQS hides it from the other "
    "consumers for the visibility timeout, then shows it again if it was not deleted.\n\n"
    "# Hands On\n\nChange the visibility timeout of the SQS queue and watch a message come back.\n"
)


def test_a_rebuild_keeps_what_was_learned(tmp_path, cache_dir):
    first_notes = tmp_path / "v1"
    first_notes.mkdir()
    (first_notes / "sqs.md").write_text(NOTES)
    build([first_notes], tmp_path / "b1", cache_dir=cache_dir)
    b1 = load_build(tmp_path / "b1")
    store = ProgressStore(tmp_path / "progress.sqlite")
    store.add(keys_for(b1, ["SQS visibility", "IAM"]))
    # The second "Hands On" is told apart from the first by its place among equals.
    second_hands_on = [c for c, d in b1.nodes_of("concept") if d["title"] == "Hands On"][1]
    store.add(keys_for(b1, ["concept:sqs.md › Hands On #2"]))
    # The same notes, rebuilt with another file whose concepts come first: ids all move.
    second_notes = tmp_path / "v2"
    second_notes.mkdir()
    (second_notes / "sqs.md").write_text(NOTES)
    (second_notes / "0-intro.md").write_text(
        "# Welcome\n\nThese notes cover queues and permissions, one topic per heading.\n"
    )
    build([second_notes], tmp_path / "b2", cache_dir=cache_dir)
    b2 = load_build(tmp_path / "b2")
    moved = [c for c, d in b2.nodes_of("concept") if d["title"] == "Hands On"][1]
    assert moved != second_hands_on
    plan = plan_study(b2, ["SQS"], progress=store)
    titles = [s.title for s in plan.steps]
    assert "SQS visibility" not in titles and titles.count("Hands On") == 1
    skipped = {(s["name"], s["reason"]) for s in plan.skipped}
    assert {("SQS visibility", "learned"), ("Hands On", "learned"), ("IAM", "learned")} <= skipped
    assert "IAM" not in {s.service for s in plan.steps}


def test_a_plan_shows_minutes_done_and_left(sample, tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    full = plan_study(sample, ["SQS"], progress=store)
    assert full.minutes_done == 0 and full.minutes_left == full.minutes
    store.add(keys_for(sample, ["Visibility timeout"]))
    plan = plan_study(sample, ["SQS"], progress=store)
    done = next(s for s in full.steps if s.title == "Visibility timeout")
    assert plan.minutes_done == done.minutes
    assert plan.minutes_left == pytest.approx(full.minutes - done.minutes, abs=0.05)
    every = plan_study(sample, ["SQS"], progress=store, ignore_progress=True)
    assert [s.title for s in every.steps] == [s.title for s in full.steps]
    assert [s.title for s in every.steps if s.done] == ["Visibility timeout"]
    assert every.to_dict()["minutes_left"] == plan.minutes_left


def test_a_learned_service_is_skipped_but_a_concept_asked_for_is_not(sample, tmp_path):
    store = ProgressStore(tmp_path / "p.sqlite")
    store.add(["service:SQS"])
    assert plan_study(sample, ["SQS"], progress=store).steps == []
    plan = plan_study(sample, ["Visibility timeout"], progress=store)
    assert [s.title for s in plan.steps if s.role == "target"] == ["Visibility timeout"]


@pytest.fixture()
def run(tmp_path):
    runner = CliRunner()
    progress = str(tmp_path / "cli.sqlite")

    def _run(*args, input=None):
        return runner.invoke(cli, [str(a) for a in args] + ["--progress", progress], input=input)

    return _run


def test_kg_progress_commands(run, sample_build):
    added = run("progress", "add", "iam", "Visibility timeout", "--build", sample_build)
    assert added.exit_code == 0, added.output
    assert "learned IAM, Visibility timeout (2 new)" in added.output
    listed = json.loads(run("progress", "list", "--json").output)
    assert [e["key"] for e in listed] == ["concept:13-sqs.md › Visibility timeout", "service:IAM"]
    plan = json.loads(run("study", "SQS", "--json", "--build", sample_build).output)
    assert {"name": "Visibility timeout"}.items() <= plan["skipped"][0].items()
    assert "Visibility timeout" not in [s["title"] for s in plan["steps"]]
    kept = json.loads(
        run("study", "SQS", "--json", "--ignore-progress", "--build", sample_build).output
    )
    assert [s["title"] for s in kept["steps"] if s["done"]] == ["Visibility timeout"]
    gone = run("progress", "remove", "concept:13-sqs.md › Visibility timeout", "--build", "none")
    assert "forgot 1 of 1" in gone.output
    assert run("progress", "reset", input="n\n").exit_code == 1  # asks first
    assert "forgot 1" in run("progress", "reset", "--yes").output
    assert "nothing learned yet" in run("progress", "list").output


def test_kg_progress_errors_are_one_line(run, sample_build, tmp_path):
    result = run("progress", "add", "Frobnicator", "--build", sample_build)
    assert result.exit_code == 2 and "nothing named 'Frobnicator'" in result.output
    assert "Traceback" not in result.output


def test_kg_path_says_relations_in_words_and_marks_what_was_learned(run, sample_build):
    run("progress", "add", "S3", "--build", sample_build)
    text = run("path", "S3", "CloudFront", "--build", sample_build).output
    assert text.splitlines()[0] == "S3 is an origin of CloudFront  (learned: S3)"


def test_the_api_reads_progress_only_when_asked(sample_build, tmp_path, monkeypatch):
    path = tmp_path / "api.sqlite"
    monkeypatch.setenv("KG_PROGRESS", str(path))
    with TestClient(create_app(sample_build, warm=False), base_url="http://127.0.0.1") as client:
        ProgressStore(path).add(["service:SQS"])
        plain = client.get("/study", params={"target": "SQS"}).json()
        assert plain["steps"] and plain["minutes_done"] == 0
        asked = client.get("/study", params={"target": "SQS", "progress": "true"}).json()
        assert asked["steps"] == [] and asked["minutes_done"] == plain["minutes"]
    monkeypatch.setenv("KG_PROGRESS", str(tmp_path))  # a folder: unusable
    with TestClient(create_app(sample_build, warm=False), base_url="http://127.0.0.1") as client:
        r = client.get("/study", params={"target": "SQS", "progress": "true"})
        assert r.status_code == 503 and "is a folder" in r.json()["detail"]
