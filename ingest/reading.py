"""What a statement states about a pair: its relation, direction and strength, or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.catalog import Catalog
from ingest.cues import (
    AGENT_NOUNS,
    API_CALL,
    ARROW,
    BETWEEN_GENERIC,
    CALLS,
    CALLS_NAME,
    CLAUSE_BREAK,
    COORDINATED,
    CUE_INDEX,
    DESTINATION,
    FIRST_PERSON,
    FROM_TO,
    FROM_TO_GAP,
    GENERIC,
    HOSTED_ON,
    INSTRUMENT,
    INTEGRATES_WITH,
    KIND_AFTER,
    KIND_BEFORE,
    KIND_OF,
    LABELLED_NAMES,
    LIKENED,
    LIST_GLUE,
    LIST_ITEM_WORDS,
    NEXT_ITEM,
    OBJECT_RELATIVE,
    OWN_NOTIFICATIONS,
    PASSIVE,
    PLACED_IN,
    RECOMMENDED,
    REMARK,
    REPLACED,
    REPLACING,
    RULED_OUT,
    SIDE_BOUND,
    SIDE_ENDS,
    SIDE_PREFIX,
    STAGE,
    SUBJECT_FIRST,
    TITLE_GENERIC,
    TITLE_JOIN,
    TOOL_MEANS,
    TOPIC_GENERIC,
    USE,
    VERSUS,
    VERSUS_LABEL,
    VERSUS_OPENING,
    cue_takes_inner,
    cues_in,
    done_by,
    follows,
    follows_cue,
    is_bare,
    name_cues,
    negated,
    word_count,
)
from ingest.roles import (
    MOVES,
    ROLE_BOUND,
    ROLE_ORIENTED,
    SENT,
    delivered,
    in_range,
    orient,
    role_relation,
)
from ingest.statements import Statement, mask_names, position, preceded_by, variant

# How a statement says what it says, strongest first: in its own words (or, for a
# feature's service, the catalog); through the lead or title it hangs under; through a
# catalog role on a generic join; or only that the two work together. docs/relations.md
# explains each.
BASES = ("stated", "catalog", "framed", "implied", "joined")


@dataclass(frozen=True, slots=True)
class Claim:
    """What one statement states about a pair: a typed, directed relation and its basis."""

    source: str
    target: str
    relation: str
    basis: str

    @property
    def rank(self) -> int:
        """Higher for a stronger basis."""
        return len(BASES) - BASES.index(self.basis)


def _by_proximity(
    cues: list[str], own_text: str, frame_text: str = "", named: tuple[str, ...] = ()
) -> list[str]:
    """Cues a name carries in its own words ("IAM policy") first, then those in the statement
    itself, nearest a service name first (cues only some services perform, encrypts or
    logs_to, before open verbs at equal reach); then those of its frame, nearest the
    statement first: under "invocations – destinations:" the items are destinations."""
    anchors = [m.start() for m in re.finditer(r"\bSVC\b", own_text)]

    def order(rel: str) -> tuple[int, bool, int]:
        if rel in named:
            return 0, False, 0
        m = CUE_INDEX[rel].search(own_text)
        if m is not None and anchors:
            reach = min(min(abs(m.start() - a), abs(m.end() - a)) for a in anchors)
            return 0, rel not in ROLE_BOUND, reach
        ends = [m.end() for m in CUE_INDEX[rel].finditer(frame_text)]
        return 1, False, len(frame_text) - max(ends) if ends else 10_000

    return sorted(cues, key=order)


def _agent(a: str, b: str, rel: str, stmt: Statement) -> tuple[str, str] | None:
    """(actor, other) when one of the two is named as the relation's agent, else None."""
    noun = AGENT_NOUNS.get(rel)
    if noun is None:
        return None
    acting = [
        name
        for name in (a, b)
        if any(noun.match(stmt.text, stmt.mentions[i].end) for i in stmt.where.get(name, ()))
    ]
    if len(acting) != 1:
        return None
    return (a, b) if acting[0] == a else (b, a)


def _used(stmt: Statement, name: str) -> bool:
    """The statement tells to use the service: it follows "use" and labels nothing."""
    if not preceded_by(stmt, name, USE):
        return False
    mention = stmt.mentions[stmt.where[name][0]]
    return not stmt.text[mention.end :].lstrip().startswith(":")


def _object_of(pair: _Pair) -> Claim | None:
    """The first name is the object of what the second does right after it ("a function
    that Secrets Manager invokes on a schedule"): read the second as the subject."""
    stmt = pair.stmt
    end = stmt.mentions[stmt.where[pair.second][0]].end
    after = mask_names(CLAUSE_BREAK.split(stmt.text[end:], maxsplit=1)[0], pair.catalog)
    own = cues_in(after)
    said = replace(stmt, own_text=after, cue_text=after, scope=after)
    return _read_pair(
        replace(pair, first=pair.second, second=pair.first, stmt=said, own=own, cues=own)
    )


def _arrowed(first: str, second: str, forward: bool, stmt: Statement, catalog) -> Claim | None:
    """Two names joined by an arrow: what the words of its clause say, oriented by the roles
    where a role applies ("DAX => DDB (cache)") and else the arrow's way ("S3 -> SQS (event
    notif)"); with no such words, what the target takes, or "A <- B": A pulls from B."""
    source, target = (first, second) if forward else (second, first)
    said = cues_in(stmt.scope)
    for rel in said:
        edge = orient(source, target, rel, catalog) if rel in ROLE_BOUND | ROLE_ORIENTED else None
        if rel in ROLE_BOUND:
            claim = Claim(*edge, rel, "stated") if edge else None
        elif rel in SENT:
            claim = _arrival(*(edge or (source, target)), rel, "stated", catalog)
        else:
            claim = Claim(*(edge or (source, target)), rel, "stated")
        if claim is not None and in_range(claim.source, claim.target, claim.relation, catalog):
            return claim
    if said:
        return None  # the words say what, and it fits neither way
    if not forward:
        return Claim(target, source, "pulls_from", "stated")
    taken = catalog.services[target]
    if not (ARROW_TAKES & {*taken.receives, *taken.acts}):
        return None  # an arrow into what takes no message, call or metric says nothing
    return _arrival(source, target, "publishes_to", "stated", catalog)


# What a bare arrow may bring: a call, a message or event, a metric or a trace segment.
ARROW_TAKES = frozenset({"invokes", "publishes_to", "monitors", "traces"})


def _called_by_reader(stmt: Statement, name: str) -> bool:
    """A service used through its API or a command ("use STS (with AssumeRole API)")."""
    end = stmt.mentions[stmt.where[name][0]].end
    return API_CALL.match(stmt.text, end) is not None


def _instrument(stmt: Statement, target: str) -> bool:
    """The target is named as the means, not the object ("a certificate provisioned using
    ACM" says nothing of Elastic Beanstalk orchestrating ACM)."""
    return preceded_by(stmt, target, INSTRUMENT)


def _destination(stmt: Statement, target: str, rel: str) -> bool:
    """The target is where data goes ("Batch exporter to S3 for archival" under "can go to:")."""
    return rel in MOVES and preceded_by(stmt, target, DESTINATION)


@lru_cache(maxsize=256)
def _word_object(words: tuple[str, ...]) -> re.Pattern | None:
    """A service's everyday word as the object right after a cue ("… a function")."""
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"\s+(?:(?:a|an|the|its|their|your|each|every|this)\s+)?(?:{alternation})\b", re.I
    )


def _topic_object(rel: str, own_text: str, words: tuple[str, ...]) -> bool:
    """The other service opens the clause as its subject and the cue's object is the topic,
    named by one of its everyday words ("SVC buckets invoke a function")."""
    pattern = _word_object(words)
    if pattern is None:
        return False
    # Any of its cues: "event notifications (…) invoke a function" names the cue twice.
    return any(
        pattern.match(own_text, cue.end()) is not None
        and SUBJECT_FIRST.match(REMARK.sub(" ", own_text[: cue.start()])) is not None
        for cue in CUE_INDEX[rel].finditer(own_text)
    )


def _destinations(stmt: Statement) -> set[str]:
    """The names data goes to: each one after "to" or "into", and the items of a list it
    opens ("go to Auto Scaling, EC2 Actions, SNS notifications")."""
    out: set[str] = set()
    last_end = None  # where the previous destination ends, while a list of them runs on
    for m in stmt.mentions:
        after_list = last_end is not None and NEXT_ITEM.fullmatch(stmt.text[last_end : m.start])
        if after_list or DESTINATION.search(stmt.text[: m.start]):
            out.add(m.service)
            last_end = m.end
        else:
            last_end = None
    return out


def _elsewhere(stmt: Statement, target: str, rel: str) -> bool:
    """Data moved goes where the statement says ("to X"): another name there is where it
    comes from ("a metric from an app on EC2 to CloudWatch" sends nothing to EC2)."""
    if rel not in MOVES | {"logs_to"}:
        return False
    destinations = _destinations(stmt)
    return bool(destinations) and target not in destinations


def _replacement(first: str, second: str, stmt: Statement, topic_pair: bool) -> Claim | None:
    """The newer one replaces the older: "CloudWatch Events … replaced with EventBridge",
    "Cognito Sync: deprecated – use AppSync" (on its slide, the topic is the older), "A
    replaces B". Between two names the first stands before the cue; on a slide about the
    topic, the other name stands where the item puts it."""
    m = REPLACING.search(stmt.own_text)
    if m is None:
        return None
    other_first = not topic_pair or "SVC" in stmt.own_text[: m.start()]
    first_is_new = other_first == bool(m.group("new_first"))
    if topic_pair:
        first_is_new = not first_is_new  # the topic is never written in its own items
    new, old = (first, second) if first_is_new else (second, first)
    return Claim(new, old, "replaces", "stated")


def _set_against(first: str, second: str, stmt: Statement, catalog: Catalog) -> bool:
    """On a slide about a service, another doing its job is recommended (the one that
    replaces it), or likened to it ("similar to RDS", "in comparison, …"). Only a service of
    the same job: a monitor recommended on a compute slide replaces nothing, and "similar to
    S3 bucket policies" on a Lambda slide likens policies, not services."""
    if not _same_job(first, second, catalog):
        return False
    if RECOMMENDED.search(stmt.item_text or stmt.own_text):
        return True
    if not preceded_by(stmt, second, LIKENED):
        return False
    end = stmt.mentions[stmt.where[second][0]].end
    return SIDE_ENDS.match(stmt.text, end) is not None


def _same_job(first: str, second: str, catalog: Catalog) -> bool:
    return catalog.services[first].job == catalog.services[second].job


def _whole_side(stmt: Statement, name: str) -> bool:
    """The name is a whole side of a comparison: "S3 vs EFS", not "S3 Pre-Signed URL vs
    CloudFront Signed URL" (which compares features) nor "deploying a DB on EC2"."""
    found = stmt.where.get(name)
    if not found:
        return False
    m = stmt.mentions[found[0]]
    before = stmt.text[: m.start]
    cut = max((b.end() for b in SIDE_BOUND.finditer(before)), default=0)
    after = SIDE_BOUND.search(stmt.text, m.end)
    rest = stmt.text[m.end : after.start() if after else len(stmt.text)]
    return SIDE_PREFIX.fullmatch(before[cut:]) is not None and not rest.strip(" *_\"'")


def _compared(first: str, second: str, stmt: Statement, catalog: Catalog) -> bool:
    """What a "vs" sets side by side are alternatives when both sides are whole names of
    services doing the same job (SQS vs SNS: messaging; not CloudTrail vs X-Ray). Offered
    choices and replacements need no comparison."""
    if stmt.choices or not VERSUS.search(stmt.cue_text):
        return True
    return (
        _same_job(first, second, catalog) and _whole_side(stmt, first) and _whole_side(stmt, second)
    )


def _versus_label(stmt: Statement, name: str, catalog: Catalog) -> bool:
    """The statement is, or hangs under, a "vs X:" label that names the service, and the
    slide does not turn that choice down."""
    if stmt.turned_down:
        return False
    # The cheap test first: masking a bullet of many names costs, and few open on "vs".
    return any(
        VERSUS_OPENING.match(text)
        and VERSUS_LABEL.match(mask_names(text, catalog))
        and any(m.service == name for m in catalog.mentions(text))
        for text in (stmt.text, stmt.lead)
        if text
    )


def _moved_from_to(first: str, second: str, stmt: Statement, catalog: Catalog) -> Claim | None:
    """Data moved "from A to B" goes to B: sent or streamed, it is delivered as B takes it;
    exported, imported, copied, it is copied."""
    if stmt.is_title or not FROM_TO_GAP.fullmatch(stmt.own_text):
        return None
    m = FROM_TO.search(stmt.scope)
    if m is None:
        return None
    if m.group("verb").lower() in ("send", "sent", "stream"):
        return _arrival(first, second, "publishes_to", "stated", catalog)
    return Claim(first, second, "replicates_to", "stated")


def _arrival(source: str, target: str, rel: str, basis: str, catalog: Catalog) -> Claim | None:
    """What sending or calling rel from source to target amounts to (`roles.delivered`):
    CloudWatch, sent a metric, monitors its sender; None if the target takes nothing."""
    found = delivered(rel, target, catalog)
    if found is None:
        return None
    arrived, turned = found
    edge = (target, source) if turned else (source, target)
    return Claim(*edge, arrived, basis) if in_range(*edge, arrived, catalog) else None


def _kind_of(second: str, stmt: Statement) -> bool:
    """The words between two names say the first is a kind or part of the second ("is an
    extension of"), or they do so around the second ("is a SVC extension")."""
    if KIND_OF.fullmatch(stmt.own_text):
        return True
    after = stmt.text[stmt.mentions[stmt.where[second][0]].end :]
    return KIND_BEFORE.fullmatch(stmt.own_text) is not None and KIND_AFTER.match(after) is not None


def _compound(stmt: Statement) -> bool:
    """Two names side by side in a title, one naming the other's tool ("DynamoDB CLI")."""
    return stmt.is_title and not stmt.own_text.strip()


def _co_means(stmt: Statement, tool: str, other: str, catalog: Catalog) -> bool:
    """The tool is one of the means a step lists with another service ("using ACM or the
    CLI"): the two are how the step is done, and the tool calls neither the other nor the
    slide's service. Tools listed together ("the CLI or the SDK") each still call it."""
    found = stmt.where.get(tool)
    if not found:
        return False  # the tool is the slide's topic, not a means the statement lists
    m = stmt.mentions[found[0]]
    means = TOOL_MEANS.search(stmt.text[: m.start])
    if means is None:
        return False
    listed = {n.service for n in stmt.mentions if means.start() <= n.start < m.start}
    return any(not catalog.services[n].is_tool for n in listed - {tool, other})


def _tool_call(first: str, second: str, stmt: Statement, catalog: Catalog, read) -> Claim | None:
    """A tool's one relation: it is used to call a service (docs/relations.md, "Tools").

    The statement says the service is reached from the tool: the tool is the means of a
    step on it ("tail the logs using the CLI"), a command or an API call names it, a title
    names the service's tool ("DynamoDB CLI"), or the statement's own reading (`read`) has
    the tool call or send to it ("Synchronous: CLI, SDK" under invocations). Nothing else:
    not a place ("the CLI on our EC2 machines"), nor what a service does to the tool
    (CloudTrail records the API calls of the SDK), nor a feature or another tool."""
    tools = [name for name in (first, second) if catalog.services[name].is_tool]
    if len(tools) != 1:
        return None  # two tools side by side are two means ("the Console or the CLI")
    tool = tools[0]
    other = second if tool == first else first
    if catalog.services[other].kind != "service":
        return None
    if preceded_by(stmt, other, HOSTED_ON) or _instrument(stmt, other):
        return None  # placed on it, or two means ("using ACM or the CLI")
    if FIRST_PERSON.search(stmt.scope or stmt.text):
        return None  # "I use the CLI for quick checks": the writer's practice
    if "monitors" in catalog.services[other].acts and "monitors" in cues_in(stmt.cue_text):
        return None  # what the service does to the tool's calls (CloudTrail audits them)
    if _co_means(stmt, tool, other, catalog):
        return None  # "provisioned using ACM or the CLI": two means of one step, no call
    basis = "framed" if stmt.is_title else "stated"
    means = preceded_by(stmt, tool, TOOL_MEANS) or preceded_by(stmt, other, CALLS_NAME)
    if means or CALLS.search(stmt.cue_text) or _compound(stmt):
        return Claim(tool, other, "calls", basis)
    claim = read()
    if claim is not None and claim.source == tool and claim.relation in SENT:
        return Claim(tool, other, "calls", claim.basis)
    return None


def _placed_in(first: str, second: str, stmt: Statement, catalog: Catalog) -> Claim | None:
    """A service placed in one that things run in (the catalog's receives runs_on: a VPC)
    runs on it."""
    for host, guest in ((first, second), (second, first)):
        if "runs_on" not in catalog.services[host].receives:
            continue
        for i in stmt.where.get(guest, ()):
            g = stmt.mentions[i]
            h = stmt.mentions[i + 1] if i + 1 < len(stmt.mentions) else None
            if h and h.service == host and PLACED_IN.fullmatch(stmt.text[g.end : h.start]):
                return Claim(guest, host, "runs_on", "stated")
    return None


def _lead_destination(stmt: Statement, topic: str, rel: str, catalog: Catalog) -> bool:
    """The lead sends to the topic ("Some services can send data to SNS:"), so its items
    are what sends, not where the topic sends."""
    if rel not in MOVES or not stmt.lead:
        return False
    return any(
        m.service == topic and DESTINATION.search(stmt.lead[: m.start]) is not None
        for m in catalog.mentions(stmt.lead)
    )


def _own_notifications(topic: str, other: str, rel: str, stmt: Statement, catalog: Catalog) -> bool:
    """On a slide about a notifier (SNS), "Auto Scaling Groups notifications" are the
    group's, sent to the topic; on a slide about CodeBuild, "SNS notifications" go out
    through SNS, and the usual order holds."""
    acts = catalog.services[topic].acts
    return (
        rel == "publishes_to"
        and "publishes_to" in acts
        and "publishes_to" not in catalog.services[other].acts
        and OWN_NOTIFICATIONS.search(stmt.own_text) is not None
    )


def _unnamed_origin(stmt: Statement, source: str, rel: str) -> bool:
    """An origin is named as one ("S3 bucket" under "Origins"): a slide on Lambda@Edge that
    says "before CloudFront forwards the request to the origin" does not make it the origin."""
    return rel == "origin_of" and position(stmt, source) < 0


def _stage_of(topic: str, stmt: Statement, catalog: Catalog) -> str | None:
    """What the topic's pipeline does with a stage's services, when the statement opens on
    a stage label and the topic orchestrates by nature: it pulls its source from those of
    the source stage, and runs those of the others."""
    m = STAGE.match(stmt.text)
    if m is None or "orchestrates" not in catalog.services[topic].acts:
        return None
    return "pulls_from" if m.group("stage").lower() == "source" else "orchestrates"


def _named_roles(first: str, second: str, stmt: Statement, catalog: Catalog) -> list[str]:
    """Roles a name carries in its own words ("IAM policy", "CloudWatch Metrics"): masking
    the name hides them, yet "the IAM policy must allow SQS" says IAM authorizes SQS."""
    if LIST_GLUE.fullmatch(stmt.own_text.replace("SVC", "")):
        return []  # "CLI, SDK and IAM Policies" lists peers
    out: list[str] = []
    # Each spelling once: a name repeated 750 times in one bullet is read once.
    for service, surface in sorted(
        (s, surface) for s in {first, second} for surface in stmt.spellings.get(s, ())
    ):
        svc = catalog.services[service]
        # "Application Load Balancer" says only what the service is, not what it does here.
        own_name = name_cues(f"{svc.name} {svc.full}")
        out += [r for r in name_cues(surface) if r in svc.acts and r not in own_name + tuple(out)]
    return out


def _object_then_action(stmt: Statement) -> bool:
    """The first name is where something moves ("read from SQS"), and the words between go
    on with another action of the clause's subject ("… or write to DynamoDB"); as a noun
    phrase's end ("an upload to an S3 bucket invokes …") it may still act."""
    return stmt.left_object and COORDINATED.match(stmt.own_text) is not None


def _both_orchestrate(first: str, second: str, rel: str, catalog: Catalog) -> bool:
    """Two orchestrators in one clause: its subject runs the other ("CodePipeline runs a
    CloudFormation deploy action"), as no role tells which."""
    return rel == "orchestrates" and all(
        rel in catalog.services[name].acts for name in (first, second)
    )


def _declared(first: str, second: str, stmt: Statement, catalog: Catalog) -> Claim | None:
    """One name spelled as a resource type of the other's templates (the catalog's
    `declares`: "AWS::Serverless::Api" of SAM): the template creates it, so it orchestrates it."""
    for owner, other in ((first, second), (second, first)):
        prefix = catalog.services[owner].declares
        if prefix and any(s.startswith(prefix) for s in stmt.spellings.get(other, ())):
            return Claim(owner, other, "orchestrates", "catalog")
    return None


def _text_order(first: str, second: str, stmt: Statement, topic_pair: bool) -> tuple[str, str]:
    """Actor first: the topic of the slide, or the earlier name (pairs come in text order);
    passive voice flips it."""
    passive = PASSIVE.search(stmt.own_text) is not None
    return (second, first) if passive else (first, second)


def type_pair(
    first: str, second: str, stmt: Statement, catalog: Catalog, topic_pair: bool
) -> Claim | None:
    """What the statement states about two of its services, or None."""
    declared = _declared(first, second, stmt, catalog)
    if declared is not None:
        return declared
    named = _named_roles(first, second, stmt, catalog)
    own = cues_in(stmt.own_text) + named
    cues = cues_in(stmt.cue_text) + named
    if stmt.weak_topic and topic_pair:
        # The slide names no service in its title: only the statement itself can relate them,
        # and a label over names ("Monitoring: CloudWatch, X-Ray") states nothing.
        if LABELLED_NAMES.fullmatch(mask_names(stmt.text, catalog)):
            return None
        cues = [c for c in own if c not in ("alternative_to", "part_of")]
        if not cues and not TOPIC_GENERIC.search(stmt.own_text):
            return None
    if stmt.member:
        return Claim(second, first, "part_of", "framed")
    if topic_pair and _versus_label(stmt, second, catalog):
        return Claim(first, second, "alternative_to", "framed")
    if negated(stmt.scope or stmt.own_text) and "alternative_to" not in own:
        return None
    if not topic_pair and RULED_OUT.search(stmt.own_text):
        return None
    recommended = topic_pair and RECOMMENDED.search(stmt.item_text or stmt.own_text)
    if recommended and _same_job(first, second, catalog):  # on the old one's slide
        return Claim(second, first, "replaces", "stated")
    if topic_pair and _set_against(first, second, stmt, catalog):
        return Claim(first, second, "alternative_to", "stated")
    moved = _moved_from_to(first, second, stmt, catalog)
    if moved is not None:
        return moved
    pair = _Pair(first, second, stmt, catalog, topic_pair, own, cues, tuple(named))
    if first in catalog.services[second].part_of or second in catalog.services[first].part_of:
        return None  # a feature and its service: `parts` draws their one edge, part_of
    if catalog.services[first].is_tool or catalog.services[second].is_tool:
        return _tool_call(first, second, stmt, catalog, lambda: _read_pair(pair))
    if not topic_pair and OBJECT_RELATIVE.fullmatch(stmt.own_text):
        return _object_of(pair)  # "a Lambda function that Secrets Manager invokes"
    arrow = None if topic_pair else ARROW.fullmatch(stmt.own_text)
    if arrow is not None:
        return _arrowed(first, second, bool(arrow.group("forward")), stmt, catalog)
    if variant(first, second):
        claim = _read_pair(pair)  # a family and its member relate as part and whole only
        return claim if claim is not None and claim.relation == "part_of" else None
    # Where a service is placed, the words around the names say.
    placed = _placed_in(first, second, stmt, catalog)
    if placed is not None:
        return placed
    claim = _read_pair(pair)
    if claim is not None and claim.source == first and _object_then_action(stmt):
        return None  # "read from SQS or write to DynamoDB": SQS writes nothing
    return claim


def _read_pair(pair: _Pair) -> Claim | None:
    """What a statement's words say about two services: a cue's relation, a comparison, a
    member listed under its family, a pipeline's stage, or a generic join."""
    first, second, stmt, catalog = pair.first, pair.second, pair.stmt, pair.catalog
    topic_pair, own, cues = pair.topic_pair, pair.own, pair.cues
    short_item = word_count(stmt.item_text or stmt.own_text) <= LIST_ITEM_WORDS
    used = topic_pair and _used(stmt, second)
    says_how = GENERIC.search(stmt.own_text) or used
    if topic_pair and not own and not says_how and not short_item:
        return None  # a long bullet that names a service without saying how they relate
    replaced = _replacement(first, second, stmt, topic_pair)
    if replaced is not None:
        return replaced
    if "alternative_to" in own and not topic_pair:
        if not _compared(first, second, stmt, catalog):
            return None
        return Claim(first, second, "alternative_to", "stated")
    if topic_pair and REPLACED.search(stmt.own_text) and follows(REPLACED, stmt.own_text):
        # "No more instances to provision, use Fargate": the topic set against the other.
        return Claim(first, second, "alternative_to", "stated")
    if "part_of" in cues and topic_pair and short_item:
        return Claim(second, first, "part_of", "framed")  # a member listed under "types of T"
    if not topic_pair and _kind_of(second, stmt):
        return Claim(first, second, "part_of", "stated")  # "SAM is an extension of CloudFormation"
    cued = _cued_relation(pair)
    if cued is not None:
        return cued
    stage = _stage_of(first, stmt, catalog) if topic_pair else None
    if stage is not None:
        # "Deploy: CodeDeploy / Beanstalk" on a pipeline's slide: the pipeline runs each
        # stage's services, orchestrators themselves or not; its source it pulls from.
        return Claim(first, second, stage, "framed")
    return _generic_relation(pair, used, short_item)


@dataclass(frozen=True, slots=True)
class _Pair:
    """Two services of a statement as `type_pair` has read them, for the rules after it."""

    first: str
    second: str
    stmt: Statement
    catalog: Catalog
    topic_pair: bool  # the first is the slide's topic, not named beside the second
    own: list[str]  # cues of the statement's own words, and those its names carry
    cues: list[str]  # the same with the cues of its frame (title, lead)
    named: tuple[str, ...]  # the cues its names carry ("IAM policy": authorizes)


def _cued_relation(pair: _Pair) -> Claim | None:
    """The relation a cue word states between the two, nearest cue first, or None."""
    first, second, stmt, catalog = pair.first, pair.second, pair.stmt, pair.catalog
    topic_pair, own, cues, named = pair.topic_pair, pair.own, pair.cues, pair.named
    own_text = stmt.cue_text if stmt.is_title else stmt.own_text
    if topic_pair and FROM_TO.search(stmt.item_text or stmt.own_text):
        return None  # "a metric from an app on EC2 to CloudWatch": of EC2, not the topic
    for rel in _by_proximity(cues, own_text, stmt.frame_text, named):
        if rel in ("alternative_to", "part_of"):
            continue
        if stmt.crossing and cue_takes_inner(rel, stmt.own_text):
            continue  # "S3 calls KMS for SSE-KMS": the call goes to KMS, not SSE-KMS
        if not topic_pair and not stmt.left_opens and done_by(rel, stmt.own_text):
            continue  # "which rotates RDS credentials by invoking Lambda": RDS invokes nothing
        basis = "stated" if rel in own else "framed"
        if basis == "framed" and own and not is_bare(stmt.item_text or stmt.own_text):
            continue  # it says something of its own: not its frame's relation
        if rel in ROLE_BOUND:
            oriented = _agent(first, second, rel, stmt) or orient(first, second, rel, catalog)
            if (
                oriented is None
                and not topic_pair
                and _both_orchestrate(first, second, rel, catalog)
            ):
                oriented = _text_order(first, second, stmt, topic_pair)  # "CodePipeline runs …"
            if (
                oriented is None
                or _instrument(stmt, oriented[1])
                or _unnamed_origin(stmt, oriented[0], rel)
                or (topic_pair and _elsewhere(stmt, oriented[1], rel))
            ):
                continue
            return Claim(*oriented, rel, basis)
        goes_to = topic_pair and _destination(stmt, second, rel)
        if topic_pair and _elsewhere(stmt, second, rel):
            continue
        bare = is_bare(stmt.item_text or stmt.own_text)
        if rel not in own and not bare and not goes_to:
            continue
        acts_on_topic = False
        if topic_pair and rel in own and not (goes_to or follows_cue(rel, stmt.own_text)):
            # The other service is the subject here: it acts on the topic only where the
            # topic is the cue's object by its everyday word ("S3 invokes a function" on a
            # Lambda slide); a bare item may still take its frame's reading.
            words = catalog.services[first].words
            acts_on_topic = _topic_object(rel, stmt.own_text, words)
            if not (acts_on_topic or (bare and not stmt.weak_topic)):
                continue
            basis = basis if acts_on_topic else "framed"
        oriented = orient(first, second, rel, catalog) if rel in ROLE_ORIENTED else None
        if acts_on_topic:
            oriented = second, first
        if topic_pair and _own_notifications(first, second, rel, stmt, catalog):
            oriented = second, first
        if topic_pair and _lead_destination(stmt, first, rel, catalog):
            oriented = second, first  # "services that send to SNS:" lists senders
        oriented = oriented or _text_order(first, second, stmt, topic_pair)
        if rel == "stores_in" and "caches" in catalog.services[oriented[1]].acts:
            # "get from RDS and store in ElastiCache": what a cache stores, it caches.
            return Claim(oriented[1], oriented[0], "caches", basis)
        if rel in SENT:
            claim = _arrival(*oriented, rel, basis, catalog)
        elif in_range(*oriented, rel, catalog):
            claim = Claim(*oriented, rel, basis)
        else:
            claim = None
        if claim is None:
            continue
        if _instrument(stmt, oriented[1]):
            continue  # "publish a message using the SDK": the SDK is how, not where to
        return claim
    return None


def _generic_relation(pair: _Pair, used: bool, short_item: bool) -> Claim | None:
    """With no cue of its own, a generic one ("with", "integrates with", a use, a title
    join): the relation a role implies, else "integrates_with"; or None."""
    first, second, stmt, catalog = pair.first, pair.second, pair.stmt, pair.catalog
    topic_pair, own = pair.topic_pair, pair.own
    if stmt.is_title:
        generic = TITLE_GENERIC
    elif topic_pair:
        generic = TOPIC_GENERIC
    else:
        generic = BETWEEN_GENERIC
    # "SAM uses CodeDeploy to shift traffic to Lambda": "uses" joins SAM to CodeDeploy only.
    joined = used or (stmt.is_title and TITLE_JOIN.fullmatch(stmt.own_text) is not None)
    if not (joined or generic.search(stmt.cue_text)) or stmt.crossing:
        return None
    implied = role_relation(first, second, catalog, topic_pair)
    # A statement that says which role is at play ("with IAM for authorization") is not
    # turned into another one (KMS "encrypts" IAM) when that role does not fit the pair.
    stated = {rel for rel in own if rel in ROLE_BOUND}
    if used and _called_by_reader(stmt, second):
        return None  # "use STS with the AssumeRole API": the reader's call, as with a tool
    if used and not GENERIC.search(stmt.own_text) and implied and implied[2] not in stated:
        implied = None  # what a means does is what its step says ("rollback using alarms")
    if implied and not _instrument(stmt, implied[1]) and (not stated or implied[2] in stated):
        return Claim(*implied, "implied")
    plain = INTEGRATES_WITH if topic_pair else generic
    said = stmt.cue_text if topic_pair and short_item else stmt.own_text
    if joined or plain.search(said):
        # What the slide's service uses, it works with, passive or not ("a certificate
        # can be provisioned using ACM"): the used one is learnt first.
        order = (first, second) if used else _text_order(first, second, stmt, topic_pair)
        return Claim(*order, "integrates_with", "joined")
    return None
