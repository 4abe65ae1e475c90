"""The HTTP API: every endpoint, its errors, and the OpenAPI schema checked by schemathesis."""

import json

import pytest
from fastapi.testclient import TestClient

from graph.api import create_app

LOCAL = "http://127.0.0.1"  # the API answers loopback Host headers only


@pytest.fixture(scope="module")
def client(sample_build):
    with TestClient(create_app(sample_build), base_url=LOCAL) as c:
        yield c


def test_health(client):
    data = client.get("/health").json()
    assert data["status"] == "ok" and data["model"]["dim"] == 384
    assert data["counts"]["chunks"] > 0
    assert data["keyword_index"] == "stored"


def test_health_says_when_the_keyword_index_is_outdated(outdated_build):
    with TestClient(create_app(outdated_build, warm=False), base_url=LOCAL) as c:
        assert c.get("/health").json()["keyword_index"] == "outdated"


def test_health_says_when_other_ingest_code_made_the_build(stale_build, sample_build):
    with TestClient(create_app(stale_build, warm=False), base_url=LOCAL) as c:
        assert c.get("/health").json()["ingest"] == "outdated"
    with TestClient(create_app(sample_build, warm=False), base_url=LOCAL) as c:
        assert c.get("/health").json()["ingest"] == "current"


def test_search_returns_cli_records(client):
    hits = client.get("/search", params={"q": "messages waiting for a consumer", "k": 3}).json()
    assert 1 <= len(hits) <= 3
    assert {"rank", "score", "title", "source", "line_start", "line_end", "snippet"} <= set(hits[0])
    only = client.get("/search", params={"q": "encryption", "service": "S3"}).json()
    assert only and all("S3" in h["services"] for h in only)


def test_search_names_the_typos_it_corrected_in_a_header(client):
    r = client.get("/search", params={"q": "visibilty timout", "k": 1})
    assert "Visibility" in r.json()[0]["title"]
    assert json.loads(r.headers["X-Typos-Corrected"]) == [
        ["visibilty", "visibility"],
        ["timout", "timeout"],
    ]
    r = client.get("/search", params={"q": "visibiltée timout ÿ", "k": 1})
    assert r.status_code == 200  # non-ASCII words never break the header
    assert "X-Typos-Corrected" not in client.get("/search", params={"q": "queue"}).headers


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "x", "k": 0},
        {"q": "x", "k": 101},
        {"q": "x" * 2001},
        {"q": "x", "mode": "magic"},
    ],
)
def test_bad_search_parameters_are_422(client, params):
    r = client.get("/search", params=params)
    assert r.status_code == 422 and r.json()["detail"]


def test_unknown_filters_are_404_and_wordless_queries_find_nothing(client):
    assert client.get("/search", params={"q": "?!?"}).json() == []
    r = client.get("/search", params={"q": "queue", "service": "Lamda"})
    assert r.status_code == 404 and "unknown service" in r.json()["detail"]
    assert "Lambda" in r.json()["suggestions"]
    assert client.get("/search", params={"q": "queue", "section": "zzzz"}).status_code == 404


def test_nodes_and_suggestions(client):
    data = client.get("/nodes/sqs").json()
    assert data["kind"] == "service" and data["name"] == "SQS" and data["concepts"]
    r = client.get("/nodes/Dynamo")
    assert r.status_code == 404 and "DynamoDB" in r.json()["suggestions"]


def test_neighbours(client):
    data = client.get("/nodes/Lambda/neighbours", params={"depth": 2}).json()
    ids = {n["id"] for n in data["nodes"]}
    assert "service:Lambda" in ids and len(ids) > 3
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    typed = client.get(
        "/nodes/Lambda/neighbours", params={"relation": "event_source_mapping"}
    ).json()
    assert {e["relation"] for e in typed["edges"]} == {"event_source_mapping"}
    assert client.get("/nodes/Lambda/neighbours", params={"depth": 9}).status_code == 422


def test_map(client):
    data = client.get("/map", params={"services": 4}).json()
    assert len(data["nodes"]) == 4 and data["left_out"] > 0
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in data["edges"])
    assert client.get("/map", params={"services": 0}).status_code == 422


def test_relations_path_study(client):
    edges = client.get("/relations", params={"service": "lambda", "type": "traces"}).json()
    assert edges and edges[0]["relation"] == "traces"
    hops = client.get("/path", params={"from": "S3", "to": "CloudFront"}).json()
    assert hops[0]["relation"] == "origin_of"
    plan = client.get("/study", params={"target": ["SAM"], "known": "IAM"}).json()
    assert plan["steps"] and {"name": "IAM", "reason": "known"} in plan["skipped"]
    assert client.get("/study", params={"target": "Beanstalkk"}).status_code == 404
    # Symbols alone are a question nothing answers, not a malformed request.
    assert client.get("/study", params={"target": "/ \u00a5"}).status_code == 404
    r = client.get("/study", params={"target": "SAM", "max_minutes": 0})
    assert r.status_code == 422 and r.json()["detail"][0]["msg"]
    assert client.get("/path", params={"from": "SQS", "to": "Redshift"}).status_code == 404


def test_openapi_docs_are_served(client):
    schema = client.get("/openapi.json").json()
    assert {"/search", "/nodes/{name}", "/relations", "/path", "/study", "/health"} <= set(
        schema["paths"]
    )
    assert client.get("/docs").status_code == 200
