"""The words that say how two services relate: cue lexicon and patterns over masked text.

Every pattern reads a statement with its service names blanked to "SVC" (see
`statements.mask_names`), so a name ("Auto Scaling", "Parameter Store") is never a cue.
"""

from __future__ import annotations

import re
from functools import lru_cache

# What may stand between a word and the name it governs: an article or a possessive
# ("to the", "using your"), and the brand ("AWS", "Amazon").
ARTICLE = r"(?:(?:the|an?|your|our)\s+)?"
BRAND = r"(?:aws\s+|amazon\s+)?"

# Specific cues, most specific first. Each regex is searched in the statement text.
CUES: tuple[tuple[str, str], ...] = (
    (
        "event_source_mapping",
        r"event source mapping|\besm\b|\bpoll(?:s|ing|ed)?\b|\bread(?:s|ing)? from\b|\bread by\b",
    ),
    (
        "alternative_to",
        r"\bvs\.?\b|\bversus\b|instead of|alternative|deprecated|replaced (?:by|with)|"
        r"\bor\b.{0,20}\?|no more\b|don'?t provision|compared to",
    ),
    (
        "part_of",
        r"\btypes? of\b|\bkinds? of\b|\bpart of\b|\bone of\b|\bflavou?rs? of\b|\bclasses\b|"
        r"\bfamily\b|\bfeature of\b|\bextensions? of\b",
    ),
    ("origin_of", r"\borigins?\b"),
    ("traces", r"\btrac(?:e|es|ed|ing)\b"),
    (
        "encrypts",
        r"\bencrypt\w*|\bdecrypt\w*|\bkeys?\b.{0,30}\bencryption\b|\bcertificates?\b",
    ),
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
    (
        "scales",
        r"\bscal(?:e|es|ed|ing)\b|\bcapacity provider\b|\badd(?:s|ing)? (?:or|and) remov\w*",
    ),
    ("monitors", r"\bmonitor\w*|\bmetrics?\b|\baudit\w*|\bapi calls?\b"),
    (
        "invokes",
        r"\binvok\w*|\binvocations?\b|\btrigger\w*|\bexecute\w*|"
        r"\bin response to\b|\bevent notifications?\b|\bsources? for\b|\bcustom sources?\b|"
        r"\bcalls? (?:in)?to\b|"
        # What a statement starts a run of, it calls: "start a Step Functions workflow".
        rf"\bstart(?:s|ing)?\s+(?:an?\s+|the\s+)?{BRAND}SVC\s+"
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
        r"\b(?:upload|write|put)(?:s|ing)?\b(?:\s+[\w'’-]+){0,3}?\s+(?:in)?to\b",
    ),
    (
        # What a service fetches its source, images or records from; "permission to pull
        # from" says what it may do, not what it does. A read that is no event source
        # mapping (the cue above) is such a pull.
        "pulls_from",
        r"(?<!\bto )\b(?:pull|fetch|get|read)(?:s|es|ed|ing)?\b(?:\s+[\w'’-]+){0,3}?\s+from\b|"
        r"\bas\s+(?:its|their|a|the)\s+(?:data\s+)?sources?\b",
    ),
    (
        "routes_to",
        r"\brout(?:e|es|ed|ing)\b(?:\s+[\w-]+){0,3}?\s+to\b|\balias (?:records?|targets?)\b|"
        r"\bpoint(?:s|ed|ing)?\b(?:\s+[\w-]+){0,4}?\s+(?:at|to)\b",
    ),
    (
        "runs_on",
        r"\bruns? on\b|\brunning on\b|\bon top of\b|\bhost(?:s|ed)? on\b|\bunder the hood\b|"
        r"\bbuilt (?:on|upon)\b",
    ),
    # A "CI/CD-ready project for X" is one that ships code to X.
    ("deploys_to", r"\bdeploy\w*|\bci/?cd\b"),
    ("builds_for", r"\bbuild(?:s|ing)?\b|\bcompil\w*"),
    # What a service brings together as one offering, it bundles: "regroups", "bundles",
    # "brings together", "is a bundle of" (not the noun alone: "the source bundle").
    (
        "bundles",
        r"\bregroup(?:s|ed|ing)?\b|\bbundl(?:es|ed|ing)\b|\ban?\s+bundle\s+of\b|"
        r"\b(?:brings?|brought|bringing)\s+together\b",
    ),
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
REPLACED = re.compile(
    r"deprecated|replaced (?:by|with)|instead of|no more\b|don'?t provision", re.IGNORECASE
)
# A replacement, and which side is the new one: "A is replaced with B", "A is deprecated"
# (before the other name: the first is the old one); "A replaces B", "A is the successor
# (the next evolution) of B" (the first is the new one).
REPLACING = re.compile(
    r"(?P<old_first>\breplaced\s+(?:by|with)\b|\bdeprecated\b)|"
    r"(?P<new_first>\breplac(?:es|ing)\b|\bsuccessor\b|\bsucceeds\b|\bnext evolution\b)",
    re.IGNORECASE,
)


# "A vs B": a comparison, which makes alternatives only of two whole names doing one job.
VERSUS = re.compile(r"\bvs\.?(?!\w)|\bversus\b", re.IGNORECASE)
# Where one side of a comparison ends: a "vs", a dash between spaces, a colon, a comma, a
# bracket, the ends of the text.
SIDE_BOUND = re.compile(r"\s+(?:vs\.?|versus)(?!\w)\s*|\s[–—-]\s|[:;,()/]|\s&\s|\band\b", re.I)
# What may stand before a name on its side: "the", "an", "AWS", "Amazon".
SIDE_PREFIX = re.compile(r"\s*(?:(?:the|an?|aws|amazon)\s+)*", re.IGNORECASE)


# "Step Functions is recommended for new applications" on the slide about SWF.
RECOMMENDED = re.compile(r"^\W*SVC\W*\s+(?:is|are)\s+(?:\w+\s+)?(?:recommended|preferred)\b", re.I)


# "Similar to RDS", "costs more than RDS", "in comparison, a Classic Load Balancer…": the
# slide's service likened to, or set beside, another, read before that other's name.
LIKENED = re.compile(
    r"(?:\bsimilar to|\b(?:more|less|cheaper|faster|slower|better|worse)\b[^.;]{0,20}?\bthan|"
    r"\bcompared (?:to|with))\s+(?:(?:the|an?|aws|amazon)\s+)*$|\bin comparison\b[^.;]*$",
    re.IGNORECASE,
)
# After a likened name, its side ends: "similar to RDS because …", not "similar to S3 bucket
# policies" (which likens policies).
SIDE_ENDS = re.compile(
    r"\s*(?:$|[.,;:()!?]|(?:because|but|and|or|for|in|per|with|as|since|which|when|to)\b)",
    re.IGNORECASE,
)


# Generic cues: the two work together, without saying how (the roles may say it).
GENERIC = re.compile(r"\bintegrat\w*|\bcompatib\w*|\bwith\b", re.IGNORECASE)


# Between two names in one clause, a few more words join them ("KMS via SSE-KMS", "the CLI
# uses the SDK", "CloudFront in front of AppSync").
BETWEEN_GENERIC = re.compile(
    GENERIC.pattern + r"|\bus(?:es?|ing)\b|\bvia\b|\bthrough\b|\bin front of\b", re.I
)


# In a title, "X + Y" says the slide is about the two together ("X & Y" may be a mere list).
TITLE_GENERIC = re.compile(GENERIC.pattern + r"|\+", re.IGNORECASE)


# A dash or "for" between two names in a title sets one in the context of the other
# ("Cognito Identity Pools – DynamoDB", "CloudWatch Logs for EC2"); it joins that pair only,
# not the title's other names.
TITLE_JOIN = re.compile(r"\s+(?:[–-]|for)\s+", re.IGNORECASE)


# On a slide about a service, a bullet is plainly "integrated with" another only if it says so.
INTEGRATES_WITH = re.compile(r"\bintegrat\w* with\b|\bcompatib\w*", re.IGNORECASE)


# On a slide about a service, only an explicit integration word types a bullet by roles.
TOPIC_GENERIC = re.compile(r"\bintegrat\w*|\bcompatib\w*", re.IGNORECASE)


# A sentence ends at a full stop before a capital ("… through the CDN. An ALB …"): a
# paragraph of notes says one thing per sentence, and a subject speaks for its own only.
SENTENCE_BREAK = re.compile(r"(?<=[A-Za-z0-9)\]\"'])[.!?]\s+(?=[A-Z])")
# Clauses end at a comma or semicolon, and at the end of a sentence.
CLAUSE_BREAK = re.compile(rf"[,;]\s+|{SENTENCE_BREAK.pattern}")


CUE_RE = tuple((rel, re.compile(rx, re.IGNORECASE)) for rel, rx in CUES)


CUE_INDEX = dict(CUE_RE)


# Negation and contrast: "unlike X, Y ...", "X is in-memory, but Y is serverless".
NEGATION = re.compile(
    r"\b(?:not|never|cannot|can't|isn't|doesn't|don't|no|unlike|but|whereas|without)\b", re.I
)


# A name the statement rules out: "deploying to EC2 fleets (not Beanstalk)".
RULED_OUT = re.compile(r"\b(?:not|except|excluding|other than)\W*$", re.IGNORECASE)


# Passive voice puts the actor after the verb ("encrypted with KMS"); "integrated with",
# "combined with" and "compared with" name no actor, so their subject stays first.
PASSIVE = re.compile(
    r"\b(?:is|are|be|been|being|get|gets)\s+(?!integrated\b|combined\b|compared\b)\w+(?:ed|en)"
    r"\s+(?:by|with|using|through)\b|\bby\b",
    re.I,
)


# A list item this short under a cue-bearing title or lead is a list of services.
LIST_ITEM_WORDS = 8


# A bare list item ("Amazon SQS", "EC2 instances") takes an open relation from its title.
BARE_ITEM_WORDS = 4


# A remark in brackets, closed or cut off by the clause ("S3 (on bucket events)").
REMARK = re.compile(r"\([^)]*(?:\)|$)")


# What joins the names of a list: "SVC, SVC and SVC", "SVC / SVC", "SVC & SVC".
LIST_WORD = r"(?:,|&|/|\band\b|\bor\b)"


# A run of names joined by list words is one item of a statement.
NAME_RUN = re.compile(rf"SVC(?:\s*{LIST_WORD}\s*(?:(?:the|an?)\s+)?SVC)+", re.IGNORECASE)
# A label over names, and nothing more: "Monitoring: CloudWatch, CloudTrail, X-Ray",
# "1. Compute: EC2, Lambda and ECS". The label names an area, not how the names relate.
LABELLED_NAMES = re.compile(
    rf"[\W\d]*(?:[^:]{{1,60}}:)?\s*(?:(?:the|an?)\s+)?SVC\w*"
    rf"(?:\s*{LIST_WORD}\s*(?:(?:and|or)\s+)?(?:(?:the|an?)\s+)?SVC\w*)*[\s.;]*",
    re.IGNORECASE,
)


# A clause of at most this many words after a comma is one more item of a list ("…, ECS").
BARE_CLAUSE_WORDS = 3


def cues_in(text: str) -> list[str]:
    return [rel for rel, rx in CUE_RE if rx.search(text)]


def follows(rx: re.Pattern, own_text: str) -> bool:
    m = rx.search(own_text)
    return m is not None and "SVC" in own_text[m.end() :]


def follows_cue(rel: str, own_text: str) -> bool:
    """A service name stands after the cue ("trigger a Lambda function", "go to S3")."""
    m = CUE_INDEX[rel].search(own_text)
    if m is None:
        return False
    # "go to SVC", or a compound noun in a bare list item ("SVC notifications").
    return "SVC" in own_text[m.start() :] or word_count(own_text) <= 3


PURPOSE = re.compile(r"\bfor\s+(?:(?:the|an?)\s+)?$", re.IGNORECASE)


def cue_takes_inner(rel: str, between: str) -> bool:
    """Between two names with others among them, a cue that reaches a name in between has
    that one as its object when the farther name is only what it is for ("S3 calls KMS for
    SSE-KMS"); "runs on EC2 in an Auto Scaling group" still reaches the group."""
    m = CUE_INDEX[rel].search(between)
    return m is not None and "SVC" in between[m.end() :] and PURPOSE.search(between) is not None


def done_by(rel: str, between: str) -> bool:
    """The cue is a step done "by" doing it ("… by invoking a function"): its doer is the
    clause's subject, not a name between."""
    m = CUE_INDEX[rel].search(between)
    return m is not None and BY_DOING.search(between[: m.start()]) is not None


# Between two names: the first is the object of a relative clause the second opens ("a
# Lambda function that Secrets Manager invokes").
OBJECT_RELATIVE = re.compile(
    rf"(?:\s+[\w-]+){{0,2}}\s+(?:that|which|whom)\s+{ARTICLE}{BRAND}", re.IGNORECASE
)


BY_DOING = re.compile(r"\bby\s+$", re.IGNORECASE)


def negated(text: str) -> bool:
    """A negation or contrast before the statement's first cue (or anywhere, without one)."""
    neg = NEGATION.search(text)
    if neg is None:
        return False
    # "integrate with" is a cue here too: "integrate with X (not all regions)" is no denial.
    cues = (*(rx for _, rx in CUE_RE), GENERIC)
    first_cue = min((m.start() for rx in cues if (m := rx.search(text))), default=None)
    return first_cue is None or neg.start() < first_cue


def word_count(masked: str) -> int:
    """Words of a statement, a service name counting as one."""
    return len(re.findall(r"[A-Za-z0-9]+", masked))


def only_names(masked: str) -> bool:
    """A text that names and says nothing else: "CloudWatch Logs", "S3 and Glacier (cold)"."""
    return word_count(NAME_RUN.sub("SVC", REMARK.sub(" ", masked))) == 1 and "SVC" in masked


def is_bare(masked: str) -> bool:
    """A statement that only names (a label at most, and a list of names counting as one:
    "Synchronous: CLI, SDK, API Gateway, ALB"), so it takes its relation from its title."""
    return word_count(NAME_RUN.sub("SVC", REMARK.sub(" ", masked))) <= BARE_ITEM_WORDS


# A name followed by the role's agent noun plays the role, whatever the catalog says it
# does by nature: a "Lambda authorizer" decides who may call API Gateway.
AGENT_NOUNS = {"authorizes": re.compile(r"\s*(?:custom\s+)?authori[sz]ers?\b", re.IGNORECASE)}


# "using X", or the next of a pair of means: "using ACM (AWS Certificate Manager) or CLI".
# ("passes through API Gateway" is a path, not a means.)
INSTRUMENT = re.compile(
    rf"(?<!\bpass )(?<!\bpasses )(?<!\bgo )(?<!\bgoes )(?<!\bflows )(?<!\bflow )"
    rf"\b(?:using|via|through)\s+{ARTICLE}(?:[^.;:]*?\b(?:or|and)\s+)?$",
    re.I,
)
# A tool is the means after "use" too, and each tool of a list after it ("can use the CLI or
# the SDK").
TOOL_MEANS = re.compile(
    rf"\b(?:us(?:e|es|ing)|via|through)\s+{ARTICLE}"
    rf"(?:[^.;:]*?\b(?:or|and)\s+{ARTICLE})?{BRAND}$",
    re.IGNORECASE,
)


# On a slide about X, a bullet telling to use Y ("secrets: use SSM Parameter Store", "rotation
# (uses Lambda)") relates X to Y as "integrates with" does: by Y's role. A label ("using SNS:
# pub/sub") opens an item of a list, not a use.
USE = re.compile(rf"\bus(?:e|es|ing)\s+{ARTICLE}{BRAND}$", re.I)


# "… to S3", "… into Kinesis": where something moving ends up, whatever the verb.
DESTINATION = re.compile(rf"\b(?:in)?to\s+{ARTICLE}$", re.I)
# Between two items of one list, each a name with a word or two after it ("to Auto Scaling,
# EC2 Actions, SNS notifications"; "into Redshift / Amazon S3 / ElasticSearch").
NEXT_ITEM = re.compile(
    r"(?:\s+[\w-]+){0,2}\s*(?:[,/&]|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?"
    rf"(?:(?:an?|the)\s+)?{BRAND}",
    re.IGNORECASE,
)


# "Exporting data from DynamoDB to S3", "stream data from Cognito into Kinesis".
FROM_TO = re.compile(
    r"\b(?P<verb>export|import|cop(?:y|ie)|mov|send|sent|stream|ship|transfer|migrat)\w*\b"
    # "from SVC", or from something on or in it ("from an app on EC2 to CloudWatch")
    rf"[^;]*?\bfrom\s+(?:[\w-]+\s+){{0,3}}?SVC\s+(?:in)?to\s+{ARTICLE}SVC",
    re.IGNORECASE,
)
# Between the two names of "from A to B": "to", "into", "to an".
FROM_TO_GAP = re.compile(rf"\s*(?:in)?to\s+{ARTICLE}", re.IGNORECASE)


# A label that sets the slide's service against others ("vs ElastiCache:", "vs EBS & EFS:").
VERSUS_OPENING = re.compile(r"^\W*(?:vs\.?|versus)\s", re.IGNORECASE)


# A line under a "vs X:" label that rules X out: "can only be used for local caching, not
# shared", "not meant for small objects", "cannot be shared".
RULES_OUT = re.compile(r"\b(?:only|not|cannot|can't|never|no)\b", re.IGNORECASE)


VERSUS_LABEL = re.compile(rf"^\W*(?:vs\.?|versus)\s+SVC(?:\s*{LIST_WORD}\s*SVC)*\W*$", re.I)


# "Lambda in VPC", "a Lambda function inside your VPC": a service named right before "in"
# a network runs there; "private access to services within VPC" places no named one.
PLACED_IN = re.compile(
    r"\s*(?:functions?|instances?|tasks?|containers?|clusters?|projects?|builds?)?\s*"
    rf"\b(?:in|inside|within)\s+{ARTICLE}(?:private\s+)?",
    re.I,
)


# An arrow between two names, with a word or two of the first name's before it ("EventBridge
# rule -> Lambda", "ECS task image <- ECR"): which way it points.
ARROW = re.compile(
    r"(?:\s+[\w-]+){0,2}\s*(?:(?P<forward>->|→|=>|⇒|-->)|(?P<backward><-|←|<=|⇐|<--))\s*"
    rf"{ARTICLE}{BRAND}",
    re.IGNORECASE,
)


# After a used service, the call the reader makes with it: "STS (with AssumeRole API)".
API_CALL = re.compile(r"[^.;:]{0,40}?\b(?:apis?|api calls?|commands?)\b", re.IGNORECASE)


# What a client tool does to a service: commands, API calls, code against it.
CALLS = re.compile(r"\bcommands?\b|\bcommand line\b|\bapi calls?\b|\bagainst\b", re.I)


# The writer speaking of themselves: "I use the CLI", "me calling the APIs by hand".
FIRST_PERSON = re.compile(r"\b(?:I|me|my|myself)\b")


# Between two names, a list of actions going on: "(SQS) or write to (DynamoDB)".
COORDINATED = re.compile(r"[\s\w-]{0,20}?(?:,|\bor\b|\band\b)", re.IGNORECASE)


# A tool that calls a service by name: "the CLI calls STS", "I call STS from the CLI".
CALLS_NAME = re.compile(rf"\bcall(?:s|ed|ing)?\s+{ARTICLE}{BRAND}$", re.I)


HOSTED_ON = re.compile(rf"\bon\s+{ARTICLE}$", re.I)


# A bare item "<name> notifications": the notifications are that service's own.
OWN_NOTIFICATIONS = re.compile(r"^\W*SVC\s+notif\w*\W*$", re.IGNORECASE)


LIST_GLUE = re.compile(r"[\s,;/&]*(?:(?:and|or)\b[\s,;/&]*)?", re.IGNORECASE)


# Between two names, what says the first is a kind or a part of the second: "SAM is an
# extension of CloudFormation", "Aurora, one of the engines of RDS"; and, before the second
# name, the same said with the whole as an adjective: "SAM is a CloudFormation extension".
_KIND = r"(?:part|feature|kind|type|flavou?r|extension|component|engine|member|class)s?"
KIND_OF = re.compile(
    rf"\s*,?\s*(?:(?:is|are)\s+)?(?:(?:an?|the|one)\s+)?(?:of\s+the\s+)?(?:[\w-]+\s+)?{_KIND}"
    rf"\s+of\s+{ARTICLE}{BRAND}",
    re.IGNORECASE,
)
KIND_BEFORE = re.compile(r"\s*(?:is|are)\s+(?:an?|the|one)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
KIND_AFTER = re.compile(rf"\s+{_KIND}\b", re.IGNORECASE)


# Right after a name, the data it gives: "EC2 metrics", "API Gateway logs", "S3 events".
GIVEN_AFTER = re.compile(r"\s+(?:metrics?|logs?|events?|notifications?|traces?)\b", re.I)


# A pipeline's stage label opening an item ("Source: CodeCommit", "Deploy: …"); "Package &
# Deploy:" is a step of a tool's own workflow, not a stage.
STAGE = re.compile(r"^\W*(?P<stage>source|build|test|deploy)\s*:", re.IGNORECASE)


@lru_cache(maxsize=4096)
def name_cues(name: str) -> tuple[str, ...]:
    return tuple(cues_in(name))


# A line about "some services" introduces the list of them that follows, colon or not.
LIST_LEAD = re.compile(
    rf"\b(?:some|several|many|other|these|the following)\s+{BRAND}services\b", re.I
)


# A parent bullet that is a name and nothing more, bold or not, a bracketed remark at most.
LABEL = re.compile(r"^[\s*_]*SVC[\s*_]*(?:\([^)]*\))?[\s*_]*:[\s*_]*$")


VERSUS_GAP = re.compile(r"\s*(?:vs\.?|versus)\s*", re.IGNORECASE)


# A lead that offers a choice ("Three choices:", "Options:") lists alternatives.
CHOICES = re.compile(r"\b(?:choices|options|alternatives)\s*:\s*$", re.IGNORECASE)


# An item that opens on a name and a colon: "ECS: Amazon's own platform".
NAMED_ITEM = re.compile(r"^[\s*_]*SVC[\s*_]*:")


# A statement that opens on a name of its own: "KCL can run on EC2", "Firehose: load into S3".
ACRONYM_SUBJECT = re.compile(
    r"^\W*[A-Z][A-Z0-9]{1,5}\s+(?:can|is|are|will|must|runs?|reads?|uses?|helps?)\b"
)


# What may stand before a name that opens a statement or clause: list markers, emphasis,
# an article or a determiner ("The SAM CLI packages …", "These KMS API calls show …").
OPENING = re.compile(
    rf"[\s*\-•]*(?:(?:the|an?|your|our|these|this|those|its|their|each|every)\s+)?{BRAND}",
    re.IGNORECASE,
)
# A clause that opens on a name and goes on with a verb: "S3 buckets invoke …".
SUBJECT_FIRST = re.compile(
    rf"[\s*\-•]*{ARTICLE}SVC(?:\s+[a-z]+){{0,2}}\s+(?:can\s+|will\s+)?$", re.I
)
# After a name, these say a list goes on rather than that the name does something.
LIST_GOES_ON = re.compile(r"\s*(?:and|or|&|/|,|\(|$)", re.IGNORECASE)


# Between the last name of a clause and the first of the next, a list going on across the
# comma: a word or two and a remark after the name, then "and"/"or", the list's preposition
# and an article at most ("EC2 instances (agent required), to Lambda").
LIST_GOES_ON_ACROSS = re.compile(
    r"(?:\s+[\w-]+){0,2}\s*(?:\([^)]*\))?\s*[,;]\s*(?:(?:and|or)\s+)?"
    rf"(?P<preposition>(?:to|into|on|in|from|for|with)\s+)?{ARTICLE}{BRAND}",
    re.IGNORECASE,
)


LIST_RUNS_ON = re.compile(rf"\s*{LIST_WORD}\s*\S", re.IGNORECASE)


# Between two names of one list: "API Gateway and ALB", "EFS vs EBS", "S3 / DynamoDB".
LIST_GAP = re.compile(r"\s*,?\s*(?:and|or|&|/|\+|vs\.?)?\s*", re.IGNORECASE)


MEANS = re.compile(rf"\b(?:through|via)\s+(?:(?:the|an?)\s+)?{BRAND}$", re.I)


# How a statement states what it states (docs/relations.md, "Modality"). An example of what
# may be done ("such as", "for example", "anything you want", a use case) or an option
# ("can", "could", "optional", "ability to") states no dependency; anything else is a fact.
# A denial ("cannot", "can't") is no option: negation is read on its own; nor is "can" in a
# relative clause ("control who can manage RDS"), which qualifies its object.
EXAMPLE = re.compile(
    r"\bsuch as\b|\be\.g\.|\bfor (?:example|instance)\b|\banything (?:you|else)\b|"
    r"\buse[- ]cases?\b",
    re.IGNORECASE,
)
OPTION = re.compile(
    r"(?<!\bwho )(?<!\bwhich )(?<!\bthat )\bcan\b(?!['’]t\b|\s+not\b)|\bcould\b|"
    r"\boptional(?:ly)?\b|\bability to\b|\bpossib(?:le|ility)\b|"
    r"\bif (?:you|one) (?:want|wish|need|like)s?\b",
    re.IGNORECASE,
)
MODALITIES = ("fact", "option", "example")  # strongest first
# A remark in brackets speaks of something else: "EC2 instances (can be managed by an ASG)"
# states the target as a fact.
BRACKETED = re.compile(r"\([^()]*\)")


def modality_of(text: str, lead: str = "") -> str:
    """ "example", "option" or "fact": how a statement, read under its lead, states what it
    says ("For example, in a template:" makes each item under it an example)."""
    said = BRACKETED.sub(" ", f"{lead}\n{text}")
    if EXAMPLE.search(said):
        return "example"
    if OPTION.search(said):
        return "option"
    return "fact"
