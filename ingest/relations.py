"""Typed service → service relations, extracted from the text with their evidence.

Nothing is hand-listed: a relation needs a statement in the notes that names two services
(or a slide about one service whose bullet names another) *and* a cue that says how they
relate: a verb ("invokes", "goes into", "is encrypted with"), a title form ("X vs Y",
"X as an origin", "X with Y"), or the lead line of a list ("integrates with:"). Two
services merely named together are not a relation.

Direction and type:
- a specific cue inside one statement reads left to right: "A publishes to B" is A → B;
  "B is invoked by A" (passive) is A → B;
- the catalog says what some services do by nature (`acts`: KMS encrypts, X-Ray traces)
  or undergo (`receives`: logs go to CloudWatch Logs, something is an origin of
  CloudFront). Those roles orient a cue, and turn a generic cue ("with", "integrates")
  into the specific relation; only when no role applies is the edge `integrates_with`;
- in a list under a slide about service T, T is the actor unless a role says otherwise,
  and list members of a "types of" slide are `part_of` T.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ingest.catalog import Catalog
from ingest.pairs import candidate_pairs
from ingest.reading import type_pair
from ingest.records import Concept, Slide
from ingest.statements import Statement
from ingest.vocabulary import RELATION_TYPES

__all__ = ["RELATION_TYPES", "Evidence", "Relation", "extract_relations"]


@dataclass(slots=True)
class Evidence:
    """Where a relation is stated: source file, 1-based line span, the statement, and where
    it stands (slide title › the lead line it hangs under; empty for a title itself)."""

    source: str
    line_start: int
    line_end: int
    text: str
    context: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(slots=True)
class Relation:
    """A typed, directed edge between two services, with every statement that supports it."""

    source: str
    target: str
    relation: str
    confidence: float
    evidence: list[Evidence] = field(default_factory=list)


# Relations that read the same both ways: one edge per pair, in the direction first stated.
_SYMMETRIC = frozenset({"alternative_to", "integrates_with"})


def extract_relations(concepts: list[Concept], catalog: Catalog) -> list[Relation]:
    """All typed relations stated in the concepts' slides, merged by (source, target, type)."""
    found: dict[tuple[str, str, str], Relation] = {}
    strongest: dict[tuple[str, str, str], float] = {}
    for concept in concepts:
        for slide in concept.slides:
            for a, b, stmt, topic_pair in candidate_pairs(slide, concept, catalog):
                typed = type_pair(a, b, stmt, catalog, topic_pair)
                if typed is None:
                    continue
                src, dst, rel, conf = typed
                if src == dst:
                    continue
                if rel in _SYMMETRIC and (dst, src, rel) in found:
                    src, dst = dst, src
                key = (src, dst, rel)
                edge = found.setdefault(key, Relation(src, dst, rel, 0.0))
                ev = Evidence(
                    slide.source, stmt.line_start, stmt.line_end, stmt.text[:400],
                    _context(slide, stmt),
                )  # fmt: skip
                if all(
                    (e.source, e.line_start) != (ev.source, ev.line_start) for e in edge.evidence
                ):
                    edge.evidence.append(ev)
                    strongest[key] = max(conf, strongest.get(key, 0.0))
                    # The strongest statement decides; each further one adds a little.
                    bonus = 0.03 * (len(edge.evidence) - 1)
                    edge.confidence = round(min(0.99, strongest[key] + bonus), 3)
    return _prune(list(found.values()))


def _context(slide: Slide, stmt: Statement) -> str:
    """Where a statement stands, for a reader: a bare item ("S3") says how it relates only
    through the title and lead it hangs under."""
    if stmt.is_title:
        return ""
    lead = stmt.lead if stmt.lead and stmt.lead != stmt.text else ""
    return " › ".join(x for x in (slide.title, lead) if x)[:200]


def _prune(relations: list[Relation]) -> list[Relation]:
    """Drop integrates_with where the same pair has a more specific relation."""
    specific = {
        frozenset((r.source, r.target)) for r in relations if r.relation != "integrates_with"
    }
    kept = [
        r
        for r in relations
        if r.relation != "integrates_with" or frozenset((r.source, r.target)) not in specific
    ]
    kept.sort(key=lambda r: (r.source, r.target, r.relation))
    return kept
