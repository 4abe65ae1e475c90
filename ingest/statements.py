"""A slide read once into statements: each block with its frame (title, topic, lead)."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from ingest.catalog import Catalog, Mention
from ingest.cues import (
    CLAUSE_BREAK,
    LABEL,
    LIST_GOES_ON,
    LIST_GOES_ON_ACROSS,
    LIST_LEAD,
    OPENING,
    RULES_OUT,
    SENTENCE_BREAK,
    VERSUS_OPENING,
    cues_in,
    modality_of,
    only_names,
)
from ingest.records import Block, Concept, Slide


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
    subject: str = ""  # who speaks in a table cell: its row's (or column's) one service
    turned_down: bool = False  # a "vs X:" label, or its line, whose lines rule X out
    left_opens: bool = True  # of a pair in one clause: the first name opens the clause
    left_object: bool = False  # … or is where something moves ("read from SQS")
    shown: str = ""  # what evidence shows, when more than the text (a cell's whole row)
    modality: str = "fact"  # "fact", "option" or "example" (cues.modality_of)
    # Each service's modality: that of the clause it stands in (a list running across
    # commas is one clause), read under the lead. Set with `placed` by `read_statements`.
    modalities: dict[str, str] = field(default_factory=dict)
    placed: list[Placed] | None = None  # its mentions in their clauses (`clauses`), read once
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


def own_tools(mentions: list[Mention], topic: list[str], catalog: Catalog) -> list[Mention]:
    """Mentions with a generic tool name ("the SDK", "the CLI") read as the topic's own tool
    where the catalog names one ("X-Ray SDK", "SAM CLI", "Elastic Beanstalk CLI")."""
    out = []
    for m in mentions:
        svc = catalog.services[m.service]
        owned = [catalog.resolve(f"{t} {svc.name}") for t in topic] if svc.is_tool else []
        name = next((o for o in owned if o and o != m.service), m.service)
        out.append(m if name == m.service else replace(m, service=name))
    return out


def read_statements(slide: Slide, catalog: Catalog, topic: list[str] = ()) -> list[Statement]:
    """Each block with the lead line it hangs under (a parent bullet, a line ending in ':',
    the question it answers), a table row as its cells under their column headers."""
    out: list[Statement] = []
    leads: dict[int, str] = {}
    last_colon = ""
    asked = ""  # a question whose answer is the next block
    in_title = {m.service for m in catalog.mentions(slide.title)}
    turned_down = _turned_down(slide.blocks)
    for block in slide.blocks:
        lead = leads.get(block.depth - 1, "") if block.depth > 1 else last_colon
        if block.kind == "bullet":
            leads[block.depth] = block.text
        if block.kind == "table" and block.cells:
            out += _cells(block, slide, catalog, topic)
            continue
        if block.text.rstrip().endswith(":") or LIST_LEAD.search(block.text):
            last_colon = block.text
        elif block.kind == "heading":
            last_colon = block.text  # a sub-heading leads the list under it ("Target Groups")
        elif block.kind == "paragraph":
            last_colon = ""
        frame = {
            "lead_topic": topic_of_lead(lead, in_title, catalog),
            "label": label_of(lead, catalog) if block.depth > 1 else "",
            "turned_down": block.text in turned_down or lead in turned_down,
        }
        question, answer = (asked, block.text) if asked else split_question(block.text)
        asked = question if question and not answer else ""
        if question is None:
            out.append(_statement(block.text, lead, block, slide, catalog, topic, **frame))
            continue
        if affirmed(answer):  # the answer says yes: the question is said, as a fact
            out.append(
                _statement(question, lead, block, slide, catalog, topic, modality="fact", **frame)
            )
        if answer:
            out.append(_answer(question, answer, block, slide, catalog, topic))
    return out


def _turned_down(blocks: list[Block]) -> set[str]:
    """The "vs X:" labels whose lines rule X out ("vs S3: / S3 is not meant for small
    objects"): the slide turns the choice down."""
    out = set()
    for i, block in enumerate(blocks):
        if not VERSUS_OPENING.match(block.text):
            continue
        for under in blocks[i + 1 :]:
            if under.depth <= block.depth:
                break
            if RULES_OUT.search(under.text):
                out.add(block.text)
    return out


def split_question(text: str) -> tuple[str | None, str]:
    """(question, answer) of a text that asks something ("Q: Does DAX cache RDS? A: No."),
    the answer empty when the text is only a question; (None, text) when it asks nothing."""
    m = QUESTION.match(text)
    return (m.group("question"), m.group("answer")) if m else (None, text)


def affirmed(answer: str) -> bool:
    return YES.match(answer) is not None


def _answer(question: str, answer: str, block: Block, slide: Slide, catalog, topic) -> Statement:
    """An answer, read under its question: the one service the question names speaks in it."""
    answer = ANSWER_MARK.sub("", answer, count=1)
    asked = _one_service(question, catalog)
    return _statement(
        answer, question, block, slide, catalog, topic,
        subject=asked.service if asked else "", shown=f"{question} {answer}",
        modality=modality_of(answer),
    )  # fmt: skip


def _statement(
    text: str, lead: str, block: Block, slide: Slide, catalog: Catalog, topic, **frame
) -> Statement:
    """A statement of a block: its text read under the slide title and its lead."""
    masked_frame = mask_names(" ".join(x for x in (slide.title, lead) if x), catalog)
    own = mask_names(text, catalog)
    cue_text = f"{masked_frame} {own}" if masked_frame else own
    mentions = own_tools(catalog.mentions(text), topic, catalog)
    given = frame.get("modality")  # an answered question says what it says as a fact
    frame.setdefault("modality", modality_of(text, lead))
    stmt = Statement(
        text, cue_text, masked_frame, own, mentions, block.line_start, block.line_end,
        lead=lead, **frame,
    )  # fmt: skip
    stmt.placed = clauses(stmt, catalog)
    # An example marker speaks for the whole statement ("…, for example"); "can" for its clause.
    whole = given or ("example" if frame["modality"] == "example" else None)
    for p in stmt.placed:
        stmt.modalities.setdefault(p.service, whole or modality_of(p.text, lead))
    return stmt


def _cells(block: Block, slide: Slide, catalog: Catalog, topic) -> list[Statement]:
    """A table row as statements, one per cell, each under its column's header and spoken
    by the row's subject: the one service its first cell names, else the one its column's
    header names. The header row names columns and states nothing."""
    if not block.columns:
        return []
    subject = _one_service(block.cells[0], catalog)
    out = []
    for i, cell in enumerate(block.cells):
        if not cell.strip():
            continue
        if i == 0 and split_question(cell)[0] and not affirmed(" ".join(block.cells[1:2])):
            continue  # a question the row does not answer yes
        header = block.columns[i] if i < len(block.columns) else ""
        speaker = None if i == 0 else subject or _one_service(header, catalog)
        if speaker and not only_names(mask_names(cell, catalog)):
            cell = f"{speaker.surface} {cell}"  # a cell that says something: a sentence
        # Framed by the header that is not its speaker: the column's, or the row's label
        # where the column's header speaks ("Encryption at rest" over "| KMS |").
        lead = block.cells[0] if i and not subject and speaker else header
        out.append(
            _statement(cell, lead, block, slide, catalog, topic,
                       subject=speaker.service if speaker else "", shown=block.text)
        )  # fmt: skip
    return out


def _one_service(text: str, catalog: Catalog) -> Mention | None:
    """The first mention of a text that names one service only."""
    found = catalog.mentions(text)
    return found[0] if len({m.service for m in found}) == 1 else None


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
    if stmt.subject:
        return [stmt.subject]
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
    topic = slide_topic([m.service for m in title_mentions], slide, concept, catalog)
    return SlideReading(slide, title_mentions, topic, read_statements(slide, catalog, topic))


def slide_topic(named: list[str], slide: Slide, concept: Concept, catalog: Catalog) -> list[str]:
    """The service a slide is about: its concept's, if the title names it ("DynamoDB - DAX"
    is about DAX), else the first the title names; else the one service a heading above it,
    or its section's heading, names alone. Never the service a page merely names most."""
    if concept.about in named:
        return [concept.about]
    if named:
        return named[:1]
    for heading in reversed(slide.heading_path[:-1]):
        above = {m.service for m in catalog.mentions(heading)}
        if above:
            return list(above) if len(above) == 1 else []
    return [concept.about] if concept.about and concept.about_source == "section" else []


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
    opens: bool = True  # the name opens its clause: it is the clause's subject
    object: bool = False  # it follows "from", "to" or "into": where something moves


def clauses(stmt: Statement, catalog: Catalog) -> list[Placed]:
    """Each mention of a statement with the clause it stands in, in order; a clause that
    only goes on with the list before it is part of that clause."""
    if stmt.placed is not None:
        return stmt.placed
    bounds = [0, *(m.end() for m in CLAUSE_BREAK.finditer(stmt.text)), len(stmt.text)]
    sentences = [0, *(m.end() for m in SENTENCE_BREAK.finditer(stmt.text))]
    masked: dict[int, str] = {}  # once per clause: a long list names hundreds of services
    head: dict[int, int] = {}  # a clause → the clause its list continues (itself if none)
    out: list[Placed] = []
    for m in stmt.mentions:
        k = bisect.bisect_right(bounds, m.start, hi=len(bounds) - 1) - 1
        if k not in masked:
            masked[k] = mask_names(stmt.text[bounds[k] : bounds[k + 1]], catalog)
            goes_on = bool(out) and (
                _continues_list(
                    stmt.text[out[-1].end : m.start], masked[k], stmt.text[m.end : bounds[k + 1]]
                )
                or (
                    out[-1].opens
                    and _relative(
                        stmt.text[out[-1].end : bounds[k]], stmt.text[bounds[k] : m.start]
                    )
                )
            )
            head[k] = head[out[-1].clause] if goes_on else k
            if goes_on:
                masked[head[k]] += masked[k]
        sentence = bisect.bisect_right(sentences, m.start) - 1
        opening = MARKUP.sub("", stmt.text[bounds[k] : m.start])
        opens = head[k] == k and OPENING.fullmatch(opening) is not None
        governed = not opens and MOVED_TO.search(opening) is not None
        out.append(Placed(m.service, head[k], "", m.start, m.end, sentence, opens, governed))
    return [replace(p, text=masked[p.clause]) for p in out]


# A text that asks something: the question up to its "?", and what follows it.
QUESTION = re.compile(r"^\s*(?P<question>[^?]*\?)(?=\s|$)\s*(?P<answer>.*)$", re.DOTALL)
# What opens an answer: "A:", an arrow, emphasis.
ANSWER_MARK = re.compile(r"^[\s*_]*(?:A\s*[:.)]|→|=>|->|—|-)?[\s*_]*")
# An answer that says yes.
YES = re.compile(r"^[\s*_]*(?:A\s*[:.)])?[\s*_]*yes\b", re.IGNORECASE)


# After a name, up to the end of its clause: a word or two at most, then the break.
NAME_TAIL = re.compile(r"(?:\s+[\w-]+){0,2}\s*[,;]\s*")
# A clause that speaks of the name before it: "…, which rotates …", "…, who …".
RELATIVE = re.compile(r"\s*(?:which|who)\b", re.IGNORECASE)


# A name right after "from", "to" or "into" is where something moves: an object.
MOVED_TO = re.compile(
    r"\b(?:from|to|into|onto)\s+(?:(?:the|an?|your|our)\s+)?(?:aws\s+|amazon\s+)?$", re.I
)


# Link brackets and emphasis around a name ("[[EC2]] instances", "**S3**") are no words.
MARKUP = re.compile(r"[\[\]*_`]")


def _relative(tail: str, opening: str) -> bool:
    """The clause opens on "which" or "who" right after a name ("Secrets Manager, which
    rotates …"): it is that name's (merged into its clause where the name is the subject
    there; after another name, "… happen in CloudWatch Events, which …", it is not the
    first name's)."""
    return (
        NAME_TAIL.fullmatch(MARKUP.sub("", tail)) is not None
        and RELATIVE.match(opening) is not None
    )


def _continues_list(gap: str, clause: str, rest: str) -> bool:
    """The text between the last name of a clause and the first of the next one is a list
    going on ("instances (agent), to ", ", "), the next clause states nothing itself, and
    its first name is an item, not a subject: the list's preposition stands before it, or
    the list goes on or ends right after it ("…, and IAM controls which…" starts anew)."""
    found = LIST_GOES_ON_ACROSS.fullmatch(MARKUP.sub("", gap))
    if found is None or cues_in(clause):
        return False
    item = found.group("preposition") or LIST_GOES_ON.match(rest) or len(rest.split()) <= 2
    return bool(item)
