"""Typed service relations in a build: listing, filtering, grouping, review, and words.

Every record carries its relation in words (`text`, from the vocabulary in
data/relations.toml); the snake_case `relation` stays for code and JSON.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from graph.limits import MIN_CONFIDENCE
from graph.snippets import shorten
from graph.store import Build
from ingest.vocabulary import RELATION_TYPES, describe

__all__ = [
    "MIN_CONFIDENCE",
    "RELATION_TYPES",
    "conflicts",
    "is_tool",
    "relation_counts",
    "relation_edges",
    "sample_edges",
    "service_kind",
    "service_relations",
    "statement",
]

# A statement of at most this many words ("S3", "Amazon SQS") is shown with where it stands.
BARE_STATEMENT_WORDS = 6


def service_kind(build: Build, name: str) -> str:
    """What the catalog says a name is: "service", "feature" or "tool"."""
    entry = build.catalog.services.get(name)
    return entry.kind if entry is not None else "service"


def is_tool(build: Build, name: str) -> bool:
    """A developer's tool (the CLI, an SDK, the Console): kept out of paths, maps and plans."""
    return service_kind(build, name) == "tool"


def relation_edges(
    build: Build,
    service: str | None = None,
    rel_type: str | None = None,
    min_confidence: float = 0.0,
) -> list[dict]:
    """Relation edges as records: canonical names, relation and its words (`text`),
    confidence, evidence; the most confident first."""
    out = []
    for u, v, data in build.graph.edges(data=True):
        if data.get("kind") != "relation" or data["confidence"] < min_confidence:
            continue
        src, dst = build.graph.nodes[u]["name"], build.graph.nodes[v]["name"]
        if service and service not in (src, dst):
            continue
        if rel_type and data["relation"] != rel_type:
            continue
        out.append(
            {"source": src, "target": dst, "relation": data["relation"],
             "text": describe(src, data["relation"], dst), "confidence": data["confidence"],
             # how its strongest statement says it (builds from before bases were kept: "")
             "basis": data.get("basis", ""), "evidence": data["evidence"],
             # a fact, or only an option or example (builds from before it was read: fact)
             "modality": data.get("modality", "fact")}
        )  # fmt: skip
    out.sort(key=lambda e: (-e["confidence"], e["source"], e["target"], e["relation"]))
    return out


def service_relations(
    build: Build, service: str, min_confidence: float = MIN_CONFIDENCE
) -> dict[str, dict[str, list[dict]]]:
    """A service's relations shown to people, grouped by direction ("out", "in") and then
    by type; an incoming edge's `text` reads from this service's side ("SQS is read by
    Lambda …")."""
    grouped: dict[str, dict[str, list[dict]]] = {"out": {}, "in": {}}
    for edge in relation_edges(build, service, min_confidence=min_confidence):
        side = "out" if edge["source"] == service else "in"
        if side == "in":
            edge = {**edge, "text": describe(edge["source"], edge["relation"], service, False)}
        grouped[side].setdefault(edge["relation"], []).append(edge)
    return grouped


def relation_counts(build: Build, min_confidence: float = MIN_CONFIDENCE) -> Counter:
    """How many typed relations shown to people each service takes part in, by name."""
    counts: Counter = Counter()
    for edge in relation_edges(build, min_confidence=min_confidence):
        if edge["source"] != edge["target"]:
            counts.update((edge["source"], edge["target"]))
    return counts


def conflicts(edges: list[dict]) -> list[list[dict]]:
    """The pairs of services that hold more than one edge, each pair's edges together, the
    pair with the most confident edge first."""
    by_pair: dict[frozenset[str], list[dict]] = defaultdict(list)
    for edge in edges:
        by_pair[frozenset((edge["source"], edge["target"]))].append(edge)
    return [group for group in by_pair.values() if len(group) > 1]


def sample_edges(edges: list[dict], n: int, seed: int) -> list[dict]:
    """n edges drawn at random (all if fewer), the same for the same seed and edges."""
    ordered = sorted(edges, key=lambda e: (e["source"], e["target"], e["relation"]))
    return random.Random(seed).sample(ordered, min(n, len(ordered)))


def statement(evidence: dict, width: int = 140) -> str:
    """An evidence statement as a reader needs it: a bare item ("S3") with the slide title
    and lead line it stands under ("Lambda integrations › Asynchronous: S3"), cut at a word
    to fit width."""
    text = evidence["text"]
    context = evidence.get("context", "")  # builds from before context was stored have none
    if context and len(text.split()) <= BARE_STATEMENT_WORDS:
        text = f"{context.rstrip(': ')}: {text}"
    return shorten(text, width)
