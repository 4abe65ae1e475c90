"""Typed service relations in a build: listing, filtering, grouping by direction."""

from __future__ import annotations

from collections import Counter

from graph.store import Build
from ingest.relations import RELATION_TYPES

__all__ = [
    "RELATION_TYPES",
    "relation_counts",
    "relation_edges",
    "service_relations",
    "statement",
]

# A statement of at most this many words ("S3", "Amazon SQS") is shown with where it stands.
BARE_STATEMENT_WORDS = 6


def relation_edges(
    build: Build, service: str | None = None, rel_type: str | None = None
) -> list[dict]:
    """Relation edges as records (canonical names, relation, confidence, evidence)."""
    out = []
    for u, v, data in build.graph.edges(data=True):
        if data.get("kind") != "relation":
            continue
        src, dst = build.graph.nodes[u]["name"], build.graph.nodes[v]["name"]
        if service and service not in (src, dst):
            continue
        if rel_type and data["relation"] != rel_type:
            continue
        out.append(
            {"source": src, "target": dst, "relation": data["relation"],
             "confidence": data["confidence"], "evidence": data["evidence"]}
        )  # fmt: skip
    out.sort(key=lambda e: (-e["confidence"], e["source"], e["target"], e["relation"]))
    return out


def service_relations(build: Build, service: str) -> dict[str, dict[str, list[dict]]]:
    """A service's relations grouped by direction ("out", "in") and then by type."""
    grouped: dict[str, dict[str, list[dict]]] = {"out": {}, "in": {}}
    for edge in relation_edges(build, service):
        side = "out" if edge["source"] == service else "in"
        grouped[side].setdefault(edge["relation"], []).append(edge)
    return grouped


def relation_counts(build: Build) -> Counter:
    """How many typed relations each service takes part in, by name."""
    counts: Counter = Counter()
    for edge in relation_edges(build):
        if edge["source"] != edge["target"]:
            counts.update((edge["source"], edge["target"]))
    return counts


def statement(evidence: dict, width: int = 140) -> str:
    """An evidence statement as a reader needs it: a bare item ("S3") with the slide title
    and lead line it stands under ("Lambda integrations › Asynchronous: S3")."""
    text = evidence["text"]
    context = evidence.get("context", "")  # builds from before context was stored have none
    if context and len(text.split()) <= BARE_STATEMENT_WORDS:
        text = f"{context.rstrip(': ')}: {text}"
    return text if len(text) <= width else text[: width - 1] + "…"
