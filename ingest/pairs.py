"""Which two names of a slide a statement may relate: title pairs, clause pairs, topic pairs."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import replace

from ingest.catalog import Catalog, Mention
from ingest.cues import (
    ACRONYM_SUBJECT,
    BARE_CLAUSE_WORDS,
    CHOICES,
    CLAUSE_BREAK,
    GIVEN_AFTER,
    LIST_GAP,
    LIST_GOES_ON,
    LIST_RUNS_ON,
    MEANS,
    NAME_RUN,
    NAMED_ITEM,
    OPENING,
    VERSUS_GAP,
    cues_in,
    word_count,
)
from ingest.records import Slide
from ingest.statements import (
    Placed,
    SlideReading,
    Statement,
    clauses,
    item_topics,
    mask_names,
    variant,
)


def candidate_pairs(reading: SlideReading, catalog: Catalog):
    """Yield (first, second, statement, topic_pair) for every candidate pair on a slide."""
    slide, title_mentions, topic = reading.slide, reading.title_mentions, reading.topic
    title_names = list(dict.fromkeys(m.service for m in title_mentions))
    if len(title_names) >= 2:
        # Neighbouring names in a title, with the words between them as the statement
        # ("DAX vs ElastiCache", "Tracing with X-Ray") and the whole title as context.
        masked = mask_names(slide.title, catalog)
        for left, right in itertools.pairwise(title_mentions):
            if left.service == right.service:
                continue
            between = mask_names(slide.title[left.end : right.start], catalog)
            stmt = Statement(
                slide.title, masked, "", between, title_mentions, slide.line_start,
                slide.line_start, True,
            )  # fmt: skip
            yield left.service, right.service, stmt, False
        yield from _comparison_chain(slide, title_mentions)
    yield from _choices(reading.statements, catalog)
    for stmt in reading.statements:
        placed = clauses(stmt, catalog)
        for left, right in _clause_pairs(placed):
            # Two names in one clause, with the words between them as the statement.
            # The data a name gives, right after it, is the pair's too ("collects EC2 metrics").
            given = GIVEN_AFTER.match(stmt.text, right.end)
            between = mask_names(stmt.text[left.end : right.start], catalog)
            between += f" SVC {given.group(0)}" if given else ""
            crossing = _crosses(stmt.text, placed, left, right)
            pair_stmt = replace(
                stmt, own_text=between, cue_text=between, scope=left.text, crossing=crossing,
                left_opens=left.opens, left_object=left.object,
            )  # fmt: skip
            yield left.service, right.service, pair_stmt, False
        seen: set[str] = set()
        whole = mask_names(stmt.text, catalog)
        topics = item_topics(stmt, topic)
        spoken_for = _spoken_for(stmt, placed, topics)
        for i, p in enumerate(placed):
            if p.service in seen or i in spoken_for:
                continue  # spoken for: the statement says what its own subject does to it
            seen.add(p.service)
            own = _list_head(p, placed)
            in_clause = {q.service for q in placed if q.clause == p.clause}
            for t in topics:
                if p.service == t:
                    continue
                if t in in_clause:
                    continue  # the clause names both: the neighbour pair reads it
                if variant(t, p.service):
                    if _member_item(stmt, p, t):
                        yield t, p.service, replace(stmt, member=True), True
                    continue
                weak = not title_names and not stmt.subject  # a row's subject is named
                yield (
                    t,
                    p.service,
                    replace(stmt, own_text=own, weak_topic=weak, item_text=whole),
                    True,
                )


# A title "comparing" more names than this is a list, and every two of them would be many.
_MAX_COMPARED = 5


def _comparison_chain(slide: Slide, mentions: list[Mention]):
    """Every two names of an "A vs B vs C" title, not only neighbours, are compared."""
    gaps = [slide.title[a.end : b.start] for a, b in itertools.pairwise(mentions)]
    if not 3 <= len(mentions) <= _MAX_COMPARED or not all(VERSUS_GAP.fullmatch(g) for g in gaps):
        return
    stmt = Statement(
        slide.title, " vs ", "", " vs ", mentions, slide.line_start, slide.line_start, True
    )
    for i, left in enumerate(mentions):
        for right in mentions[i + 2 :]:
            if left.service != right.service:
                yield left.service, right.service, stmt, False


def _choices(statements: list[Statement], catalog: Catalog):
    """The items under a lead offering a choice that each open on a service ("Three
    choices: / ECS: … / Fargate: … / EKS: …") are alternatives to each other."""
    offered: dict[str, list[Statement]] = defaultdict(list)
    for stmt in statements:
        if stmt.lead and CHOICES.search(stmt.lead) and NAMED_ITEM.match(stmt.own_text):
            offered[stmt.lead].append(stmt)
    starts = {stmt.text: stmt.line_start for stmt in statements}
    for lead, items in offered.items():
        names = list(dict.fromkeys(item.mentions[0].service for item in items))
        if not 2 <= len(names) <= _MAX_COMPARED:
            continue
        text = " / ".join([lead, *(item.text for item in items)])
        first = starts.get(lead, items[0].line_start)
        stmt = Statement(text, " vs ", "", " vs ", [], first, items[-1].line_end, choices=True)
        for i, left in enumerate(names):
            for right in names[i + 1 :]:
                yield left, right, stmt, False


def _spoken_for(stmt: Statement, placed: list[Placed], topic: list[str]) -> set[int]:
    """Mentions that another subject of the statement speaks for, not the slide's topic.

    A subject is a service that opens the statement, or a clause or the words after a
    subject's colon ("SSE-KMS: KMS encrypts …") and says something, or an acronym that is no
    service ("KCL can run on EC2"); the topic (or its family) as subject speaks for nothing.
    Names after a subject, other than forms of it ("VPC" after "VPC Flow Logs"), are its,
    to the end of its sentence.
    """
    m = ACRONYM_SUBJECT.match(stmt.text)
    subject: tuple[int, str | None] | None = (m.end() - 1, None) if m else None
    out = set()
    for i, p in enumerate(placed):
        first_in_clause = i == 0 or placed[i - 1].clause != p.clause
        if i and placed[i - 1].sentence != p.sentence:
            subject = None  # a subject speaks to the end of its sentence
        if _starts_subject(stmt, p, subject, first_in_clause):
            family = any(t == p.service or t.lower().startswith(p.service.lower()) for t in topic)
            subject = None if family else (p.end, p.service)
        elif subject is not None and (subject[1] is None or not variant(p.service, subject[1])):
            out.add(i)
    return out


def _starts_subject(
    stmt: Statement, p: Placed, subject: tuple[int, str | None] | None, first_in_clause: bool
) -> bool:
    """Whether this name is the subject of what follows it (see `_spoken_for`)."""
    if _opens_on(stmt, p):
        # "CLI, SDK, API Gateway" opens on a list of names, not on a subject.
        return not LIST_RUNS_ON.match(stmt.text[p.end :])
    # "…, Cognito User Pools authenticate users" starts one; "…, Kinesis and DynamoDB
    # Streams through a mapping" goes on with a list, "Fargate: ECS serverless" names a kind.
    rest = CLAUSE_BREAK.split(stmt.text[p.end :], maxsplit=1)[0]
    if LIST_GOES_ON.match(rest) or word_count(rest) < 2:  # a subject says something
        return False
    after_colon = subject is not None and stmt.text[subject[0] : p.start].strip() == ":"
    opens_clause = first_in_clause and OPENING.fullmatch(p.text.split("SVC", 1)[0]) is not None
    return after_colon or opens_clause


def _member_item(stmt: Statement, p: Placed, topic: str) -> bool:
    """An item that opens on a member of the topic's family ("Kinesis Firehose: …" on a
    Kinesis slide, "CloudWatch Logs for …" under "CloudWatch:") names a part of it."""
    return _opens_on(stmt, p) and p.service.lower().startswith(topic.lower() + " ")


def _opens_on(stmt: Statement, p: Placed) -> bool:
    """The statement starts with this name (list markers, emphasis and an article aside:
    "The SAM CLI packages …")."""
    return OPENING.fullmatch(stmt.text[: p.start]) is not None


def _clause_pairs(placed: list[Placed]):
    """Neighbours in a clause, and its first name with each later one
    ("CUP integrates with API Gateway and ALB" relates CUP to both)."""
    seen = set()
    for left, right in itertools.pairwise(placed):
        if left.clause == right.clause and left.service != right.service:
            seen.add((left.service, right.service))
            yield left, right
    for i, head in enumerate(placed):
        if i and placed[i - 1].clause == head.clause:
            continue  # not the first name of its clause
        for later in placed[i + 2 :]:
            if later.clause != head.clause:
                break
            if later.service != head.service and (head.service, later.service) not in seen:
                seen.add((head.service, later.service))
                yield head, later


def _crosses(text: str, placed: list[Placed], left: Placed, right: Placed) -> bool:
    """Another name stands between the two, and not as one more item of a list, nor as the
    means the clause ends on ("SQS ties in with Auto Scaling through CloudWatch")."""
    inner = [p for p in placed if left.end <= p.start and p.end <= right.start]
    # The few words before the right name only: a bullet of many names is not re-read whole.
    if not inner or MEANS.search(text[max(0, right.start - 40) : right.start]):
        return False
    # From the first name after the left one on, only list words may stand between.
    names = [*inner, right]
    return any(not LIST_GAP.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(names))


def _list_head(p: Placed, placed: list[Placed]) -> str:
    """The clause of a mention; a bare list member inherits the clause that opens the list.

    In "integrates with A, B, C" the cue before A also speaks of B and C.
    """
    bare = word_count(NAME_RUN.sub("SVC", p.text)) <= BARE_CLAUSE_WORDS  # a list counts as one
    if p.clause == 0 or cues_in(p.text) or not bare:
        return p.text
    first = next(x for x in placed if x.clause == 0) if placed[0].clause == 0 else None
    return f"{first.text} {p.text}" if first else p.text
