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

import itertools
import re
from dataclasses import asdict, dataclass, field, replace

from ingest.catalog import Catalog, Mention
from ingest.records import Concept, Section, Slide

__all__ = ["RELATION_TYPES", "Evidence", "Relation", "extract_relations"]

RELATION_TYPES = (
    "invokes", "event_source_mapping", "publishes_to", "subscribes_to", "stores_in",
    "origin_of", "runs_on", "deploys_to", "builds_for", "orchestrates", "encrypts",
    "authenticates", "authorizes", "monitors", "logs_to", "traces", "caches",
    "replicates_to", "load_balances", "scales", "part_of", "alternative_to", "integrates_with",
)  # fmt: skip

# Specific cues, most specific first. Each regex is searched in the statement text.
_CUES: tuple[tuple[str, str], ...] = (
    ("event_source_mapping", r"event source mapping|\bpoll(?:s|ing|ed)?\b"),
    (
        "alternative_to",
        r"\bvs\.?\b|\bversus\b|instead of|alternative|deprecated|replaced by|"
        r"\bor\b.{0,20}\?|no more\b|don'?t provision|compared to",
    ),
    (
        "part_of",
        r"\btypes? of\b|\bkinds? of\b|\bpart of\b|\bone of\b|\bgeneration\b|"
        r"\bflavou?rs? of\b|\bengines?\b|\bfamily\b|\bfeature of\b",
    ),
    ("origin_of", r"\borigins?\b"),
    ("traces", r"\btrac(?:e|es|ed|ing)\b"),
    ("encrypts", r"\bencrypt\w*|\bdecrypt\w*|\bkeys?\b.{0,30}\bencryption\b"),
    ("logs_to", r"\blogs?\b|\blogging\b"),
    ("authenticates", r"\bauthenticat\w*|\blog ?in\b|\bsign[- ]?in\b|\bidentity provider\b"),
    (
        "authorizes",
        r"\bauthoriz\w*|\bpermissions?\b|\baccess (?:is )?control\w*|\broles?\b|"
        r"\bpolic(?:y|ies)\b",
    ),
    ("replicates_to", r"\breplicat\w*"),
    ("load_balances", r"\bload[- ]balanc\w*|\btarget groups?\b|\bport mapping\b"),
    ("caches", r"\bcach(?:e|es|ed|ing)\b"),
    ("scales", r"\bscal(?:e|es|ed|ing)\b|\bcapacity provider\b"),
    ("monitors", r"\bmonitor\w*|\bmetrics?\b|\baudit\w*|\bapi calls?\b"),
    (
        "invokes",
        r"\binvok\w*|\binvocations?\b|\btrigger\w*|\bexecute\w*|"
        r"\bin response to\b|\bevent notifications?\b|\bsources? for\b|\bcustom sources?\b",
    ),
    ("subscribes_to", r"\bsubscri\w*"),
    (
        "publishes_to",
        r"\bpublish\w*|\bnotif\w*|\bfan[- ]?out\b|\bsends?\b|\bgo(?:es)? (?:in)?to\b|"
        r"\bcan go to\b|\bdead[- ]letter|\bdlq\b|\bdestinations?\b|\bemits?\b",
    ),
    (
        "stores_in",
        r"\bstor(?:e|es|ed|ing)\b|\bsav(?:e|es|ed)\b|\bload\w* (?:\w+ )?(?:in)?to\b|"
        r"\barchiv\w*|\bdeliver\w*|\boutputs?\b",
    ),
    (
        "runs_on",
        r"\bruns? on\b|\brunning on\b|\bon top of\b|\bhost(?:s|ed)? on\b|\bunder the hood\b",
    ),
    ("deploys_to", r"\bdeploy\w*"),
    ("builds_for", r"\bbuild(?:s|ing)?\b|\bcompil\w*"),
    (
        "orchestrates",
        r"\borchestrat\w*|\bprovision\w*|\bworkflows?\b|"
        r"\bcoordinat\w*|\buses\b.{0,30}\bcomponents?\b|\bregroups?\b",
    ),
)
_GENERIC = re.compile(
    r"\bintegrat\w*|\bwith\b|\bcompatib\w*|\bsupport\w*|\buses?\b|\busing\b|\bvia\b|"
    r"\bthrough\b",
    re.IGNORECASE,
)
# In a title, "X + Y" and "X & Y" say the slide is about the two together.
_TITLE_GENERIC = re.compile(_GENERIC.pattern + r"|\+|&", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;]\s+")
_CUE_RE = tuple((rel, re.compile(rx, re.IGNORECASE)) for rel, rx in _CUES)
# Negation and contrast: "unlike X, Y ...", "X is in-memory, but Y is serverless".
_NEGATION = re.compile(
    r"\b(?:not|never|cannot|can't|isn't|doesn't|don't|no|unlike|but|whereas)\b", re.I
)
_PASSIVE = re.compile(r"\b(?:is|are|be|been|being|get|gets)\s+\w+ed\s+by\b|\bby\b", re.I)
# Relations that only a service of that nature performs (the catalog's acts/receives):
# a cue for one of them applies to a pair only when a service of the pair has the role.
_ROLE_BOUND = frozenset({
    "traces", "encrypts", "authorizes", "authenticates", "scales", "load_balances", "caches",
    "monitors", "logs_to", "origin_of", "builds_for", "event_source_mapping",
})  # fmt: skip
# Open relations whose direction a role still fixes ("S3, SNS ..." under "Lambda invocations").
_ROLE_ORIENTED = frozenset({"invokes", "subscribes_to"})
# Roles that a generic cue ("X with Y", "integrates with") may turn into a relation; the
# others (publishing, storing, polling, deploying) need a cue of their own.
_NATURE_ROLES = frozenset({
    "traces", "encrypts", "authorizes", "authenticates", "scales", "load_balances", "caches",
    "monitors", "logs_to", "origin_of", "orchestrates", "invokes",
})  # fmt: skip
# A list item this short under a cue-bearing title or lead is a list of services.
_LIST_ITEM_WORDS = 8


@dataclass(slots=True)
class Evidence:
    """Where a relation is stated: source file, 1-based line span, and the statement."""

    source: str
    line_start: int
    line_end: int
    text: str

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


@dataclass(slots=True)
class _Statement:
    text: str  # the statement itself
    cue_text: str  # statement plus the lead line and slide title, service names blanked
    own_text: str  # the statement, service names blanked
    mentions: list[Mention]
    line_start: int
    line_end: int
    is_title: bool = False


def _cues(text: str) -> list[str]:
    return [rel for rel, rx in _CUE_RE if rx.search(text)]


def _masked(text: str, catalog: Catalog) -> str:
    """Text with service names blanked, so "Auto Scaling" or "Parameter Store" is no cue."""
    out, last = [], 0
    for m in catalog.mentions(text):
        out.append(text[last : m.start])
        out.append(" SVC ")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _orient(a: str, b: str, rel: str, catalog: Catalog) -> tuple[str, str] | None:
    """Direction of rel between a and b from catalog roles; None when no role decides."""
    sa, sb = catalog.services[a], catalog.services[b]
    if rel in sa.acts and rel not in sb.acts:
        return a, b
    if rel in sb.acts and rel not in sa.acts:
        return b, a
    if rel in sb.receives and rel not in sa.receives:
        return a, b
    if rel in sa.receives and rel not in sb.receives:
        return b, a
    return None


def _role_relation(first: str, second: str, catalog: Catalog) -> tuple[str, str, str] | None:
    """A relation implied by a role of first (preferred) or second, for generic cues."""
    for svc, other in ((first, second), (second, first)):
        s = catalog.services[svc]
        for rel in s.acts:
            if rel in _NATURE_ROLES and rel not in catalog.services[other].acts:
                return svc, other, rel
        for rel in s.receives:
            if rel in _NATURE_ROLES and rel not in catalog.services[other].receives:
                return other, svc, rel
    return None


def _position(stmt: _Statement, name: str) -> int:
    return next((m.start for m in stmt.mentions if m.service == name), -1)


def _text_order(first: str, second: str, stmt: _Statement, topic_pair: bool) -> tuple[str, str]:
    """Actor first: the topic of the slide, or the earlier name; passive voice flips it."""
    if not topic_pair:
        a, b = sorted((first, second), key=lambda n: _position(stmt, n))
        first, second = a, b
    passive = _PASSIVE.search(stmt.own_text) is not None
    return (second, first) if passive else (first, second)


def _type_pair(
    first: str, second: str, stmt: _Statement, catalog: Catalog, topic_pair: bool
) -> tuple[str, str, str, float] | None:
    """(source, target, relation, confidence) for two services in a statement, or None."""
    own = _cues(stmt.own_text)
    cues = _cues(stmt.cue_text)
    if _NEGATION.search(stmt.own_text) and "alternative_to" not in own:
        return None
    short_item = len(stmt.text.split()) <= _LIST_ITEM_WORDS
    if topic_pair and not own and not _GENERIC.search(stmt.own_text) and not short_item:
        return None  # a long bullet that names a service without saying how they relate
    if "alternative_to" in cues and ("alternative_to" in own or not topic_pair):
        return first, second, "alternative_to", 0.8
    if "part_of" in cues and topic_pair and short_item:
        return second, first, "part_of", 0.8  # a member listed under "types of T"
    for rel in cues:
        if rel in ("alternative_to", "part_of"):
            continue
        strength = 0.9 if rel in own else 0.75
        if rel in _ROLE_BOUND:
            oriented = _orient(first, second, rel, catalog)
            if oriented is None:
                continue
            return *oriented, rel, strength
        if rel not in own and not short_item:
            continue
        oriented = _orient(first, second, rel, catalog) if rel in _ROLE_ORIENTED else None
        oriented = oriented or _text_order(first, second, stmt, topic_pair)
        return *oriented, rel, strength - 0.1
    generic = _TITLE_GENERIC if stmt.is_title else _GENERIC
    if generic.search(stmt.cue_text):
        implied = _role_relation(first, second, catalog)
        if implied:
            return *implied, 0.65
        if generic.search(stmt.own_text):
            return *_text_order(first, second, stmt, topic_pair), "integrates_with", 0.5
    return None


def _statements(slide: Slide, catalog: Catalog) -> list[_Statement]:
    """Each block with the lead line it hangs under (a parent bullet or a line ending in ':')."""
    out: list[_Statement] = []
    leads: dict[int, str] = {}
    last_colon = ""
    for block in slide.blocks:
        lead = leads.get(block.depth - 1, "") if block.depth > 1 else last_colon
        cue_text = _masked(" ".join(x for x in (slide.title, lead, block.text) if x), catalog)
        mentions = catalog.mentions(block.text)
        if block.kind == "bullet":
            leads[block.depth] = block.text
        if block.text.rstrip().endswith(":"):
            last_colon = block.text
        elif block.kind in ("paragraph", "heading"):
            last_colon = ""
        own = _masked(block.text, catalog)
        out.append(
            _Statement(block.text, cue_text, own, mentions, block.line_start, block.line_end)
        )
    return out


def _topic(slide: Slide, concept: Concept, catalog: Catalog) -> list[str]:
    named = list(dict.fromkeys(m.service for m in catalog.mentions(slide.title)))
    if named:
        return named
    return [concept.about] if concept.about else []


def _pairs_of(slide: Slide, concept: Concept, catalog: Catalog):
    """Yield (first, second, statement, topic_pair) for every candidate pair on a slide."""
    title_mentions = catalog.mentions(slide.title)
    topic = _topic(slide, concept, catalog)
    title_names = list(dict.fromkeys(m.service for m in title_mentions))
    contrast = "alternative_to" in _cues(_masked(slide.title, catalog))
    if len(title_names) >= 2:
        masked = _masked(slide.title, catalog)
        stmt = _Statement(
            slide.title, masked, masked, title_mentions, slide.line_start, slide.line_start, True
        )
        for i, a in enumerate(title_names):
            for b in title_names[i + 1 :]:
                yield a, b, stmt, False
    for stmt in _statements(slide, catalog):
        placed = _clauses(stmt, catalog)
        for left, right in itertools.pairwise(placed):
            # Neighbours in one clause, with the words between them as the statement.
            if left.clause == right.clause and left.service != right.service:
                between = _masked(stmt.text[left.end : right.start], catalog)
                pair_stmt = replace(stmt, own_text=between, cue_text=between)
                yield left.service, right.service, pair_stmt, False
        seen: set[str] = set()
        for p in placed:
            if p.service in seen:
                continue
            seen.add(p.service)
            for t in topic:
                if p.service == t or (contrast and p.service in title_names):
                    continue  # on an "X vs Y" slide the title pair already says it
                if p.service not in title_names[1:]:
                    yield t, p.service, replace(stmt, own_text=p.text), True


@dataclass(frozen=True, slots=True)
class _Placed:
    service: str
    clause: int  # index of the clause (split at commas and semicolons)
    text: str  # that clause, service names blanked
    start: int
    end: int


def _clauses(stmt: _Statement, catalog: Catalog) -> list[_Placed]:
    """Each mention of a statement with the clause it stands in, in order."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(stmt.text)), len(stmt.text)]
    out = []
    for m in stmt.mentions:
        k = max(i for i, b in enumerate(bounds[:-1]) if b <= m.start)
        text = _masked(stmt.text[bounds[k] : bounds[k + 1]], catalog)
        out.append(_Placed(m.service, k, text, m.start, m.end))
    return out


def extract_relations(
    concepts: list[Concept], sections: dict[str, Section], catalog: Catalog
) -> list[Relation]:
    """All typed relations stated in the concepts' slides, merged by (source, target, type)."""
    found: dict[tuple[str, str, str], Relation] = {}
    strongest: dict[tuple[str, str, str], float] = {}
    for concept in concepts:
        for slide in concept.slides:
            for a, b, stmt, topic_pair in _pairs_of(slide, concept, catalog):
                typed = _type_pair(a, b, stmt, catalog, topic_pair)
                if typed is None:
                    continue
                src, dst, rel, conf = typed
                if src == dst:
                    continue
                if rel == "alternative_to" and (dst, src, rel) in found:
                    src, dst = dst, src
                key = (src, dst, rel)
                edge = found.setdefault(key, Relation(src, dst, rel, 0.0))
                ev = Evidence(slide.source, stmt.line_start, stmt.line_end, stmt.text[:400])
                if all(
                    (e.source, e.line_start) != (ev.source, ev.line_start) for e in edge.evidence
                ):
                    edge.evidence.append(ev)
                    strongest[key] = max(conf, strongest.get(key, 0.0))
                    # The strongest statement decides; each further one adds a little.
                    bonus = 0.03 * (len(edge.evidence) - 1)
                    edge.confidence = round(min(0.99, strongest[key] + bonus), 3)
    return _prune(list(found.values()))


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
