"""What a plan's targets work with but do not need first: their other relations, in words."""

from __future__ import annotations

from graph.evidence import cite
from graph.relations import relation_edges
from graph.store import Build
from ingest.vocabulary import describe

__all__ = ["related_relations"]

MAX_EVIDENCE = 2


def related_relations(
    build: Build, services: dict[str, frozenset[str] | None], exclude: set[str]
) -> list[dict]:
    """The relations of each service (to the others it names, where a set is given), less
    those with a service in `exclude` (the plan's own): relation, words, evidence."""
    out, seen = [], set()
    for service, only in services.items():
        for edge in relation_edges(build, service):
            src, dst, rel = edge["source"], edge["target"], edge["relation"]
            other = dst if src == service else src
            key = (service, other, rel)
            if other == service or other in exclude or key in seen:
                continue
            if only is not None and other not in only:
                continue
            seen.add(key)
            out.append(
                {"service": service, "other": other, "relation": rel, "source": src,
                 "target": dst, "words": describe(src, rel, dst, forward=src == service),
                 "confidence": round(edge["confidence"], 2),
                 "evidence": [cite(e) for e in edge["evidence"][:MAX_EVIDENCE]]}
            )  # fmt: skip
    return out
