"""Relations as people read them: in words everywhere, tools kept apart, review tools."""

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli

NOTES = """# Tools and services

## Lambda triggers

- API Gateway invokes a Lambda function for each request.
- The CLI invokes Lambda functions for tests.
- The CLI also invokes STS for temporary credentials.

## Queues

- Lambda polls SQS queues through an event source mapping.
- SQS invokes Lambda when messages arrive.
- Failed events are sent from Lambda to an SQS queue used as a dead-letter queue.

## Sign-in

- MFA protects IAM users with a second factor.
"""


@pytest.fixture(scope="module")
def review_build(tmp_path_factory, cache_dir):
    from ingest.build import build

    folder = tmp_path_factory.mktemp("review")
    (folder / "notes.md").write_text(NOTES, encoding="utf-8")
    build([folder / "notes.md"], folder / "build", cache_dir=cache_dir)
    return folder / "build"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_relations_read_in_words_and_json_keeps_the_type_name(review_build):
    text = run("relations", "sqs", "--build", review_build).output
    assert "Lambda reads from SQS (event source mapping)" in text
    assert "event_source_mapping" not in text and "-[" not in text
    edges = json.loads(run("relations", "sqs", "--build", review_build, "--json").output)
    esm = [e for e in edges if e["relation"] == "event_source_mapping"]
    assert esm and esm[0]["text"] == "Lambda reads from SQS (event source mapping)"


def test_show_reads_incoming_relations_from_the_services_side(review_build):
    text = run("show", "sqs", "--build", review_build).output
    assert "SQS is read by Lambda (event source mapping)" in text
    assert "SQS receives what Lambda publishes" in text


def test_one_interaction_read_twice_is_one_edge_and_two_facts_are_two(review_build):
    pairs = json.loads(run("relations", "--conflicts", "--build", review_build, "--json").output)
    # "Lambda polls SQS" and "SQS invokes Lambda" are one interaction: one edge; the
    # dead-letter queue is another fact (Lambda sends to SQS): a second edge, listed here.
    (group,) = [g for g in pairs if {g[0]["source"], g[0]["target"]} == {"Lambda", "SQS"}]
    assert sorted(e["relation"] for e in group) == ["event_source_mapping", "publishes_to"]
    text = run("relations", "--conflicts", "--build", review_build).output
    assert "Lambda and SQS:" in text and "Lambda publishes to SQS" in text


def test_a_sample_is_numbered_with_evidence_and_the_same_for_a_seed(review_build):
    first = run("relations", "--sample", 3, "--seed", 5, "--build", review_build).output
    assert first == run("relations", "--sample", 3, "--seed", 5, "--build", review_build).output
    lines = first.splitlines()
    assert lines[0].startswith("3 random relations of ") and lines[0].endswith("(seed 5):")
    assert [ln.split(".")[0].strip() for ln in lines if ln[:4].strip().rstrip(".").isdigit()] == [
        "1", "2", "3",
    ]  # fmt: skip
    assert "[notes · " in first  # every drawn edge shows its statements, cited
    other = run("relations", "--sample", 3, "--seed", 6, "--build", review_build).output
    drawn = json.loads(
        run("relations", "--sample", 3, "--seed", 5, "--build", review_build, "--json").output
    )
    assert len(drawn) == 3 and other != first


def test_tools_keep_their_relations_but_stay_out_of_paths_and_the_map(review_build):
    from graph.paths import explain_path
    from graph.relations import is_tool
    from graph.store import load_build

    build = load_build(review_build)
    assert is_tool(build, "CLI") and not is_tool(build, "Lambda")
    assert any(e["source"] == "CLI" for e in json.loads(
        run("relations", "cli", "--build", review_build, "--json").output
    ))  # fmt: skip
    # Lambda reaches STS only through the CLI: no path, unless tools are allowed.
    assert "error" in run("path", "lambda", "sts", "--build", review_build).output
    hops = explain_path(build, "service:Lambda", "service:STS", tools=True)
    assert [h["text"] for h in hops] == [
        "Lambda can be called from CLI", "CLI is used to call STS",
    ]  # fmt: skip
    shown = json.loads(run("map", "--build", review_build, "--json").output)
    assert "service:CLI" not in {n["id"] for n in shown["nodes"]}
    with_tools = json.loads(run("map", "--tools", "--build", review_build, "--json").output)
    node = next(n for n in with_tools["nodes"] if n["id"] == "service:CLI")
    assert node["service_kind"] == "tool"


def test_a_feature_is_part_of_its_service_with_the_statement_naming_both(review_build):
    edges = json.loads(run("relations", "mfa", "--build", review_build, "--json").output)
    (edge,) = edges
    assert (edge["source"], edge["relation"], edge["target"]) == ("MFA", "part_of", "IAM")
    assert edge["text"] == "MFA is part of IAM"
    assert edge["evidence"][0]["text"].startswith("MFA protects IAM users")
