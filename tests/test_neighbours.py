"""Neighbourhoods and the course map (graph/neighbours.py) on our sample notes."""

import pytest

from graph.neighbours import neighbourhood, service_map
from graph.relations import relation_edges
from graph.store import load_build
from ingest.build import build


@pytest.fixture(scope="module")
def sample(sample_build):
    return load_build(sample_build)


def _degrees(build) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in relation_edges(build):
        if e["source"] != e["target"]:
            for name in (e["source"], e["target"]):
                counts[name] = counts.get(name, 0) + 1
    return counts


def test_the_course_map_shows_the_most_related_services_and_only_their_relations(sample):
    degrees = _degrees(sample)
    shown = service_map(sample, 5)
    names = [n["label"] for n in shown.nodes]
    assert len(names) == 5 and all(n["kind"] == "service" for n in shown.nodes)
    # Most related first, and nothing left out is more related than what is shown.
    assert [degrees[n] for n in names] == sorted((degrees[n] for n in names), reverse=True)
    assert max(d for n, d in degrees.items() if n not in names) <= degrees[names[-1]]
    assert shown.left_out == len(degrees) - 5
    ids = {n["id"] for n in shown.nodes}
    assert shown.edges and all(
        e["kind"] == "relation" and e["source"] in ids and e["target"] in ids for e in shown.edges
    )
    between = {
        (e["source"], e["target"], e["relation"])
        for e in relation_edges(sample)
        if e["source"] in names and e["target"] in names
    }
    drawn = {
        (sample.graph.nodes[e["source"]]["name"], sample.graph.nodes[e["target"]]["name"],
         e["relation"])
        for e in shown.edges
    }  # fmt: skip
    assert drawn == between


def test_a_map_asked_for_no_services_still_shows_one(sample):
    assert len(service_map(sample, 0).nodes) == 1


def test_a_neighbourhood_keeps_one_relation_type_when_asked(sample):
    hood = neighbourhood(sample, "service:Lambda", 1, relation="invokes")
    assert hood.edges and {e["relation"] for e in hood.edges} == {"invokes"}


def test_notes_that_relate_no_services_map_nothing(tmp_path, cache_dir):
    notes = tmp_path / "notes.md"
    notes.write_text("# Revision tips\n\nSleep well and read each chapter twice.\n")
    build([notes], tmp_path / "b", cache_dir=cache_dir)
    shown = service_map(load_build(tmp_path / "b"))
    assert shown.nodes == [] and shown.edges == [] and shown.left_out == 0


def test_a_capped_neighbourhood_keeps_services_first_and_says_what_it_left_out(sample):
    full = neighbourhood(sample, "service:Lambda", 1, node_kinds={"service", "concept"})
    capped = neighbourhood(
        sample, "service:Lambda", 1, node_kinds={"service", "concept"}, max_nodes=6
    )
    assert len(capped.nodes) == 6
    services = [n for n in full.nodes if n["kind"] == "service" and n["hops"] == 1]
    kept = [n["kind"] for n in capped.nodes[1:]]
    # Services before slides: as many as fit are services.
    assert kept == ["service"] * min(5, len(services)) + ["concept"] * (5 - min(5, len(services)))
    left = {k: sum(1 for n in full.nodes if n["kind"] == k) for k in ("service", "concept")}
    left["service"] -= 1 + kept.count("service")  # the centre and those kept
    left["concept"] -= kept.count("concept")
    assert capped.left_out_kinds == {k: v for k, v in left.items() if v}
    assert capped.left_out == sum(left.values())
