"""Relations as a reader meets them: a sentence in words ("Lambda reads from SQS (event
source mapping)"), read from the side of the service being looked at, and the statements
that support it, each cited to its slide. The stored type name stays in JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.citation import Citation, cite
from graph.relations import MIN_CONFIDENCE, relation_edges, statement
from graph.store import Build
from ingest.vocabulary import describe, relation_type

__all__ = ["Reading", "Statement", "edge_between", "phrase", "read_edge", "service_readings"]

# A statement is shown up to this many characters (cut at a word, links kept whole).
STATEMENT_WIDTH = 240


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement supporting a relation, as written, and the slide it stands on."""

    text: str
    citation: Citation


@dataclass(slots=True)
class Reading:
    """One relation edge in words, from one side."""

    source: str
    relation: str
    target: str
    sentence: str
    label: str
    other: str  # the service at the far end, seen from the side read from
    confidence: float
    statements: list[Statement] = field(default_factory=list)
    more: int = 0  # statements not listed


def read_edge(
    build: Build, edge: dict, side: str | None = None, limit: int = 3, width: int = STATEMENT_WIDTH
) -> Reading:
    """An edge record (relation_edges) in words; side, the service looked from (the source
    unless it is the target), and its first limit statements cited."""
    forward = side != edge["target"] or edge["source"] == edge["target"]
    a, b = edge["source"], edge["target"]
    shown = edge["evidence"][:limit]
    return Reading(
        source=a,
        relation=edge["relation"],
        target=b,
        sentence=describe(a, edge["relation"], b, forward=forward),
        label=relation_type(edge["relation"]).label,
        other=b if forward else a,
        confidence=edge["confidence"],
        statements=[
            Statement(
                statement(ev, width), cite(build, ev["source"], ev["line_start"], ev["line_end"])
            )
            for ev in shown
        ],
        more=len(edge["evidence"]) - len(shown),
    )


def phrase(relation: str, forward: bool = True) -> str:
    """A relation in words without its two ends, read from the source's side or
    (forward=False) the target's: "reads from (event source mapping)", "is read by (event
    source mapping)"; for an edge label beside the nodes it joins."""
    text = relation_type(relation).read("\0", "\0", forward)
    return " ".join(text.replace("\0", " ").split())


def service_readings(build: Build, service: str, limit: int = 3) -> list[Reading]:
    """A service's relations shown to people (graph.limits.MIN_CONFIDENCE), in words from
    its side, the most confident first."""
    edges = relation_edges(build, service, min_confidence=MIN_CONFIDENCE)
    return [read_edge(build, e, service, limit) for e in edges]


def edge_between(build: Build, source: str, target: str, relation: str) -> dict | None:
    """The relation edge between two service nodes, as relation_edges gives it; None when
    there is none shown to people."""
    data = build.graph.get_edge_data(source, target, key=f"relation:{relation}")
    if not data or data.get("kind") != "relation" or data["confidence"] < MIN_CONFIDENCE:
        return None
    return {
        "source": build.graph.nodes[source]["name"], "target": build.graph.nodes[target]["name"],
        "relation": relation, "confidence": data["confidence"], "evidence": data["evidence"],
    }  # fmt: skip
