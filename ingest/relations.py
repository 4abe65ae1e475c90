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

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

from ingest.catalog import Catalog, Mention
from ingest.records import Concept, Slide
from ingest.vocabulary import RELATION_TYPES

__all__ = ["RELATION_TYPES", "Evidence", "Relation", "extract_relations"]


# Specific cues, most specific first. Each regex is searched in the statement text.
_CUES: tuple[tuple[str, str], ...] = (
    (
        "event_source_mapping",
        r"event source mapping|\bpoll(?:s|ing|ed)?\b|\bread(?:s|ing)? from\b|\bread by\b",
    ),
    (
        "alternative_to",
        r"\bvs\.?\b|\bversus\b|instead of|alternative|deprecated|replaced (?:by|with)|"
        r"\bor\b.{0,20}\?|no more\b|don'?t provision|compared to",
    ),
    (
        "part_of",
        r"\btypes? of\b|\bkinds? of\b|\bpart of\b|\bone of\b|\bflavou?rs? of\b|\bclasses\b|"
        r"\bfamily\b|\bfeature of\b",
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
    (
        "load_balances",
        r"\bload[- ]balanc\w*|\btarget groups?\b|\bport mapping\b|"
        r"\bforward\w*\b.{0,20}\btraffic\b|\b(?:distribut|spread)\w* (?:the )?(?:load|traffic)\b",
    ),
    # A cache is what takes read load off a database ("relieve load in RDS").
    ("caches", r"\bcach(?:e|es|ed|ing)\b|\b(?:reduc|reliev|tak)\w* (?:the )?(?:read )?load\b"),
    ("scales", r"\bscal(?:e|es|ed|ing)\b|\bcapacity provider\b"),
    ("monitors", r"\bmonitor\w*|\bmetrics?\b|\baudit\w*|\bapi calls?\b"),
    (
        "invokes",
        r"\binvok\w*|\binvocations?\b|\btrigger\w*|\bexecute\w*|"
        r"\bin response to\b|\bevent notifications?\b|\bsources? for\b|\bcustom sources?\b|"
        r"\bcalls? (?:in)?to\b|"
        # What a statement starts a run of, it calls: "start a Step Functions workflow".
        r"\bstart(?:s|ing)?\s+(?:an?\s+|the\s+)?(?:aws\s+|amazon\s+)?SVC\s+"
        r"(?:workflows?|executions?|jobs?|builds?|pipelines?|deployments?)\b",
    ),
    ("subscribes_to", r"\bsubscri\w*"),
    (
        "publishes_to",
        r"\bpublish\w*|\bnotif\w*|\bfan[- ]?out\b|\bsends?\b|\bgo(?:es)? (?:in)?to\b|"
        r"\bcan go to\b|\bdead[- ]letter|\bdlq\b|\bdestinations?\b|\bemits?\b|"
        r"\b(?:post|put|push)(?:s|ed|ing)?\s+(?:an?\s+|the\s+)?messages?\s+(?:in)?to\b|"
        # Where a service's events turn up is where it sends them.
        r"\b(?:events?|changes?)\s+(?:happen|appear|show up|turn up|land)s?\s+in\b",
    ),
    (
        "stores_in",
        r"\bstor(?:e|es|ed|ing)\b|\bsav(?:e|es|ed)\b|\bload\w* (?:\w+ )?(?:in)?to\b|"
        r"\barchiv\w*|\bdeliver\w*|\boutputs? (?:\w+ )?to\b|"
        r"\bupload(?:s|ing)?\b(?:\s+[\w-]+){0,3}?\s+(?:in)?to\b|"
        # What a service pulls its code or images from is where they are kept; "permission
        # to pull from" says what it may do, not what it does.
        r"(?<!\bto )\bpull(?:s|ed|ing)?\b(?:\s+[\w-]+){0,3}\s+from\b",
    ),
    (
        "runs_on",
        r"\bruns? on\b|\brunning on\b|\bon top of\b|\bhost(?:s|ed)? on\b|\bunder the hood\b|"
        r"\bbuilt (?:on|upon)\b",
    ),
    # A "CI/CD-ready project for X" is one that ships code to X.
    ("deploys_to", r"\bdeploy\w*|\bci/?cd\b"),
    ("builds_for", r"\bbuild(?:s|ing)?\b|\bcompil\w*"),
    (
        "orchestrates",
        # A service's own workflow ("a Step Functions workflow") is what it is, not what it
        # orchestrates.
        r"\borchestrat\w*|\bprovision\w*|(?<!SVC )(?<!SVC  )\bworkflows?\b|"
        # What is declared in a template, the template's service creates.
        r"\b(?:in|within)\s+(?:an?|the|your)\s+(?:SVC\s+)?templates?\b|"
        r"\bcoordinat\w*|\buses\b.{0,30}\bcomponents?\b|"
        # What a service lets you add as resources it creates with the environment.
        r"\badd(?:s|ing)?\s+(?:\w+\s+)?resources?\b",
    ),
)
# Replacement, as opposed to comparison: on a slide about X, "deprecated, use Y" or
# "no more Y to provision" sets X against Y, while "a vs b" compares only a and b.
_REPLACED = re.compile(
    r"deprecated|replaced (?:by|with)|instead of|no more\b|don'?t provision", re.IGNORECASE
)
# "Step Functions is recommended for new applications" on the slide about SWF.
_RECOMMENDED = re.compile(r"^\W*SVC\W*\s+(?:is|are)\s+(?:\w+\s+)?(?:recommended|preferred)\b", re.I)
# "Similar to RDS", "costs more than RDS", "in comparison, a Classic Load Balancer…": the
# slide's service likened to, or set beside, another.
_LIKENED = re.compile(
    r"\bsimilar to\b|\b(?:more|less|cheaper|faster|slower|better|worse)\b[^.;]{0,20}?\bthan\b|"
    r"\bin comparison\b|\bcompared (?:to|with)\b",
    re.IGNORECASE,
)
# Generic cues: the two work together, without saying how (the roles may say it).
_GENERIC = re.compile(r"\bintegrat\w*|\bcompatib\w*|\bwith\b", re.IGNORECASE)
# Between two names in one clause, a few more words join them ("KMS via SSE-KMS", "the CLI
# uses the SDK", "CloudFront in front of AppSync").
_BETWEEN_GENERIC = re.compile(
    _GENERIC.pattern + r"|\bus(?:es?|ing)\b|\bvia\b|\bthrough\b|\bin front of\b", re.I
)
# In a title, "X + Y" says the slide is about the two together ("X & Y" may be a mere list).
_TITLE_GENERIC = re.compile(_GENERIC.pattern + r"|\+", re.IGNORECASE)
# A dash or "for" between two names in a title sets one in the context of the other
# ("Cognito Identity Pools – DynamoDB", "CloudWatch Logs for EC2"); it joins that pair only,
# not the title's other names.
_TITLE_JOIN = re.compile(r"\s+(?:[–-]|for)\s+", re.IGNORECASE)
# On a slide about a service, a bullet is plainly "integrated with" another only if it says so.
_INTEGRATES_WITH = re.compile(
    r"\bintegrat\w* with\b|\bcompatib\w*|\bregroups?\b|\bbundles?\b", re.IGNORECASE
)
_BUNDLE = re.compile(r"\bregroups?\b|\bbundles?\b", re.IGNORECASE)
# On a slide about a service, only an explicit integration word types a bullet by roles.
_TOPIC_GENERIC = re.compile(r"\bintegrat\w*|\bcompatib\w*", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;]\s+")
_CUE_RE = tuple((rel, re.compile(rx, re.IGNORECASE)) for rel, rx in _CUES)
_CUE_INDEX = dict(_CUE_RE)
# Negation and contrast: "unlike X, Y ...", "X is in-memory, but Y is serverless".
_NEGATION = re.compile(
    r"\b(?:not|never|cannot|can't|isn't|doesn't|don't|no|unlike|but|whereas|without)\b", re.I
)
# A name the statement rules out: "deploying to EC2 fleets (not Beanstalk)".
_RULED_OUT = re.compile(r"\b(?:not|except|excluding|other than)\W*$", re.IGNORECASE)
# Passive voice puts the actor after the verb ("encrypted with KMS"); "integrated with",
# "combined with" and "compared with" name no actor, so their subject stays first.
_PASSIVE = re.compile(
    r"\b(?:is|are|be|been|being|get|gets)\s+(?!integrated\b|combined\b|compared\b)\w+(?:ed|en)"
    r"\s+(?:by|with|using|through)\b|\bby\b",
    re.I,
)
# Relations that only a service of that nature performs (the catalog's acts/receives):
# a cue for one of them applies to a pair only when a service of the pair has the role.
_ROLE_BOUND = frozenset({
    "traces", "encrypts", "authorizes", "authenticates", "scales", "load_balances", "caches",
    "monitors", "logs_to", "origin_of", "builds_for", "event_source_mapping", "deploys_to",
    "orchestrates",
})  # fmt: skip
# What a relation can point at, by catalog category (the schema's range); origin_of is
# checked on its source, the side that is not the role holder.
_ALL = frozenset({
    "Compute", "Containers", "Storage", "Database", "Networking", "Security", "Integration",
    "Analytics", "Monitoring", "Management", "Developer Tools",
})  # fmt: skip
_RANGE: dict[str, frozenset[str]] = {
    "load_balances": frozenset({"Compute", "Containers"}),
    "scales": frozenset({"Compute", "Containers", "Database"}),
    "caches": frozenset({"Storage", "Database", "Networking", "Compute", "Containers"}),
    "traces": frozenset({"Compute", "Containers", "Networking", "Integration"}),
    "encrypts": _ALL - {"Management"},
    "authorizes": _ALL - {"Security"},
    "authenticates": frozenset({"Networking", "Security"}),
    "deploys_to": frozenset({"Compute", "Containers"}),
    "builds_for": frozenset({"Containers"}),
    "event_source_mapping": frozenset({"Integration", "Analytics", "Database"}),
    "origin_of": frozenset({"Storage", "Networking", "Compute"}),
    "logs_to": _ALL - {"Security"},
    # Messages and data go to a service, not to a tool a developer holds ("publish with the
    # SDK", "log in to ECR with the CLI"); what lands in a monitoring service is logs or
    # metrics, which logs_to and publishes_to say ("upload logs to CloudWatch").
    "publishes_to": _ALL - {"Developer Tools"},
    "stores_in": _ALL - {"Developer Tools", "Monitoring"},
}
# Relations that hold only between a service that performs them and one that receives them,
# when the catalog names both sides: an event source mapping is Lambda polling a queue or a
# stream, so "destinations: SQS, SNS" under an event-source-mapping lead does not make SNS a
# polled source, and "a policy that allows to poll SQS" does not make SAM a poller.
_PAIRED_ROLES = frozenset({"event_source_mapping"})


def _declares(catalog: Catalog, rel: str) -> bool:
    """The catalog names who receives rel (else the category range alone applies)."""
    return any(rel in s.receives for s in catalog.services.values())


def _paired(src: str, dst: str, rel: str, catalog: Catalog) -> bool:
    return rel in catalog.services[src].acts and rel in catalog.services[dst].receives


# Relations whose range is checked on the source (the role holder is the target).
_DOMAIN_CHECKED = frozenset({"origin_of", "logs_to"})
# Roles that apply to any service, whichever side of a list they stand on.
_CROSS_CUTTING = frozenset({"authorizes", "encrypts", "monitors", "traces", "logs_to"})
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
# A bare list item ("Amazon SQS", "EC2 instances") takes an open relation from its title.
_BARE_ITEM_WORDS = 4
# A remark in brackets, closed or cut off by the clause ("S3 (on bucket events)").
_REMARK = re.compile(r"\([^)]*(?:\)|$)")
# What joins the names of a list: "SVC, SVC and SVC", "SVC / SVC", "SVC & SVC".
_LIST_WORD = r"(?:,|&|/|\band\b|\bor\b)"
# A run of names joined by list words is one item of a statement.
_NAME_RUN = re.compile(rf"SVC(?:\s*{_LIST_WORD}\s*SVC)+", re.IGNORECASE)
# A clause of at most this many words after a comma is one more item of a list ("…, ECS").
_BARE_CLAUSE_WORDS = 3


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


@dataclass(slots=True)
class _Statement:
    text: str  # the statement itself
    cue_text: str  # statement plus the lead line and slide title, service names blanked
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


def _cues(text: str) -> list[str]:
    return [rel for rel, rx in _CUE_RE if rx.search(text)]


def _by_proximity(cues: list[str], own_text: str) -> list[str]:
    """Cues found in the statement itself, nearest a service name first; then the rest."""
    anchors = [m.start() for m in re.finditer(r"\bSVC\b", own_text)]

    def distance(rel: str) -> int:
        m = _CUE_INDEX[rel].search(own_text)
        if m is None or not anchors:
            return 10_000
        return min(min(abs(m.start() - a), abs(m.end() - a)) for a in anchors)

    # Cues only some services perform (encrypts, logs_to) outrank open verbs at equal reach.
    return sorted(cues, key=lambda rel: (rel not in _ROLE_BOUND, distance(rel)))


def _follows(rx: re.Pattern, own_text: str) -> bool:
    m = rx.search(own_text)
    return m is not None and "SVC" in own_text[m.end() :]


def _follows_cue(rel: str, own_text: str) -> bool:
    """A service name stands after the cue ("trigger a Lambda function", "go to S3")."""
    m = _CUE_INDEX[rel].search(own_text)
    if m is None:
        return False
    # "go to SVC", or a compound noun in a bare list item ("SVC notifications").
    return "SVC" in own_text[m.start() :] or _word_count(own_text) <= 3


_PURPOSE = re.compile(r"\bfor\s+(?:(?:the|an?)\s+)?$", re.IGNORECASE)


def _cue_takes_inner(rel: str, between: str) -> bool:
    """Between two names with others among them, a cue that reaches a name in between has
    that one as its object when the farther name is only what it is for ("S3 calls KMS for
    SSE-KMS"); "runs on EC2 in an Auto Scaling group" still reaches the group."""
    m = _CUE_INDEX[rel].search(between)
    return m is not None and "SVC" in between[m.end() :] and _PURPOSE.search(between) is not None


def _negated(text: str) -> bool:
    """A negation or contrast before the statement's first cue (or anywhere, without one)."""
    neg = _NEGATION.search(text)
    if neg is None:
        return False
    # "integrate with" is a cue here too: "integrate with X (not all regions)" is no denial.
    cues = (*(rx for _, rx in _CUE_RE), _GENERIC)
    first_cue = min((m.start() for rx in cues if (m := rx.search(text))), default=None)
    return first_cue is None or neg.start() < first_cue


def _word_count(masked: str) -> int:
    """Words of a statement, a service name counting as one."""
    return len(re.findall(r"[A-Za-z0-9]+", masked))


def _bare(masked: str) -> bool:
    """A statement that only names (a label at most, and a list of names counting as one:
    "Synchronous: CLI, SDK, API Gateway, ALB"), so it takes its relation from its title."""
    return _word_count(_NAME_RUN.sub("SVC", _REMARK.sub(" ", masked))) <= _BARE_ITEM_WORDS


def _masked(text: str, catalog: Catalog) -> str:
    """Text with service names blanked, so "Auto Scaling" or "Parameter Store" is no cue."""
    out, last = [], 0
    for m in catalog.mentions(text):
        out.append(text[last : m.start])
        out.append(" SVC ")
        last = m.end
    out.append(text[last:])
    return "".join(out)


def _in_range(src: str, dst: str, rel: str, catalog: Catalog) -> bool:
    if rel in _PAIRED_ROLES and _declares(catalog, rel) and not _paired(src, dst, rel, catalog):
        return False
    allowed = _RANGE.get(rel)
    if allowed is None:
        return True
    checked = src if rel in _DOMAIN_CHECKED else dst
    return catalog.services[checked].category in allowed


# A name followed by the role's agent noun plays the role, whatever the catalog says it
# does by nature: a "Lambda authorizer" decides who may call API Gateway.
_AGENT_NOUNS = {"authorizes": re.compile(r"\s*(?:custom\s+)?authori[sz]ers?\b", re.IGNORECASE)}


def _agent(a: str, b: str, rel: str, stmt: _Statement) -> tuple[str, str] | None:
    """(actor, other) when one of the two is named as the relation's agent, else None."""
    noun = _AGENT_NOUNS.get(rel)
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


def _orient(a: str, b: str, rel: str, catalog: Catalog) -> tuple[str, str] | None:
    """Direction of rel between a and b from catalog roles and the relation's range."""
    sa, sb = catalog.services[a], catalog.services[b]
    if rel in sa.acts and rel not in sb.acts:
        pair = a, b
    elif rel in sb.acts and rel not in sa.acts:
        pair = b, a
    elif rel in sb.receives and rel not in sa.receives:
        pair = a, b
    elif rel in sa.receives and rel not in sb.receives:
        pair = b, a
    elif rel in sa.acts and rel in sb.acts:
        # Both act (CodeStar and Elastic Beanstalk both deploy): the range may tell, as
        # only a compute service is deployed to.
        fits = [p for p in ((a, b), (b, a)) if _in_range(*p, rel, catalog)]
        return fits[0] if len(fits) == 1 else None
    else:
        return None
    return pair if _in_range(*pair, rel, catalog) else None


def _role_relation(
    first: str, second: str, catalog: Catalog, topic_pair: bool = False
) -> tuple[str, str, str] | None:
    """A relation implied by a role of first (preferred) or second, for generic cues.

    On a slide about first, second's role counts only if it acts on anything (IAM
    authorizes, KMS encrypts): "SNS integrates with CloudFormation" is no orchestration.
    """
    for svc, other in ((first, second), (second, first)):
        allowed = _CROSS_CUTTING if topic_pair and svc == second else _NATURE_ROLES
        mine, theirs = catalog.services[svc], catalog.services[other]
        for rel in mine.acts:
            usable = rel in allowed and rel not in theirs.acts
            if usable and _in_range(svc, other, rel, catalog):
                return svc, other, rel
        for rel in mine.receives:
            usable = rel in allowed and rel not in theirs.receives
            if usable and _in_range(other, svc, rel, catalog):
                return other, svc, rel
    return None


# "using X", or the next of a pair of means: "using ACM (AWS Certificate Manager) or CLI".
_INSTRUMENT = re.compile(
    r"\b(?:using|via|through)\s+(?:(?:the|an?|your)\s+)?(?:[^.;:]*?\b(?:or|and)\s+)?$", re.I
)


# On a slide about X, a bullet telling to use Y ("secrets: use SSM Parameter Store", "rotation
# (uses Lambda)") relates X to Y as "integrates with" does: by Y's role. A label ("using SNS:
# pub/sub") opens an item of a list, not a use.
_USE = re.compile(r"\bus(?:e|es|ing)\s+(?:(?:the|an?|your)\s+)?(?:aws\s+|amazon\s+)?$", re.I)


def _used(stmt: _Statement, name: str) -> bool:
    """The statement tells to use the service: it follows "use" and labels nothing."""
    if not _preceded_by(stmt, name, _USE):
        return False
    mention = stmt.mentions[stmt.where[name][0]]
    return not stmt.text[mention.end :].lstrip().startswith(":")


def _preceded_by(stmt: _Statement, name: str, words: re.Pattern) -> bool:
    """The words right before the name's first mention match ("using the", "into")."""
    start = _position(stmt, name)
    return start > 0 and words.search(stmt.text[:start]) is not None


def _instrument(stmt: _Statement, target: str) -> bool:
    """The target is named as the means, not the object ("a certificate provisioned using
    ACM" says nothing of Elastic Beanstalk orchestrating ACM)."""
    return _preceded_by(stmt, target, _INSTRUMENT)


# "… to S3", "… into Kinesis": where something moving ends up, whatever the verb.
_DESTINATION = re.compile(r"\b(?:in)?to\s+(?:(?:an?|the|your)\s+)?$", re.I)
# Relations that move data from one service to another.
_MOVES = frozenset({"publishes_to", "stores_in"})


def _destination(stmt: _Statement, target: str, rel: str) -> bool:
    """The target is where data goes ("Batch exporter to S3 for archival" under "can go to:")."""
    return rel in _MOVES and _preceded_by(stmt, target, _DESTINATION)


def _set_against(first: str, second: str, stmt: _Statement, catalog: Catalog) -> bool:
    """On a slide about a service, another of its kind is recommended (the one that replaces
    it), or likened to it ("similar to RDS", "in comparison, …"). Only a service of the
    same kind: a monitor recommended on a compute slide replaces nothing, and "similar to S3
    bucket policies" on a Lambda slide likens policies, not services."""
    if catalog.services[first].category != catalog.services[second].category:
        return False
    text = stmt.item_text or stmt.own_text
    return _RECOMMENDED.search(text) is not None or _follows(_LIKENED, text)


# "Exporting data from DynamoDB to S3", "stream data from Cognito into Kinesis".
_FROM_TO = re.compile(
    r"\b(?P<verb>export|import|cop(?:y|ie)|mov|send|sent|stream|ship|transfer|migrat)\w*\b"
    r"[^;]*?\bfrom\s+SVC\s+(?:in)?to\s+SVC",
    re.IGNORECASE,
)


# A label that sets the slide's service against others ("vs ElastiCache:", "vs EBS & EFS:").
_VERSUS_OPENING = re.compile(r"^\W*(?:vs\.?|versus)\s", re.IGNORECASE)
_VERSUS_LABEL = re.compile(rf"^\W*(?:vs\.?|versus)\s+SVC(?:\s*{_LIST_WORD}\s*SVC)*\W*$", re.I)


def _versus_label(stmt: _Statement, name: str, catalog: Catalog) -> bool:
    """The statement is, or hangs under, a "vs X:" label that names the service."""
    # The cheap test first: masking a bullet of many names costs, and few open on "vs".
    return any(
        _VERSUS_OPENING.match(text)
        and _VERSUS_LABEL.match(_masked(text, catalog))
        and any(m.service == name for m in catalog.mentions(text))
        for text in (stmt.text, stmt.lead)
        if text
    )


def _moved_from_to(
    first: str, second: str, stmt: _Statement, catalog: Catalog
) -> tuple[str, str, str, float] | None:
    """Data moved "from A to B" goes to B: sent or streamed, it is published; otherwise
    stored."""
    if stmt.is_title or stmt.own_text.strip().lower() not in ("to", "into"):
        return None
    m = _FROM_TO.search(stmt.scope)
    if m is None:
        return None
    sent = m.group("verb").lower() in ("send", "sent", "stream")
    rel = "publishes_to" if sent else "stores_in"
    return (first, second, rel, 0.8) if _in_range(first, second, rel, catalog) else None


def _compound(stmt: _Statement) -> bool:
    """Two names side by side in a title, one naming the other's tool ("DynamoDB CLI")."""
    return stmt.is_title and not stmt.own_text.strip()


def _client_call(
    first: str, second: str, stmt: _Statement, catalog: Catalog
) -> tuple[str, str, str, float] | None:
    """A client tool named as the means ("tail the logs using the CLI") calls the other, or
    runs on it ("using the CLI on our EC2 machines")."""
    for tool, other in ((first, second), (second, first)):
        t, o = catalog.services[tool], catalog.services[other]
        if (
            "invokes" in t.acts
            and t.category == "Developer Tools"
            and o.category != "Developer Tools"
            and (_instrument(stmt, tool) or _CALLS.search(stmt.cue_text) or _compound(stmt))
            and not _instrument(stmt, other)  # "using ACM or the CLI": two means, no call
            # unless the statement says what the other does to the tool (CloudTrail audits
            # the API calls of the SDK and the CLI)
            and not any(
                rel in o.acts and _in_range(other, tool, rel, catalog)
                for rel in _cues(stmt.cue_text)
            )
        ):
            hosted = _preceded_by(stmt, other, _HOSTED_ON)
            return (tool, other, "runs_on" if hosted else "invokes", 0.7)
    return None


# "Lambda in VPC", "a Lambda function inside your VPC": a service named right before "in"
# a network runs there; "private access to services within VPC" places no named one.
_PLACED_IN = re.compile(
    r"\s*(?:functions?|instances?|tasks?|containers?|clusters?|projects?|builds?)?\s*"
    r"\b(?:in|inside|within)\s+(?:(?:an?|the|your|our)\s+)?(?:private\s+)?",
    re.I,
)


def _placed_in(
    first: str, second: str, stmt: _Statement, catalog: Catalog
) -> tuple[str, str, str, float] | None:
    """A service placed in one that things run in (the catalog's receives runs_on: a VPC)
    runs on it."""
    for host, guest in ((first, second), (second, first)):
        if "runs_on" not in catalog.services[host].receives:
            continue
        for i in stmt.where.get(guest, ()):
            g = stmt.mentions[i]
            h = stmt.mentions[i + 1] if i + 1 < len(stmt.mentions) else None
            if h and h.service == host and _PLACED_IN.fullmatch(stmt.text[g.end : h.start]):
                return guest, host, "runs_on", 0.8
    return None


# What a client tool does to a service: commands, API calls, code against it.
_CALLS = re.compile(r"\bcommands?\b|\bcommand line\b|\bapi calls?\b|\bagainst\b", re.I)
_HOSTED_ON = re.compile(r"\bon\s+(?:(?:our|your|the|an?)\s+)?$", re.I)


def _lead_destination(stmt: _Statement, topic: str, rel: str, catalog: Catalog) -> bool:
    """The lead sends to the topic ("Some services can send data to SNS:"), so its items
    are what sends, not where the topic sends."""
    if rel not in _MOVES or not stmt.lead:
        return False
    return any(
        m.service == topic and _DESTINATION.search(stmt.lead[: m.start]) is not None
        for m in catalog.mentions(stmt.lead)
    )


# A bare item "<name> notifications": the notifications are that service's own.
_OWN_NOTIFICATIONS = re.compile(r"^\W*SVC\s+notif\w*\W*$", re.IGNORECASE)


def _own_notifications(
    topic: str, other: str, rel: str, stmt: _Statement, catalog: Catalog
) -> bool:
    """On a slide about a notifier (SNS), "Auto Scaling Groups notifications" are the
    group's, sent to the topic; on a slide about CodeBuild, "SNS notifications" go out
    through SNS, and the usual order holds."""
    acts = catalog.services[topic].acts
    return (
        rel == "publishes_to"
        and "publishes_to" in acts
        and "publishes_to" not in catalog.services[other].acts
        and _OWN_NOTIFICATIONS.search(stmt.own_text) is not None
    )


def _unnamed_origin(stmt: _Statement, source: str, rel: str) -> bool:
    """An origin is named as one ("S3 bucket" under "Origins"): a slide on Lambda@Edge that
    says "before CloudFront forwards the request to the origin" does not make it the origin."""
    return rel == "origin_of" and _position(stmt, source) < 0


_LIST_GLUE = re.compile(r"[\s,;/&]*(?:(?:and|or)\b[\s,;/&]*)?", re.IGNORECASE)


# A pipeline's stage label opening an item ("Source: CodeCommit", "Deploy: …"); "Package &
# Deploy:" is a step of a tool's own workflow, not a stage.
_STAGE = re.compile(r"^\W*(?:source|build|test|deploy)\s*:", re.IGNORECASE)


def _stage_of(topic: str, stmt: _Statement, catalog: Catalog) -> bool:
    """The statement is a stage of the topic's pipeline: the topic orchestrates by nature
    and the item opens on a stage label."""
    return "orchestrates" in catalog.services[topic].acts and bool(_STAGE.match(stmt.text))


def _named_roles(first: str, second: str, stmt: _Statement, catalog: Catalog) -> list[str]:
    """Roles a name carries in its own words ("IAM policy", "CloudWatch Metrics"): masking
    the name hides them, yet "the IAM policy must allow SQS" says IAM authorizes SQS."""
    if _LIST_GLUE.fullmatch(stmt.own_text.replace("SVC", "")):
        return []  # "CLI, SDK and IAM Policies" lists peers
    out: list[str] = []
    # Each spelling once: a name repeated 750 times in one bullet is read once.
    for service, surface in sorted(
        (s, surface) for s in {first, second} for surface in stmt.spellings.get(s, ())
    ):
        svc = catalog.services[service]
        # "Application Load Balancer" says only what the service is, not what it does here.
        own_name = _name_cues(f"{svc.name} {svc.full}")
        out += [r for r in _name_cues(surface) if r in svc.acts and r not in own_name + tuple(out)]
    return out


@lru_cache(maxsize=4096)
def _name_cues(name: str) -> tuple[str, ...]:
    return tuple(_cues(name))


def _position(stmt: _Statement, name: str) -> int:
    found = stmt.where.get(name)
    return stmt.mentions[found[0]].start if found else -1


def _text_order(first: str, second: str, stmt: _Statement, topic_pair: bool) -> tuple[str, str]:
    """Actor first: the topic of the slide, or the earlier name (pairs come in text order);
    passive voice flips it."""
    passive = _PASSIVE.search(stmt.own_text) is not None
    return (second, first) if passive else (first, second)


def _type_pair(
    first: str, second: str, stmt: _Statement, catalog: Catalog, topic_pair: bool
) -> tuple[str, str, str, float] | None:
    """(source, target, relation, confidence) for two services in a statement, or None."""
    named = _named_roles(first, second, stmt, catalog)
    own = _cues(stmt.own_text) + named
    cues = _cues(stmt.cue_text) + named
    if stmt.weak_topic and topic_pair:
        # The slide names no service in its title: only the statement itself can relate them.
        cues = [c for c in own if c not in ("alternative_to", "part_of")]
        if not cues and not _TOPIC_GENERIC.search(stmt.own_text):
            return None
    if stmt.member:
        return second, first, "part_of", 0.8
    if topic_pair and _versus_label(stmt, second, catalog):
        return first, second, "alternative_to", 0.8
    if _negated(stmt.scope or stmt.own_text) and "alternative_to" not in own:
        return None
    if not topic_pair and _RULED_OUT.search(stmt.own_text):
        return None
    if topic_pair and _set_against(first, second, stmt, catalog):
        return first, second, "alternative_to", 0.7
    moved = _moved_from_to(first, second, stmt, catalog)
    if moved is not None:
        return moved
    # What a client tool does, and where a service is placed, the words around the names say.
    placed = _client_call(first, second, stmt, catalog) or _placed_in(first, second, stmt, catalog)
    if placed is not None:
        return placed
    short_item = _word_count(stmt.item_text or stmt.own_text) <= _LIST_ITEM_WORDS
    used = topic_pair and _used(stmt, second)
    says_how = _GENERIC.search(stmt.own_text) or _BUNDLE.search(stmt.own_text) or used
    if topic_pair and not own and not says_how and not short_item:
        return None  # a long bullet that names a service without saying how they relate
    if "alternative_to" in own and not topic_pair:
        return first, second, "alternative_to", 0.8
    if topic_pair and _REPLACED.search(stmt.own_text) and _follows(_REPLACED, stmt.own_text):
        # "Deprecated – use AppSync now": the slide's topic gives way to the named service.
        return first, second, "alternative_to", 0.75
    if "part_of" in cues and topic_pair and short_item:
        return second, first, "part_of", 0.8  # a member listed under "types of T"
    cued = _cued_relation(first, second, stmt, catalog, topic_pair, own, cues)
    if cued is not None:
        return cued
    if topic_pair and _stage_of(first, stmt, catalog):
        # "Deploy: CodeDeploy / Beanstalk / CloudFormation" on a pipeline's slide: the
        # pipeline runs each stage's services, orchestrators themselves or not.
        return first, second, "orchestrates", 0.8
    return _generic_relation(first, second, stmt, catalog, topic_pair, own, used, short_item)


def _cued_relation(
    first: str,
    second: str,
    stmt: _Statement,
    catalog: Catalog,
    topic_pair: bool,
    own: list[str],
    cues: list[str],
) -> tuple[str, str, str, float] | None:
    """The relation a cue word states between the two, nearest cue first, or None."""
    for rel in _by_proximity(cues, stmt.cue_text if stmt.is_title else stmt.own_text):
        if rel in ("alternative_to", "part_of"):
            continue
        if stmt.crossing and _cue_takes_inner(rel, stmt.own_text):
            continue  # "S3 calls KMS for SSE-KMS": the call goes to KMS, not SSE-KMS
        strength = 0.9 if rel in own else 0.75
        if rel in _ROLE_BOUND:
            oriented = _agent(first, second, rel, stmt) or _orient(first, second, rel, catalog)
            if (
                oriented is None
                or _instrument(stmt, oriented[1])
                or _unnamed_origin(stmt, oriented[0], rel)
            ):
                continue
            return *oriented, rel, strength
        goes_to = topic_pair and _destination(stmt, second, rel)
        bare = _bare(stmt.item_text or stmt.own_text)
        if rel not in own and not bare and not goes_to:
            continue
        if topic_pair and rel in own and not (goes_to or _follows_cue(rel, stmt.own_text)):
            continue  # the other service is the subject here; its object is not the topic
        oriented = _orient(first, second, rel, catalog) if rel in _ROLE_ORIENTED else None
        if topic_pair and _own_notifications(first, second, rel, stmt, catalog):
            oriented = second, first
        if topic_pair and _lead_destination(stmt, first, rel, catalog):
            oriented = second, first  # "services that send to SNS:" lists senders
        oriented = oriented or _text_order(first, second, stmt, topic_pair)
        if not _in_range(*oriented, rel, catalog):
            continue
        if _instrument(stmt, oriented[1]):
            continue  # "publish a message using the SDK": the SDK is how, not where to
        if rel == "stores_in" and "caches" in catalog.services[oriented[1]].acts:
            # "get from RDS and store in ElastiCache": what a cache stores, it caches.
            return oriented[1], oriented[0], "caches", strength - 0.1
        return *oriented, rel, strength - 0.1
    return None


def _generic_relation(
    first: str,
    second: str,
    stmt: _Statement,
    catalog: Catalog,
    topic_pair: bool,
    own: list[str],
    used: bool,
    short_item: bool,
) -> tuple[str, str, str, float] | None:
    """With no cue of its own, a generic one ("with", "integrates with", a use, a title
    join): the relation a role implies, else "integrates_with"; or None."""
    if stmt.is_title:
        generic = _TITLE_GENERIC
    elif topic_pair:
        generic = _TOPIC_GENERIC
    else:
        generic = _BETWEEN_GENERIC
    # "SAM uses CodeDeploy to shift traffic to Lambda": "uses" joins SAM to CodeDeploy only.
    # A bundle's parts ("regroups: CodeCommit, …, CloudWatch") are parts, not roles.
    bundle = _BUNDLE.search(stmt.item_text or stmt.own_text)
    joined = used or (stmt.is_title and _TITLE_JOIN.fullmatch(stmt.own_text) is not None)
    if not (bundle or joined or generic.search(stmt.cue_text)) or stmt.crossing:
        return None
    implied = None if bundle else _role_relation(first, second, catalog, topic_pair)
    # A statement that says which role is at play ("with IAM for authorization") is not
    # turned into another one (KMS "encrypts" IAM) when that role does not fit the pair.
    stated = {rel for rel in own if rel in _ROLE_BOUND}
    if implied and not _instrument(stmt, implied[1]) and (not stated or implied[2] in stated):
        return *implied, 0.65
    plain = _INTEGRATES_WITH if topic_pair else generic
    said = stmt.cue_text if topic_pair and short_item else stmt.own_text
    if joined or plain.search(said):
        # What the slide's service uses, it works with, passive or not ("a certificate
        # can be provisioned using ACM"): the used one is learnt first.
        order = (first, second) if used else _text_order(first, second, stmt, topic_pair)
        return *order, "integrates_with", 0.5
    return None


def _statements(slide: Slide, catalog: Catalog) -> list[_Statement]:
    """Each block with the lead line it hangs under (a parent bullet or a line ending in ':')."""
    out: list[_Statement] = []
    leads: dict[int, str] = {}
    last_colon = ""
    in_title = {m.service for m in catalog.mentions(slide.title)}
    for block in slide.blocks:
        lead = leads.get(block.depth - 1, "") if block.depth > 1 else last_colon
        cue_text = _masked(" ".join(x for x in (slide.title, lead, block.text) if x), catalog)
        mentions = catalog.mentions(block.text)
        if block.kind == "bullet":
            leads[block.depth] = block.text
        if block.text.rstrip().endswith(":") or _LIST_LEAD.search(block.text):
            last_colon = block.text
        elif block.kind == "heading":
            last_colon = block.text  # a sub-heading leads the list under it ("Target Groups")
        elif block.kind == "paragraph":
            last_colon = ""
        own = _masked(block.text, catalog)
        lead_topic = _lead_topic(lead, in_title, catalog)
        label = _label(lead, catalog) if block.depth > 1 else ""
        out.append(
            _Statement(
                block.text, cue_text, own, mentions, block.line_start, block.line_end,
                lead_topic=lead_topic, lead=lead, label=label,
            )
        )  # fmt: skip
    return out


# A line about "some services" introduces the list of them that follows, colon or not.
_LIST_LEAD = re.compile(
    r"\b(?:some|several|many|other|these|the following)\s+(?:aws\s+|amazon\s+)?services\b", re.I
)


def _lead_topic(lead: str, in_title: set[str], catalog: Catalog) -> str:
    """On a slide about several services ("Parameter Store vs Secrets Manager"), a lead line
    naming one of them says which one its items are about."""
    if len(in_title) < 2:
        return ""
    named = {m.service for m in catalog.mentions(lead)}
    return next(iter(named)) if len(named) == 1 and named <= in_title else ""


# A parent bullet that is a name and nothing more, bold or not, a bracketed remark at most.
_LABEL = re.compile(r"^[\s*_]*SVC[\s*_]*(?:\([^)]*\))?[\s*_]*:[\s*_]*$")


def _label(lead: str, catalog: Catalog) -> str:
    """The service a parent bullet only names, as a label over its items ("Cognito Sync:")."""
    named = {m.service for m in catalog.mentions(lead)}
    if len(named) == 1 and _LABEL.match(_masked(lead, catalog)):
        return next(iter(named))
    return ""


def _item_topics(stmt: _Statement, topic: list[str]) -> list[str]:
    """Whom a statement's items are about. Under a label naming a member of the slide's
    family ("Cognito Sync:" on Cognito) the member; a label naming another service
    ("CloudWatch Logs:" on Lambda) is how the topic uses it, so the topic still speaks."""
    if stmt.lead_topic:
        return [stmt.lead_topic]
    if stmt.label and any(_variant(stmt.label, t) and stmt.label != t for t in topic):
        return [stmt.label]
    return topic


def _topic(slide: Slide, concept: Concept, catalog: Catalog) -> list[str]:
    """The service a slide is about: its concept's, if the title names it ("DynamoDB - DAX"
    is about DAX), else the first the title names, else its concept's."""
    named = [m.service for m in catalog.mentions(slide.title)]
    if concept.about in named:
        return [concept.about]
    if named:
        return named[:1]
    return [concept.about] if concept.about else []


def _pairs_of(slide: Slide, concept: Concept, catalog: Catalog):
    """Yield (first, second, statement, topic_pair) for every candidate pair on a slide."""
    title_mentions = catalog.mentions(slide.title)
    topic = _topic(slide, concept, catalog)
    title_names = list(dict.fromkeys(m.service for m in title_mentions))
    if len(title_names) >= 2:
        # Neighbouring names in a title, with the words between them as the statement
        # ("DAX vs ElastiCache", "Tracing with X-Ray") and the whole title as context.
        masked = _masked(slide.title, catalog)
        for left, right in itertools.pairwise(title_mentions):
            if left.service == right.service:
                continue
            between = _masked(slide.title[left.end : right.start], catalog)
            stmt = _Statement(
                slide.title, masked, between, title_mentions, slide.line_start,
                slide.line_start, True,
            )  # fmt: skip
            yield left.service, right.service, stmt, False
        yield from _comparison_chain(slide, title_mentions)
    statements = _statements(slide, catalog)
    yield from _choices(statements, catalog)
    for stmt in statements:
        placed = _clauses(stmt, catalog)
        for left, right in _clause_pairs(placed):
            # Two names in one clause, with the words between them as the statement.
            between = _masked(stmt.text[left.end : right.start], catalog)
            crossing = _crosses(stmt.text, placed, left, right)
            pair_stmt = replace(
                stmt, own_text=between, cue_text=between, scope=left.text, crossing=crossing
            )
            yield left.service, right.service, pair_stmt, False
        seen: set[str] = set()
        whole = _masked(stmt.text, catalog)
        topics = _item_topics(stmt, topic)
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
                if _variant(t, p.service):
                    if _member_item(stmt, p, t):
                        yield t, p.service, replace(stmt, member=True), True
                    continue
                weak = not title_names
                yield (
                    t,
                    p.service,
                    replace(stmt, own_text=own, weak_topic=weak, item_text=whole),
                    True,
                )


_VERSUS_GAP = re.compile(r"\s*(?:vs\.?|versus)\s*", re.IGNORECASE)
# A title "comparing" more names than this is a list, and every two of them would be many.
_MAX_COMPARED = 5


def _comparison_chain(slide: Slide, mentions: list[Mention]):
    """Every two names of an "A vs B vs C" title, not only neighbours, are compared."""
    gaps = [slide.title[a.end : b.start] for a, b in itertools.pairwise(mentions)]
    if not 3 <= len(mentions) <= _MAX_COMPARED or not all(_VERSUS_GAP.fullmatch(g) for g in gaps):
        return
    stmt = _Statement(
        slide.title, " vs ", " vs ", mentions, slide.line_start, slide.line_start, True
    )
    for i, left in enumerate(mentions):
        for right in mentions[i + 2 :]:
            if left.service != right.service:
                yield left.service, right.service, stmt, False


# A lead that offers a choice ("Three choices:", "Options:") lists alternatives.
_CHOICES = re.compile(r"\b(?:choices|options|alternatives)\s*:\s*$", re.IGNORECASE)
# An item that opens on a name and a colon: "ECS: Amazon's own platform".
_NAMED_ITEM = re.compile(r"^[\s*_]*SVC[\s*_]*:")


def _choices(statements: list[_Statement], catalog: Catalog):
    """The items under a lead offering a choice that each open on a service ("Three
    choices: / ECS: … / Fargate: … / EKS: …") are alternatives to each other."""
    offered: dict[str, list[_Statement]] = defaultdict(list)
    for stmt in statements:
        if stmt.lead and _CHOICES.search(stmt.lead) and _NAMED_ITEM.match(stmt.own_text):
            offered[stmt.lead].append(stmt)
    starts = {stmt.text: stmt.line_start for stmt in statements}
    for lead, items in offered.items():
        names = list(dict.fromkeys(item.mentions[0].service for item in items))
        if not 2 <= len(names) <= _MAX_COMPARED:
            continue
        text = " / ".join([lead, *(item.text for item in items)])
        first = starts.get(lead, items[0].line_start)
        stmt = _Statement(text, " vs ", " vs ", [], first, items[-1].line_end)
        for i, left in enumerate(names):
            for right in names[i + 1 :]:
                yield left, right, stmt, False


# A statement that opens on a name of its own: "KCL can run on EC2", "Firehose: load into S3".
_ACRONYM_SUBJECT = re.compile(
    r"^\W*[A-Z][A-Z0-9]{1,5}\s+(?:can|is|are|will|must|runs?|reads?|uses?|helps?)\b"
)
# After a name, these say a list goes on rather than that the name does something.
_LIST_GOES_ON = re.compile(r"\s*(?:and|or|&|/|,|\(|$)", re.IGNORECASE)
_LIST_RUNS_ON = re.compile(rf"\s*{_LIST_WORD}\s*\S", re.IGNORECASE)


def _spoken_for(stmt: _Statement, placed: list[_Placed], topic: list[str]) -> set[int]:
    """Mentions that another subject of the statement speaks for, not the slide's topic.

    A subject is a service that opens the statement, or a clause or the words after a
    subject's colon ("SSE-KMS: KMS encrypts …") and says something, or an acronym that is no
    service ("KCL can run on EC2"); the topic (or its family) as subject speaks for nothing.
    Names after a subject, other than forms of it ("VPC" after "VPC Flow Logs"), are its.
    """
    m = _ACRONYM_SUBJECT.match(stmt.text)
    subject: tuple[int, str | None] | None = (m.end() - 1, None) if m else None
    out = set()
    for i, p in enumerate(placed):
        first_in_clause = i == 0 or placed[i - 1].clause != p.clause
        if _starts_subject(stmt, p, subject, first_in_clause):
            family = any(t == p.service or t.lower().startswith(p.service.lower()) for t in topic)
            subject = None if family else (p.end, p.service)
        elif subject is not None and (subject[1] is None or not _variant(p.service, subject[1])):
            out.add(i)
    return out


def _starts_subject(
    stmt: _Statement, p: _Placed, subject: tuple[int, str | None] | None, first_in_clause: bool
) -> bool:
    """Whether this name is the subject of what follows it (see `_spoken_for`)."""
    if _opens_on(stmt, p):
        # "CLI, SDK, API Gateway" opens on a list of names, not on a subject.
        return not _LIST_RUNS_ON.match(stmt.text[p.end :])
    # "…, Cognito User Pools authenticate users" starts one; "…, Kinesis and DynamoDB
    # Streams through a mapping" goes on with a list, "Fargate: ECS serverless" names a kind.
    rest = _CLAUSE_BREAK.split(stmt.text[p.end :], maxsplit=1)[0]
    if _LIST_GOES_ON.match(rest) or _word_count(rest) < 2:  # a subject says something
        return False
    after_colon = subject is not None and stmt.text[subject[0] : p.start].strip() == ":"
    opens_clause = first_in_clause and not p.text.split("SVC", 1)[0].strip(" *-•")
    return after_colon or opens_clause


def _member_item(stmt: _Statement, p: _Placed, topic: str) -> bool:
    """An item that opens on a member of the topic's family ("Kinesis Firehose: …" on a
    Kinesis slide, "CloudWatch Logs for …" under "CloudWatch:") names a part of it."""
    return _opens_on(stmt, p) and p.service.lower().startswith(topic.lower() + " ")


def _opens_on(stmt: _Statement, p: _Placed) -> bool:
    """The statement starts with this name (list markers and emphasis aside)."""
    return not stmt.text[: p.start].strip(" *-•")


def _clause_pairs(placed: list[_Placed]):
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


# Between two names of one list: "API Gateway and ALB", "EFS vs EBS", "S3 / DynamoDB".
_LIST_GAP = re.compile(r"\s*(?:and|or|&|/|\+|vs\.?)?\s*", re.IGNORECASE)


_MEANS = re.compile(r"\b(?:through|via)\s+(?:(?:the|an?)\s+)?(?:aws\s+|amazon\s+)?$", re.I)


def _crosses(text: str, placed: list[_Placed], left: _Placed, right: _Placed) -> bool:
    """Another name stands between the two, and not as one more item of a list, nor as the
    means the clause ends on ("SQS ties in with Auto Scaling through CloudWatch")."""
    inner = [p for p in placed if left.end <= p.start and p.end <= right.start]
    # The few words before the right name only: a bullet of many names is not re-read whole.
    if not inner or _MEANS.search(text[max(0, right.start - 40) : right.start]):
        return False
    # From the first name after the left one on, only list words may stand between.
    names = [*inner, right]
    return any(not _LIST_GAP.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(names))


def _variant(a: str, b: str) -> bool:
    """Lambda and Lambda@Edge, DynamoDB and DynamoDB Streams: one is a form of the other."""
    a, b = a.lower(), b.lower()
    return a.startswith(b) or b.startswith(a)


def _list_head(p: _Placed, placed: list[_Placed]) -> str:
    """The clause of a mention; a bare list member inherits the clause that opens the list.

    In "integrates with A, B, C" the cue before A also speaks of B and C.
    """
    if p.clause == 0 or _cues(p.text) or _word_count(p.text) > _BARE_CLAUSE_WORDS:
        return p.text
    first = next(x for x in placed if x.clause == 0) if placed[0].clause == 0 else None
    return f"{first.text} {p.text}" if first else p.text


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
    masked: dict[int, str] = {}  # once per clause: a long list names hundreds of services
    out = []
    for m in stmt.mentions:
        k = bisect.bisect_right(bounds, m.start, hi=len(bounds) - 1) - 1
        if k not in masked:
            masked[k] = _masked(stmt.text[bounds[k] : bounds[k + 1]], catalog)
        out.append(_Placed(m.service, k, masked[k], m.start, m.end))
    return out


# Relations that read the same both ways: one edge per pair, in the direction first stated.
_SYMMETRIC = frozenset({"alternative_to", "integrates_with"})


def extract_relations(concepts: list[Concept], catalog: Catalog) -> list[Relation]:
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


def _context(slide: Slide, stmt: _Statement) -> str:
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
