"""What the catalog says services do by nature: orienting and ranging relations by role."""

from __future__ import annotations

from ingest.catalog import Catalog

# Relations that only a service of that nature performs (the catalog's acts/receives):
# a cue for one of them applies to a pair only when a service of the pair has the role.
ROLE_BOUND = frozenset({
    "traces", "encrypts", "authorizes", "authenticates", "scales", "load_balances", "caches",
    "monitors", "logs_to", "origin_of", "builds_for", "event_source_mapping", "deploys_to",
    "orchestrates", "routes_to",
})  # fmt: skip


# What a relation can point at, by catalog category (the schema's range); origin_of is
# checked on its source, the side that is not the role holder.
ALL = frozenset({
    "Compute", "Containers", "Storage", "Database", "Networking", "Security", "Integration",
    "Analytics", "Monitoring", "Management", "Developer Tools",
})  # fmt: skip


RANGE: dict[str, frozenset[str]] = {
    "load_balances": frozenset({"Compute", "Containers"}),
    "scales": frozenset({"Compute", "Containers", "Database"}),
    "caches": frozenset({"Storage", "Database", "Networking", "Compute", "Containers"}),
    "traces": frozenset({"Compute", "Containers", "Networking", "Integration"}),
    "encrypts": ALL - {"Management"},
    "authorizes": ALL - {"Security"},
    "authenticates": frozenset({"Networking", "Security"}),
    "deploys_to": frozenset({"Compute", "Containers"}),
    "builds_for": frozenset({"Containers"}),
    "event_source_mapping": frozenset({"Integration", "Analytics", "Database"}),
    "origin_of": frozenset({"Storage", "Networking", "Compute"}),
    "logs_to": ALL - {"Security"},
    # What things run on: compute, a network, a platform they are built on; not a store.
    "runs_on": frozenset({"Compute", "Containers", "Networking", "Management"}),
    # DNS points names at what serves them: load balancers, CDNs, APIs, buckets, instances.
    "routes_to": frozenset({"Compute", "Containers", "Networking", "Storage"}),
}


# Relations that hold only between a service that performs them and one that receives them,
# when the catalog names both sides: an event source mapping is Lambda polling a queue or a
# stream, so "destinations: SQS, SNS" under an event-source-mapping lead does not make SNS a
# polled source, and "a policy that allows to poll SQS" does not make SAM a poller.
PAIRED_ROLES = frozenset({"event_source_mapping"})


def declares(catalog: Catalog, rel: str) -> bool:
    """The catalog names who receives rel (else the category range alone applies)."""
    return any(rel in s.receives for s in catalog.services.values())


def paired(src: str, dst: str, rel: str, catalog: Catalog) -> bool:
    return rel in catalog.services[src].acts and rel in catalog.services[dst].receives


# Relations whose range is checked on the source (the role holder is the target).
DOMAIN_CHECKED = frozenset({"origin_of", "logs_to"})


# Roles that apply to any service, whichever side of a list they stand on.
CROSS_CUTTING = frozenset({"authorizes", "encrypts", "monitors", "traces", "logs_to"})


# Open relations whose direction a role still fixes ("S3, SNS ..." under "Lambda invocations").
ROLE_ORIENTED = frozenset({"invokes", "subscribes_to"})


# Roles that a generic cue ("X with Y", "integrates with") may turn into a relation; the
# others (publishing, storing, polling, deploying) need a cue of their own.
NATURE_ROLES = frozenset({
    "traces", "encrypts", "authorizes", "authenticates", "scales", "load_balances", "caches",
    "monitors", "logs_to", "origin_of", "orchestrates", "invokes",
})  # fmt: skip


# What a service takes when something is sent to it, as its catalog `receives` says: logs,
# messages, data to keep, or calls. A tool takes nothing ("publish with the SDK", "log in
# to ECR with the CLI" send nothing to them).
TAKES = ("logs_to", "publishes_to", "stores_in", "invokes")
# What is sent or called, and so typed by what the target takes.
SENT = frozenset({"invokes", "publishes_to", "stores_in"})
# What a monitor or a tracer makes of what is sent to it (metrics, trace segments).
WATCHES = ("monitors", "traces")


def delivered(rel: str, target: str, catalog: Catalog) -> tuple[str, bool] | None:
    """What sending or calling (rel: invokes, publishes_to or stores_in) amounts to at the
    target, and whether it turns the edge round: logs go to a log store, messages to what
    takes messages, data to a store; what reaches a monitor or a tracer is data about the
    sender (True: the target monitors or traces it); whatever reaches a service that takes
    none of these is a call on it ("alarms go to Auto Scaling"). None for a tool."""
    svc = catalog.services[target]
    if svc.is_tool:
        return None
    takes = [r for r in TAKES if r in svc.receives]
    if rel in takes:
        return rel, False
    watches = [r for r in WATCHES if r in svc.acts]
    if watches:
        return watches[0], True
    if rel == "stores_in" and not takes:
        return rel, False  # kept data needs no declared store ("instance store", "on the disk")
    return (takes[0] if takes else "invokes"), False


def _cacheable(cache: str, cached: str, catalog: Catalog) -> bool:
    """A database cache (ElastiCache, DAX) caches what keeps data, not the servers of the
    app that uses it; a content cache (CloudFront) caches any origin."""
    if catalog.services[cache].category != "Database":
        return True
    return "stores_in" in catalog.services[cached].receives


def in_range(src: str, dst: str, rel: str, catalog: Catalog) -> bool:
    """Whether rel can point from src at dst: the relation's range, its paired roles,
    nothing sent to a tool, and a tool calling services only (not MFA, not another tool)."""
    if rel in SENT | {"logs_to"} and catalog.services[dst].is_tool:
        return False
    if catalog.services[src].is_tool and catalog.services[dst].kind != "service":
        return False
    if rel == "caches" and not _cacheable(src, dst, catalog):
        return False
    if rel == "authenticates" and catalog.services[dst].kind != "service":
        return False  # users sign in to a service, not to a feature of one (MFA)
    if rel in PAIRED_ROLES and declares(catalog, rel) and not paired(src, dst, rel, catalog):
        return False
    allowed = RANGE.get(rel)
    if allowed is None:
        return True
    checked = src if rel in DOMAIN_CHECKED else dst
    return catalog.services[checked].category in allowed


def orient(a: str, b: str, rel: str, catalog: Catalog) -> tuple[str, str] | None:
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
        fits = [p for p in ((a, b), (b, a)) if in_range(*p, rel, catalog)]
        return fits[0] if len(fits) == 1 else None
    else:
        return None
    return pair if in_range(*pair, rel, catalog) else None


def role_relation(
    first: str, second: str, catalog: Catalog, topic_pair: bool = False
) -> tuple[str, str, str] | None:
    """A relation implied by a role of first (preferred) or second, for generic cues.

    On a slide about first, second's role counts only if it acts on anything (IAM
    authorizes, KMS encrypts): "SNS integrates with CloudFormation" is no orchestration.
    """
    pairs = ((first, second), (second, first))
    # What either one does by nature first (IAM authorizes), then what either receives:
    # "Lambda runs with an IAM role" is IAM authorizing, not IAM invoking Lambda.
    for svc, other in pairs:
        allowed = CROSS_CUTTING if topic_pair and svc == second else NATURE_ROLES
        theirs = catalog.services[other]
        for rel in catalog.services[svc].acts:
            if rel in allowed and rel not in theirs.acts and in_range(svc, other, rel, catalog):
                return svc, other, rel
    for svc, other in pairs:
        allowed = CROSS_CUTTING if topic_pair and svc == second else NATURE_ROLES
        theirs = catalog.services[other]
        for rel in catalog.services[svc].receives:
            usable = rel in allowed and rel not in theirs.receives
            if usable and in_range(other, svc, rel, catalog):
                return other, svc, rel
    return None


# Relations that move data from one service to another.
MOVES = frozenset({"publishes_to", "stores_in"})
