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

import re
from dataclasses import asdict, dataclass, field

from ingest.catalog import Catalog
from ingest.cues import MODALITIES, cues_in
from ingest.pairs import candidate_pairs
from ingest.parts import feature_sightings
from ingest.reading import BASES, Claim, type_pair
from ingest.records import Concept, Slide
from ingest.settle import settle
from ingest.statements import SlideReading, Statement, mask_names, read_slide
from ingest.vocabulary import RELATION_TYPES, relation_type

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
    modality: str = "fact"  # how the statement says it: "fact", "option" or "example"

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
    basis: str = "joined"  # the strongest basis among its statements (reading.BASES)
    says: list[bool] = field(default_factory=list)  # of each statement: its words say it
    # The strongest way its statements say it: a fact, or only an option or an example
    # ("ability to add resources such as …"), which states no dependency.
    modality: str = "fact"


# An edge's confidence is how often edges of its basis, with one statement, were right when
# judged by hand (491 edges of four builds, labelled by an outside reviewer and two helpers;
# docs/relations.md, "Confidence"), rounded down, and at most 0.97 where fewer than 30 were
# judged; plus a little for each further statement (edges stated twice or more were right
# 139 times in 140).
BASIS_CONFIDENCE = {
    "stated": 0.96, "catalog": 0.97, "framed": 0.98, "implied": 0.95, "joined": 0.95
}  # fmt: skip
FURTHER_STATEMENT = 0.02
MAX_CONFIDENCE = 0.99
_FRAMED = BASES.index("framed")


def extract_relations(concepts: list[Concept], catalog: Catalog) -> list[Relation]:
    """All typed relations stated in the concepts' slides: each statement states at most
    one relation per pair, and the edges of a pair are settled (`settle`); a feature the
    notes name is part of its service (`parts`)."""
    found: dict[tuple[str, str, str], Relation] = {}
    readings = [read_slide(s, c, catalog) for c in concepts for s in c.slides]
    for reading in readings:
        slide = reading.slide
        for claim, stmt in _claims(reading, catalog):
            _record(found, claim, Evidence(
                slide.source, stmt.line_start, stmt.line_end, (stmt.shown or stmt.text)[:400],
                _context(slide, stmt), _modality(claim, stmt),
            ), _says(claim, stmt, catalog))  # fmt: skip
    named = {s for c in concepts for s in c.services} | {c.about for c in concepts if c.about}
    for seen in feature_sightings(readings, catalog):
        if seen.service not in named or not seen.together:
            continue  # a part of the catalog is drawn only where a statement names both
        claim = Claim(seen.feature, seen.service, "part_of", "catalog")
        for (source, start, end), (text, context) in seen.together.items():
            _record(found, claim, Evidence(source, start, end, text[:400], context[:200]))
        stated = found[(seen.feature, seen.service, "part_of")]
        stated.basis = min(stated.basis, "catalog", key=BASES.index)
    for edge in found.values():
        _stating(edge)
        edge.modality = min((e.modality for e in edge.evidence), key=MODALITIES.index)
        more = FURTHER_STATEMENT * (len(edge.evidence) - 1)
        edge.confidence = round(min(MAX_CONFIDENCE, BASIS_CONFIDENCE[edge.basis] + more), 3)
    return settle(list(found.values()))


def _claims(reading: SlideReading, catalog: Catalog):
    """(claim, statement) for what each statement of a slide states: one claim per pair of
    services per statement, the strongest of its readings; a role the statement directs
    at a name it holds is not also the topic's, unless it speaks of the topic too."""
    best: dict[tuple[int, int, frozenset[str]], tuple[Claim, Statement, str]] = {}
    for a, b, stmt, topic_pair in candidate_pairs(reading, catalog):
        claim = type_pair(a, b, stmt, catalog, topic_pair)
        if claim is None or claim.source == claim.target:
            continue
        key = (stmt.line_start, stmt.line_end, frozenset((claim.source, claim.target)))
        if key not in best or claim.rank > best[key][0].rank:
            best[key] = (claim, stmt, a if topic_pair else "")
    directed = {
        (key[:2], claim.source, claim.relation)
        for key, (claim, _, topic) in best.items()
        if not topic
    }
    return [
        (claim, stmt)
        for key, (claim, stmt, topic) in best.items()
        if claim.target != topic
        or (key[:2], claim.source, claim.relation) not in directed
        or _speaks_of(stmt, topic, catalog)
    ]


def _speaks_of(stmt: Statement, topic: str, catalog: Catalog) -> bool:
    """The statement names the topic by one of its everyday words ("the function")."""
    words = catalog.services[topic].words
    return any(re.search(rf"\b{re.escape(w)}\b", stmt.text, re.I) for w in words)


def _record(
    found: dict[tuple[str, str, str], Relation], claim: Claim, ev: Evidence, says: bool = True
) -> None:
    """Add a statement's claim to its edge (a symmetric one keeps the first direction)."""
    src, dst, rel = claim.source, claim.target, claim.relation
    if relation_type(rel).symmetric and (dst, src, rel) in found:
        src, dst = dst, src
    edge = found.setdefault((src, dst, rel), Relation(src, dst, rel, 0.0))
    if any((e.source, e.line_start) == (ev.source, ev.line_start) for e in edge.evidence):
        return
    edge.evidence.append(ev)
    edge.says.append(says)
    if BASES.index(claim.basis) < BASES.index(edge.basis):
        edge.basis = claim.basis


def _says(claim: Claim, stmt: Statement, catalog: Catalog) -> bool:
    """The statement's words say the relation: a basis stronger than a role's implying it,
    or its own cue ("You can encrypt CloudWatch logs with KMS keys")."""
    if BASES.index(claim.basis) <= _FRAMED:
        return True
    return claim.relation in cues_in(stmt.item_text or mask_names(stmt.text, catalog))


def _modality(claim: Claim, stmt: Statement) -> str:
    """How a statement says a claim: as its clauses holding the pair's names say it, the
    weakest of them ("…, and a queue policy can let …" makes no option of the clause
    before; an example marker speaks for the whole statement); where it names neither (a
    title), as the whole statement says it."""
    said = [stmt.modalities[n] for n in (claim.source, claim.target) if n in stmt.modalities]
    return max(said, key=MODALITIES.index) if said else stmt.modality


def _stating(edge: Relation) -> None:
    """An edge that statements say keeps those as its evidence: a bare label that only
    implies it ("AWS Lambda Integrations: Cognito") states nothing."""
    if any(edge.says):
        edge.evidence = [ev for ev, says in zip(edge.evidence, edge.says, strict=True) if says]
        edge.says = [True] * len(edge.evidence)


def _context(slide: Slide, stmt: Statement) -> str:
    """Where a statement stands, for a reader: a bare item ("S3") says how it relates only
    through the title and lead it hangs under."""
    if stmt.is_title:
        return ""
    lead = stmt.lead if stmt.lead and stmt.lead != stmt.text else ""
    return " › ".join(x for x in (slide.title, lead) if x)[:200]
