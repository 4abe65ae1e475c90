"""A node's neighbourhood: what lies within a few hops, capped so it stays readable."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.limits import MAP_SERVICES, MAX_MAP_SERVICES
from graph.relations import MIN_CONFIDENCE, is_tool, relation_counts
from graph.store import Build
from ingest.vocabulary import describe

__all__ = ["MAX_NODES", "Neighbourhood", "neighbourhood", "service_map"]

MAX_NODES = 150
MAX_DEPTH = 3
# "next" edges chain the whole course together; they are not a neighbourhood.
_SKIPPED_KINDS = frozenset({"next"})
# When the cap bites, a hop's services are kept before its concepts and sections (they are
# fewer, and what the others are about), and among them those linked by more statements.
_KIND_RANK = {"service": 0, "concept": 1, "section": 2}


@dataclass(slots=True)
class Neighbourhood:
    """Nodes and edges around a centre, and how many nodes the cap left out."""

    center: str
    depth: int
    nodes: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    left_out: int = 0
    left_out_kinds: dict[str, int] = field(default_factory=dict)  # kind -> count

    def to_dict(self) -> dict:
        return {
            "center": self.center,
            "depth": self.depth,
            "nodes": self.nodes,
            "edges": self.edges,
            "left_out": self.left_out,
        }


def _label(data: dict) -> str:
    return data.get("name") or data.get("title") or ""


def _node(node: str, data: dict, hops: int) -> dict:
    """A node for drawing; a service also says what the catalog calls it (a tool is drawn
    apart from services)."""
    out = {"id": node, "kind": data.get("kind"), "label": _label(data), "hops": hops}
    if data.get("kind") == "service":
        out["service_kind"] = data.get("service_kind", "service")
    return out


def _edge(g, u: str, v: str, data: dict) -> dict:
    """An edge for drawing; a relation also in words."""
    out = {"source": u, "target": v, "kind": data.get("kind"),
           "relation": data.get("relation"), "confidence": data.get("confidence")}  # fmt: skip
    if data.get("kind") == "relation":
        out["text"] = describe(g.nodes[u]["name"], data["relation"], g.nodes[v]["name"])
    return out


def _keep(data: dict, relation: str | None, kinds: set[str] | None) -> bool:
    kind = data.get("kind")
    if kind in _SKIPPED_KINDS:
        return False
    if kind == "relation" and data.get("confidence", 1.0) < MIN_CONFIDENCE:
        return False  # not shown to people (graph.limits.MIN_CONFIDENCE)
    if relation and kind == "relation" and data.get("relation") != relation:
        return False
    if relation and kind != "relation":
        return False
    return not kinds or kind in kinds


def neighbourhood(
    build: Build,
    center: str,
    depth: int = 1,
    relation: str | None = None,
    edge_kinds: set[str] | None = None,
    node_kinds: set[str] | None = None,
    max_nodes: int = MAX_NODES,
) -> Neighbourhood:
    """Breadth-first around center (both directions), at most max_nodes nodes.

    relation keeps only typed relations of that type; edge_kinds and node_kinds filter the
    rest (e.g. {"relation", "about"} and {"service", "concept"}).
    """
    g = build.graph
    depth = max(1, min(int(depth), MAX_DEPTH))
    seen = {center: 0}
    order = [center]
    frontier = [center]
    overflow: set[str] = set()
    for level in range(1, depth + 1):
        found: Counter = Counter()  # node -> statements linking it to the last hop
        for node in frontier:
            for u, v, data in [*g.out_edges(node, data=True), *g.in_edges(node, data=True)]:
                other = v if u == node else u
                if other in seen or not _keep(data, relation, edge_kinds):
                    continue
                if node_kinds and g.nodes[other].get("kind") not in node_kinds:
                    continue
                found[other] += len(data.get("evidence", ())) or 1
        ranked = sorted(found, key=lambda n: (_KIND_RANK.get(g.nodes[n].get("kind"), 3), -found[n]))
        room = max(0, max_nodes - len(order))
        overflow.update(ranked[room:])
        frontier = ranked[:room]
        for other in frontier:
            seen[other] = level
            order.append(other)
    left = overflow - set(seen)
    result = Neighbourhood(center, depth, left_out=len(left))
    result.left_out_kinds = dict(Counter(g.nodes[n].get("kind") for n in left))
    for node in order:
        result.nodes.append(_node(node, g.nodes[node], seen[node]))
    kept = set(order)
    for u, v, data in g.edges(order, data=True):
        if v in kept and _keep(data, relation, edge_kinds):
            result.edges.append(_edge(g, u, v, data))
    return result


def service_map(
    build: Build, max_services: int = MAP_SERVICES, tools: bool = False
) -> Neighbourhood:
    """The services with the most typed relations and the relations among them: the course
    at a glance, with no centre. Ties go to the service the notes teach in more concepts.
    Tools (the CLI, the SDKs) are left out unless asked for."""
    g = build.graph
    degree = {
        f"service:{name}": n
        for name, n in relation_counts(build).items()
        if tools or not is_tool(build, name)
    }
    taught = Counter(
        f"service:{d['about']}" for _, d in build.nodes_of("concept") if d.get("about")
    )
    ranked = sorted(degree, key=lambda n: (-degree[n], -taught[n], n))
    chosen = ranked[: max(1, min(int(max_services), MAX_MAP_SERVICES))]
    result = Neighbourhood("", 0, left_out=len(ranked) - len(chosen))
    for node in chosen:
        result.nodes.append({**_node(node, g.nodes[node], 0), "relations": degree[node]})
    kept = set(chosen)
    for u, v, data in g.edges(chosen, data=True):
        if v in kept and data.get("kind") == "relation" and _keep(data, None, None):
            result.edges.append(_edge(g, u, v, data))
    return result
