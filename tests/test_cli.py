"""The kg command line: every command's help, output shapes, and one-line errors."""

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli

COMMANDS = [
    "ingest", "search", "show", "relations", "map", "similar", "study", "path", "export",
    "eval", "stats", "verify", "serve", "app", "progress",
]  # fmt: skip


@pytest.fixture()
def run():
    runner = CliRunner()

    def _run(*args):
        return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return _run


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.output and f"kg {command}" in result.output


def test_search_json_carries_provenance(run, sample_build):
    result = run("search", "which service keeps messages for consumers", "-k", 3,
                 "--build", sample_build, "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert 1 <= len(hits) <= 3
    keys = {"rank", "score", "chunk_id", "concept", "title", "section", "source",
            "line_start", "line_end", "services", "snippet"}  # fmt: skip
    assert keys <= set(hits[0])
    assert hits[0]["source"].endswith(".md") and hits[0]["line_start"] >= 1


def test_search_says_which_typos_it_corrected(run, sample_build):
    result = run("search", "visibilty timout", "-k", 1, "--build", sample_build)
    assert result.exit_code == 0
    assert "typos corrected: visibilty → visibility, timout → timeout" in result.stderr
    assert "Visibility timeout" in result.stdout
    assert "typos" not in run("search", "visibility timeout", "--build", sample_build).stderr


def test_an_outdated_keyword_index_is_reported(run, sample_build, outdated_build):
    result = run("search", "visibility timeout", "-k", 1, "--build", outdated_build)
    assert result.exit_code == 0 and "Visibility timeout" in result.stdout
    assert f"{outdated_build} was built by an older kg" in result.stderr
    assert "older kg" in run("stats", "--build", outdated_build).output
    stats = json.loads(run("stats", "--build", outdated_build, "--json").output)
    assert stats["keyword_index"] == "outdated"
    # A current build says nothing, and dense search never reads the keyword index.
    assert "older kg" not in run("search", "visibility timeout", "--build", sample_build).stderr
    current = json.loads(run("stats", "--build", sample_build, "--json").output)
    assert current["keyword_index"] == "stored"
    dense = run("search", "visibility timeout", "--mode", "dense", "--build", outdated_build)
    assert "older kg" not in dense.stderr


def test_batch_search_prints_one_json_array_per_query(run, sample_build, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("queue for messages\n\n!!!\nload balancer health checks\n")
    result = run("search", "--batch", queries, "--build", sample_build, "-k", 2)
    lines = [json.loads(x) for x in result.output.strip().split("\n")]
    assert len(lines) == 3
    assert isinstance(lines[0], list) and len(lines[0]) == 2
    assert "error" in lines[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["search", ""], "empty query"),
        (["search", "!!! ???"], "no words"),
        (["search", "queue", "--service", "Nonexistent"], "unknown service"),
        (["search", "queue", "--section", "zzzz"], "no section matches"),
        (["show", "Dynamo"], "did you mean 'DynamoDB'"),
    ],
)
def test_bad_requests_are_one_line_errors(run, sample_build, args, message):
    result = run(*args, "--build", sample_build)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0


@pytest.mark.parametrize("k, expected", [(0, 1), (100000, None)])
def test_k_is_clamped(run, sample_build, k, expected):
    result = run("search", "queue", "-k", k, "--build", sample_build, "--json")
    hits = json.loads(result.output[result.output.index("[") :])
    assert len(hits) == expected if expected else len(hits) >= 10


def test_huge_query_is_cut_not_refused(run, sample_build):
    result = run("search", "queue " * 4000, "--build", sample_build, "--json", "-k", 1)
    assert result.exit_code == 0


def test_show_service_and_concept(run, sample_build):
    result = run("show", "sqs", "--build", sample_build)
    assert result.exit_code == 0 and "Amazon Simple Queue Service" in result.output
    result = run("show", "fan-out", "--build", sample_build, "--json")
    data = json.loads(result.output)
    assert data["kind"] == "concept" and data["about"] == "SNS"


def test_stats(run, sample_build):
    data = json.loads(run("stats", "--build", sample_build, "--json").output)
    assert data["counts"]["chunks"] > 0 and data["model"]["dim"] == 384


def test_missing_build_says_what_to_run(run, tmp_path):
    result = run("search", "queue", "--build", tmp_path / "none")
    assert result.exit_code == 2 and "kg ingest" in result.output


def test_relations_json_shape_and_filters(run, sample_build):
    edges = json.loads(run("relations", "lambda", "--build", sample_build, "--json").output)
    assert edges and all("Lambda" in (e["source"], e["target"]) for e in edges)
    for e in edges:
        assert set(e) == {
            "source", "target", "relation", "text", "confidence", "basis", "evidence", "modality"
        }  # fmt: skip
        assert {"source", "line_start", "line_end", "text", "context", "modality"} == set(
            e["evidence"][0]
        )
    typed = json.loads(
        run("relations", "--type", "traces", "--build", sample_build, "--json").output
    )
    assert typed and {e["relation"] for e in typed} == {"traces"}
    bad = run("relations", "--type", "befriends", "--build", sample_build)
    assert bad.exit_code == 2


def test_show_service_lists_relations_by_direction(run, sample_build):
    data = json.loads(run("show", "sqs", "--build", sample_build, "--json").output)
    assert "event_source_mapping" in data["relations"]["in"]
    assert "Lambda" in {e["source"] for e in data["relations"]["in"]["event_source_mapping"]}


def test_similar_concepts(run, sample_build):
    rows = json.loads(run("similar", "Fan-out", "-k", 3, "--build", sample_build, "--json").output)
    assert len(rows) == 3 and all(r["title"] != "Fan-out" for r in rows)
    assert rows[0]["score"] >= rows[-1]["score"]
    text = run("similar", "sns", "--build", sample_build).output
    assert text.startswith("nearest to ")


def test_eval_prints_a_row_per_mode(run, sample_build, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "x", "query": "message queue", "gold_lines": [3]}\n')
    result = run("eval", questions, "--build", sample_build)
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()[1:]] == MODES_ORDER
    broken = tmp_path / "bad.jsonl"
    broken.write_text("{not json}\n")
    assert run("eval", broken, "--build", sample_build).exit_code == 2


MODES_ORDER = ["dense", "bm25", "hybrid"]


def test_map_lists_the_most_related_services_and_their_relations(run, sample_build):
    data = json.loads(run("map", "--services", 3, "--build", sample_build, "--json").output)
    assert len(data["nodes"]) == 3 and data["left_out"] > 0
    text = run("map", "--services", 3, "--build", sample_build).output
    first = text.splitlines()[0]
    assert first.startswith("3 services,") and f"{data['left_out']} more" in first
    assert all(n["label"] in text for n in data["nodes"])
    # Each relation in words, as the vocabulary reads it.
    assert all(e["text"] in text.splitlines() for e in data["edges"])


def test_a_build_made_by_other_ingest_code_is_reported(run, sample_build, stale_build):
    stats = json.loads(run("stats", "--build", stale_build, "--json").output)
    assert stats["ingest"] == "outdated"
    assert "made by other ingest code" in run("stats", "--build", stale_build).output
    current = json.loads(run("stats", "--build", sample_build, "--json").output)
    assert current["ingest"] == "current"
    assert "other ingest code" not in run("stats", "--build", sample_build).output


def test_a_bare_statement_is_printed_with_where_it_stands(run, tmp_path, cache_dir):
    from ingest.build import build

    notes = tmp_path / "triggers.md"
    notes.write_text("# Lambda triggers\n\n- Called asynchronously by:\n  - Amazon SNS\n")
    build([notes], tmp_path / "build", cache_dir=cache_dir)
    shown = "Lambda triggers › Called asynchronously by: Amazon SNS"
    assert shown in run("relations", "sns", "--build", tmp_path / "build").output
    assert shown in run("path", "sns", "lambda", "--build", tmp_path / "build").output
