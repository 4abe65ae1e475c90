"""A slide read once into statements: each block with its frame (title, topic, lead)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from ingest.catalog import Catalog, Mention
from ingest.cues import CLAUSE_BREAK, LABEL, LIST_LEAD, SENTENCE_BREAK
from ingest.records import Concept, Slide


@dataclass(slots=True)
class Statement:
    text: str  # the statement itself
    cue_text: str  # statement plus the lead line and slide title, service names blanked
    frame_text: str  # the slide title and the lead line, service names blanked
    own_text: str  # the statement, service names blanked
    mentions: list[Mention]
    line_start: int
    line_end: int
    is_title: bool = False
    weak_topic: bool = False  # the slide's topic comes from its concept, not its title
    item_text: str = ""  # the whole statement, masked, when own_text is one clause of it
    scope: str = ""  # the clause a negation is looked for in, when wider than own_text
    lead_topic: str = ""  # the one title service the lead line names ("Secrets Manager:")
    lead: str = ""  # the lead line itself
    label: str = ""  # the one service a parent bullet names and only names ("Cognito Sync:")
    member: bool = False  # an item that opens on a member of the topic's family
    crossing: bool = False  # a pair with another name between them, not in a list with it
    choices: bool = False  # the items of a lead offering choices ("Three choices:")
    # Where each service stands in `mentions` (indices), built once per statement: a pair's
    # copies share it, so a bullet naming 1,500 services is not searched once per pair.
    where: dict[str, list[int]] | None = None
    spellings: dict[str, set[str]] | None = None  # each service's surfaces, likewise

    def __post_init__(self) -> None:
        if self.where is None:
            self.where, self.spellings = defaultdict(list), defaultdict(set)
            for i, m in enumerate(self.mentions):
                self.where[m.service].append(i)
                self.spellings[m.service].add(m.surface)


def mask_names(text: str, catalog: Catalog) -> str:
    """Text with service names blanked, so "Auto Scaling" or "Parameter Store" is no cue."""
    out, last = [], 0
    for m in catalog.mentions(text):
        out.append(text[last : m.start])
        out.append(" SVC ")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def preceded_by(stmt: Statement, name: str, words: re.Pattern) -> bool:
    """The words right before the name's first mention match ("using the", "into")."""
    start = position(stmt, name)
    return start > 0 and words.search(stmt.text[:start]) is not None


def position(stmt: Statement, name: str) -> int:
    found = stmt.where.get(name)
    return stmt.mentions[found[0]].start if found else -1


def read_statements(slide: Slide, catalog: Catalog) -> list[Statement]:
    """Each block with the lead line it hangs under (a parent bullet or a line ending in ':')."""
    out: list[Statement] = []
    leads: dict[int, str] = {}
    last_colon = ""
    in_title = {m.service for m in catalog.mentions(slide.title)}
    for block in slide.blocks:
        lead = leads.get(block.depth - 1, "") if block.depth > 1 else last_colon
        frame = mask_names(" ".join(x for x in (slide.title, lead) if x), catalog)
        own = mask_names(block.text, catalog)
        cue_text = f"{frame} {own}" if frame else own
        mentions = catalog.mentions(block.text)
        if block.kind == "bullet":
            leads[block.depth] = block.text
        if block.text.rstrip().endswith(":") or LIST_LEAD.search(block.text):
            last_colon = block.text
        elif block.kind == "heading":
            last_colon = block.text  # a sub-heading leads the list under it ("Target Groups")
        elif block.kind == "paragraph":
            last_colon = ""
        lead_topic = topic_of_lead(lead, in_title, catalog)
        label = label_of(lead, catalog) if block.depth > 1 else ""
        out.append(
            Statement(
                block.text, cue_text, frame, own, mentions, block.line_start, block.line_end,
                lead_topic=lead_topic, lead=lead, label=label,
            )
        )  # fmt: skip
    return out


def topic_of_lead(lead: str, in_title: set[str], catalog: Catalog) -> str:
    """On a slide about several services ("Parameter Store vs Secrets Manager"), a lead line
    naming one of them says which one its items are about."""
    if len(in_title) < 2:
        return ""
    named = {m.service for m in catalog.mentions(lead)}
    return next(iter(named)) if len(named) == 1 and named <= in_title else ""


def label_of(lead: str, catalog: Catalog) -> str:
    """The service a parent bullet only names, as a label over its items ("Cognito Sync:")."""
    named = {m.service for m in catalog.mentions(lead)}
    if len(named) == 1 and LABEL.match(mask_names(lead, catalog)):
        return next(iter(named))
    return ""


def item_topics(stmt: Statement, topic: list[str]) -> list[str]:
    """Whom a statement's items are about. Under a label naming a member of the slide's
    family ("Cognito Sync:" on Cognito) the member; a label naming another service
    ("CloudWatch Logs:" on Lambda) is how the topic uses it, so the topic still speaks."""
    if stmt.lead_topic:
        return [stmt.lead_topic]
    if stmt.label and any(variant(stmt.label, t) and stmt.label != t for t in topic):
        return [stmt.label]
    return topic


@dataclass(slots=True)
class SlideReading:
    """A slide read once: its title's mentions, its topic and its statements."""

    slide: Slide
    title_mentions: list[Mention]
    topic: list[str]
    statements: list[Statement]

    @property
    def weak(self) -> bool:
        """The title names no service: the topic comes from the slide's concept."""
        return not self.title_mentions


def read_slide(slide: Slide, concept: Concept, catalog: Catalog) -> SlideReading:
    """The one reading of a slide every rule works from."""
    title_mentions = catalog.mentions(slide.title)
    topic = slide_topic([m.service for m in title_mentions], concept)
    return SlideReading(slide, title_mentions, topic, read_statements(slide, catalog))


def slide_topic(named: list[str], concept: Concept) -> list[str]:
    """The service a slide is about: its concept's, if the title names it ("DynamoDB - DAX"
    is about DAX), else the first the title names, else its concept's."""
    if concept.about in named:
        return [concept.about]
    if named:
        return named[:1]
    return [concept.about] if concept.about else []


def variant(a: str, b: str) -> bool:
    """Lambda and Lambda@Edge, DynamoDB and DynamoDB Streams: one is a form of the other."""
    a, b = a.lower(), b.lower()
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True, slots=True)
class Placed:
    service: str
    clause: int  # index of the clause (split at commas, semicolons and sentence ends)
    text: str  # that clause, service names blanked
    start: int
    end: int
    sentence: int = 0  # index of the sentence


def clauses(stmt: Statement, catalog: Catalog) -> list[Placed]:
    """Each mention of a statement with the clause it stands in, in order."""
    bounds = [0, *(m.end() for m in CLAUSE_BREAK.finditer(stmt.text)), len(stmt.text)]
    sentences = [0, *(m.end() for m in SENTENCE_BREAK.finditer(stmt.text))]
    masked: dict[int, str] = {}  # once per clause: a long list names hundreds of services
    out = []
    for m in stmt.mentions:
        k = bisect.bisect_right(bounds, m.start, hi=len(bounds) - 1) - 1
        if k not in masked:
            masked[k] = mask_names(stmt.text[bounds[k] : bounds[k + 1]], catalog)
        sentence = bisect.bisect_right(sentences, m.start) - 1
        out.append(Placed(m.service, k, masked[k], m.start, m.end, sentence))
    return out
