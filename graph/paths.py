"""The shortest explanation between two services or concepts, over typed relations."""

from __future__ import annotations

import itertools

import networkx as nx

from graph.relations import MIN_CONFIDENCE, is_tool, relation_edges
from graph.store import Build
from ingest.vocabulary import describe

__all__ = ["PathError", "explain_path"]


class PathError(LookupError):
    """No chain of relations connects the two; the message says so."""


# A path explains how two services work together. Features any service has (secured by IAM,
# encrypted with KMS, watched by CloudWatch) and comparisons ("SQS vs SNS") join almost
# everything, so a hop through them costs more: API Gateway reaches DynamoDB through Lambda,
# not through "IAM authorizes both"; SNS reaches SQS by fan-out, not as its alternative.
# "Works with" says the two meet without saying how, which explains nothing either.
WEAK_LINKS = frozenset({
    "authorizes", "authenticates", "encrypts", "monitors", "traces", "logs_to", "alternative_to",
    "replaces", "integrates_with",
})  # fmt: skip
WEAK_LINK_COST = 1.0


def _cost(edge: dict) -> float:
    # Confident relations are short hops: the path prefers well-evidenced links, and what
    # a role only implies ("Lambda integrations: DynamoDB") explains less than a statement.
    cost = 1.0 + (1.0 - edge["confidence"])
    weak = edge["relation"] in WEAK_LINKS or edge.get("basis") == "implied"
    return cost + WEAK_LINK_COST if weak else cost


def _relation_graph(build: Build) -> nx.Graph:
    """Services joined by their cheapest relation shown to people, walkable both ways."""
    cached = build.cache.get("relation_graph")
    if cached is not None:
        return cached
    g = nx.Graph()
    for edge in relation_edges(build, min_confidence=MIN_CONFIDENCE):
        a, b = edge["source"], edge["target"]
        cost = _cost(edge)
        if not g.has_edge(a, b) or cost < g.edges[a, b]["cost"]:
            g.add_edge(a, b, edge=edge, cost=cost)
    build.cache["relation_graph"] = g
    return g


def _service_of(build: Build, node: str) -> tuple[str, dict | None]:
    """A node's service, and the hop that reaches it when the node is a concept."""
    data = build.graph.nodes[node]
    if data["kind"] == "service":
        return data["name"], None
    about = data.get("about")
    if not about:
        raise PathError(
            f"the concept {data['title']!r} is about no service, so no relation reaches it"
        )
    hop = {
        "source": data["title"], "target": about, "relation": "about", "direction": "forward",
        "text": f"{data['title']} is about {about}",
        "evidence": [{"source": data["source"], "line_start": data["line_start"],
                      "line_end": data["line_end"], "text": data["title"]}],
    }  # fmt: skip
    return about, hop


def _walkable(build: Build, g: nx.Graph, ends: tuple[str, str], tools: bool) -> nx.Graph:
    """The relation graph a path may walk: tools only as an end, unless asked for (a tool
    reaches every service it calls, which explains nothing about how they work together)."""
    if tools:
        return g
    return nx.subgraph_view(g, filter_node=lambda n: n in ends or not is_tool(build, n))


def explain_path(build: Build, start: str, end: str, tools: bool = False) -> list[dict]:
    """Hops from start to end (node ids), each with its relation, its words read in the
    walking direction (`text`), direction and evidence."""
    a, head = _service_of(build, start)
    b, tail = _service_of(build, end)
    g = _walkable(build, _relation_graph(build), (a, b), tools)
    if a == b:
        hops = []
    elif a not in g or b not in g:
        missing = a if a not in g else b
        raise PathError(f"{missing} has no typed relations in this build")
    else:
        try:
            names = nx.shortest_path(g, a, b, weight="cost")
        except nx.NetworkXNoPath:
            raise PathError(f"no chain of relations connects {a} and {b}") from None
        hops = []
        for x, y in itertools.pairwise(names):
            edge = g.edges[x, y]["edge"]
            forward = edge["source"] == x
            hops.append(
                {"source": edge["source"], "target": edge["target"], "relation": edge["relation"],
                 "text": describe(edge["source"], edge["relation"], edge["target"], forward),
                 "direction": "forward" if forward else "backward",
                 "confidence": edge["confidence"], "evidence": edge["evidence"][:3]}
            )  # fmt: skip
    if head:
        hops.insert(0, head)
    if tail:
        tail = {**tail, "source": tail["target"], "target": tail["source"], "direction": "backward",
                "text": f"{tail['target']} is taught in {tail['source']}"}  # fmt: skip
        hops.append(tail)
    return hops
