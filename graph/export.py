"""The whole graph in formats other tools read: GraphML, GEXF, node-link JSON, Cypher."""

from __future__ import annotations

import io
import json

import networkx as nx

from graph.store import Build

__all__ = ["FORMATS", "export_graph"]

FORMATS = ("graphml", "gexf", "json", "cypher")


def _flat(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars (GraphML and GEXF take no lists or dicts)."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items()})
    for u, v, key, data in graph.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **{k: _scalar(v) for k, v in data.items()})
    return flat


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, (str, int, float, bool)):
        return value
    return json.dumps(value, ensure_ascii=False)


def _cypher_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value if isinstance(value, str) else _scalar(value), ensure_ascii=False)


def _cypher_props(data: dict) -> str:
    items = ", ".join(f"`{k}`: {_cypher_value(v)}" for k, v in data.items() if v is not None)
    return "{" + items + "}"


def _cypher(graph: nx.MultiDiGraph) -> str:
    """A Neo4j import script: one MERGE per node, one CREATE per edge, labels by kind."""
    out = ["// kg export: nodes keyed by `id`; run in cypher-shell or Neo4j Browser"]
    for kind in ("Section", "Concept", "Service"):
        out.append(f"CREATE CONSTRAINT IF NOT EXISTS FOR (n:{kind}) REQUIRE n.id IS UNIQUE;")
    for node, data in graph.nodes(data=True):
        label = str(data.get("kind", "node")).capitalize()
        props = _cypher_props({"id": node, **data})
        out.append(f"MERGE (n:{label} {{id: {_cypher_value(node)}}}) SET n += {props};")
    for u, v, data in graph.edges(data=True):
        rel = str(data.get("relation") or data.get("kind", "related")).upper()
        props = _cypher_props(data)
        out.append(
            f"MATCH (a {{id: {_cypher_value(u)}}}), (b {{id: {_cypher_value(v)}}}) "
            f"CREATE (a)-[:`{rel}` {props}]->(b);"
        )
    return "\n".join(out) + "\n"


def export_graph(build: Build, fmt: str) -> str:
    """The build's graph as text in one of FORMATS (catalog left out of the file formats)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    graph = build.graph
    if fmt == "json":
        data = nx.node_link_data(graph, edges="edges")
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if fmt == "cypher":
        return _cypher(graph)
    flat = _flat(graph)
    buffer = io.BytesIO()
    writer = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    writer(flat, buffer)
    return buffer.getvalue().decode("utf-8")
