"""Study plans, paths and export, on our sample notes and on small notes written here."""

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from graph.export import FORMATS, export_graph
from graph.lookup import NotFound, introducing_concept, resolve, teaching_concepts
from graph.paths import PathError, explain_path
from graph.prereqs import CONCEPTS, SERVICE, prereq_graph
from graph.relations import relation_edges
from graph.search import Searcher
from graph.store import load_build
from graph.study import StudyError, plan_study
from ingest.build import build


@pytest.fixture(scope="module")
def sample(sample_build):
    return load_build(sample_build)


@pytest.fixture()
def notes_build(tmp_path, cache_dir):
    """Build notes written in the test, and load the build."""

    def _build(text: str):
        notes = tmp_path / "notes.md"
        notes.write_text(text)
        build([notes], tmp_path / "b", cache_dir=cache_dir)
        return load_build(tmp_path / "b")

    return _build


def triples(b):
    """A build's relations as (source, target, relation)."""
    return {(e["source"], e["target"], e["relation"]) for e in relation_edges(b)}


def positions(plan):
    return {s.service: i for i, s in reversed(list(enumerate(plan.steps)))}


def test_prerequisites_come_before_what_needs_them(sample):
    plan = plan_study(sample, ["Elastic Beanstalk"])
    first = positions(plan)
    assert "EC2" in first and first["EC2"] < first["Elastic Beanstalk"]
    graph = prereq_graph(sample)
    for a, b in graph.edges:
        if a in first and b in first:
            assert first[a] < first[b], (a, b)


def test_every_step_has_reason_minutes_and_slides(sample):
    plan = plan_study(sample, ["Lambda"])
    assert plan.steps
    for step in plan.steps:
        assert step.reason and step.minutes > 0
        assert step.slides and all(s["line_start"] >= 1 for s in step.slides)
    prereq = next(s for s in plan.steps if s.role == "prerequisite")
    assert prereq.reason.startswith("needed for")


@pytest.mark.parametrize("target", ["Lambda", "Elastic Beanstalk", "Cognito Identity Pools"])
def test_every_prerequisite_step_quotes_and_cites_the_statement_behind_it(sample, target):
    prereqs = [s for s in plan_study(sample, [target]).steps if s.role == "prerequisite"]
    assert prereqs
    for step in prereqs:
        assert step.evidence, step.title
        for ev in step.evidence:
            assert set(ev) == {"source", "line_start", "line_end", "text"} and ev["text"]
            assert 1 <= ev["line_start"] <= ev["line_end"]
        # The reason is said in the words of the first statement, which is quoted.
        first = " ".join(step.evidence[0]["text"].split())
        assert f"“{first[:40]}" in step.reason, (step.reason, first)


def test_known_services_are_skipped_with_what_only_they_lead_to(sample):
    full = plan_study(sample, ["Elastic Beanstalk"])
    known = plan_study(sample, ["Elastic Beanstalk"], known=["ec2"])
    assert "EC2" not in {s.service for s in known.steps}
    assert {"name": "EC2", "reason": "known"} in known.skipped
    assert len(known.steps) < len(full.steps)


def test_time_budget_cuts_the_least_necessary_steps(sample):
    full = plan_study(sample, ["Elastic Beanstalk", "CodeDeploy"])
    budget = full.minutes / 2
    short = plan_study(sample, ["Elastic Beanstalk", "CodeDeploy"], max_minutes=budget)
    kept = [s for s in short.steps if s.role == "target"]
    assert short.minutes <= max(budget, sum(s.minutes for s in kept))
    assert short.cut and len(short.steps) + len(short.cut) == len(full.steps)
    assert {s.service for s in short.steps if s.role == "target"} == {
        "Elastic Beanstalk",
        "CodeDeploy",
    }


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"targets": ["Beanstalkk"]}, "did you mean 'Elastic Beanstalk'"),
        ({"targets": ["SQS"], "max_minutes": 0}, "more than 0"),
        ({"targets": ["SQS"], "pace": 0}, "--pace must be more than 0"),
        ({"targets": []}, "at least one target"),
        ({"targets": ["SQS"], "known": ["Frobnicator"]}, "nothing named 'Frobnicator'"),
    ],
)
def test_bad_requests_say_why(sample, kwargs, message):
    with pytest.raises((StudyError, NotFound), match=message):
        plan_study(sample, **kwargs)


def test_a_target_of_symbols_alone_is_a_question_nothing_answers(sample):
    with pytest.raises(StudyError, match="nothing in the notes answers"):
        plan_study(sample, ["/ \u00a5"], searcher_factory=lambda: Searcher(sample))


def test_a_known_target_gives_an_empty_plan(sample):
    plan = plan_study(sample, ["SQS"], known=["SQS"])
    assert plan.steps == [] and plan.skipped[0]["reason"] == "a target you already know"
    assert json.loads(json.dumps(plan.to_dict()))["steps"] == []


def test_json_and_markdown_shapes(sample):
    plan = plan_study(sample, ["SAM"])
    data = plan.to_dict()
    assert {"targets", "skipped", "steps", "cut", "related", "minutes", "minutes_done",
            "minutes_left", "pace"} <= set(data)  # fmt: skip
    step = data["steps"][0]
    assert {"concept", "key", "title", "service", "role", "reason", "minutes", "done", "slides",
            "evidence", "text"} <= set(step)  # fmt: skip
    assert set(step["slides"][0]) == {"title", "source", "line_start", "line_end"}
    md = plan.markdown()
    assert md.startswith("# Study plan: SAM") and md.count("- [ ] ") == len(plan.steps)


def test_cyclic_relations_in_notes_are_broken(tmp_path, cache_dir):
    notes = tmp_path / "cycle.md"
    notes.write_text(
        "# Intro\n\nwords\n\n# Elastic Beanstalk basics\n\n"
        "- Elastic Beanstalk runs on EC2 instances that you never manage by hand at all\n\n"
        "# EC2 basics\n\n- EC2 instances run on Elastic Beanstalk in this odd made-up story\n"
    )
    out = tmp_path / "b"
    build([notes], out, cache_dir=cache_dir)
    b = load_build(out)
    graph = prereq_graph(b)
    assert nx.is_directed_acyclic_graph(graph)
    plan = plan_study(b, ["Elastic Beanstalk"])
    assert plan.steps


SECTIONED_DECK = """# Amazon S3

Storage for objects

# Buckets and objects

S3 keeps objects inside buckets; every object has a key, and buckets live in one region
that you pick when you create them.

# SSE-KMS

With SSE-KMS the objects written to the bucket are encrypted at rest under a key that you
manage and audit yourself.

# Messaging

SQS, SNS and Kinesis

# SQS queues

SQS holds messages in a queue until a consumer polls them, processes them and deletes
them, which decouples the producer from the consumer.

# Kinesis Data Streams

Kinesis Data Streams splits a stream of records into shards; each shard keeps records in
order for the consumers that read it.

# Route 53

Domain names and routing

# Health checks

A health check can follow a CloudWatch alarm: when the CloudWatch alarm goes off, the
record stops being returned to clients until the alarm clears again.

# Monitoring

Metrics, alarms and logs

# CloudWatch metrics

CloudWatch collects metrics from your services, keeps them for a while and draws them on
dashboards so you can see trends and set alarms.
"""


QUEUE_DECK = (
    "# AWS Lambda\n\nLambda runs your function code without servers: you upload the code, "
    "pay per request and per millisecond, and it scales with the traffic by itself.\n\n"
    "# Amazon SQS\n\nSQS keeps messages in a queue until a consumer polls them and deletes "
    "them once the work is done, so producers and consumers never wait on each other.\n\n"
    "# Kinesis Data Streams\n\nKinesis Data Streams keeps ordered records in shards for a "
    "day or more, and many consumers can read the same records at their own pace.\n\n"
    "# Lambda and SQS\n\nLambda polls the SQS queue through an event source mapping and "
    "invokes the function with a batch of messages, deleting them when it succeeds.\n\n"
    "# Lambda and Kinesis\n\nLambda reads Kinesis Data Streams through an event source "
    "mapping, one batch per shard at a time, retrying a failed batch until it expires.\n"
)


def test_a_plan_for_one_concept_covers_its_service_and_what_it_speaks_of(notes_build):
    b = notes_build(QUEUE_DECK)
    plan = plan_study(b, ["Lambda and SQS"])
    titles = [s.title for s in plan.steps]
    # The service's basics and the queue service it speaks of; not the stream it never names.
    assert titles.index("AWS Lambda") < titles.index("Lambda and SQS")
    assert "Amazon SQS" in titles and "Kinesis Data Streams" not in titles
    # Knowing Lambda drops its basics, not the concept the student asked for.
    known = plan_study(b, ["Lambda and SQS"], known=["Lambda"])
    assert [s.title for s in known.steps if s.service == "Lambda"] == ["Lambda and SQS"]


def test_a_question_is_planned_through_the_concept_that_answers_it(sample):
    question = "how does my function read from a queue?"
    plan = plan_study(sample, [question], searcher_factory=lambda: Searcher(sample))
    answers = [s for s in plan.steps if s.role == "target"]
    # The plan says which concept it took the question for, and leads up to it.
    assert plan.targets == [f"{question} → Event source mapping"]
    mapping = next(s for s in answers if s.title == "Event source mapping")
    first = positions(plan)
    assert first["SQS"] < first["Lambda"] <= plan.steps.index(mapping)


def test_the_basics_of_a_concept_are_taught_before_it(notes_build):
    b = notes_build(
        "# Lambda handlers\n\nA Lambda handler is the function that receives the event and "
        "the context object, and returns the response to whoever invoked it.\n\n"
        "# AWS Lambda\n\nLambda runs your function code without servers: you upload the "
        "code, pay per request and per millisecond, and it scales by itself.\n"
    )
    plan = plan_study(b, ["Lambda handlers"])
    assert [s.title for s in plan.steps] == ["Lambda handlers"]


def test_a_later_service_that_a_service_acts_on_is_not_its_prerequisite(notes_build):
    b = notes_build(
        "# Study Notes\n\nwords\n\n"
        "# ALB targets\n\nThe ALB sends each request to a target group: EC2 instances, "
        "containers, or a Lambda function that the ALB invokes with the request.\n\n"
        "# ALB listener rules\n\nListener rules on the ALB pick a target group by path or "
        "host; the ALB invokes a Lambda target with the request as its event.\n\n"
        "# AWS Lambda\n\nLambda runs your function code without servers: you upload the "
        "code, pay per request and per millisecond, and it scales by itself.\n"
    )
    graph = prereq_graph(b)
    # ALB's slides name Lambda as what it invokes, and the notes teach ALB first.
    assert not graph.has_edge("Lambda", "ALB"), graph.edges(data="reason")


def test_a_service_taught_in_one_concept_leans_on_what_it_names_again_and_again(notes_build):
    b = notes_build(
        "# Edge notes\n\nwords\n\n"
        "# Amazon CloudFront\n\nCloudFront is a CDN: it caches content at edge locations "
        "close to viewers and forwards the misses to the origin.\n\n"
        "# Lambda@Edge\n\nLambda@Edge runs code where CloudFront meets viewers: a function "
        "rewrites a request after CloudFront receives it, or a response before CloudFront "
        "returns it to the viewer.\n"
    )
    graph = prereq_graph(b)
    assert graph.has_edge("CloudFront", "Lambda@Edge"), graph.edges(data="reason")
    assert "named 3 times" in graph.edges["CloudFront", "Lambda@Edge"]["reason"]


def test_a_section_heading_puts_only_its_own_service_first(notes_build):
    graph = prereq_graph(notes_build(SECTIONED_DECK))
    reasons = {(a, b): d["reason"] for a, b, d in graph.edges(data=True)}
    # One service in the heading: it comes first (the catalog may also call SSE-KMS a part
    # of S3: then its part_of relation says so).
    assert reasons[("S3", "SSE-KMS")] in (
        "SSE-KMS is taught in the S3 section",
        "S3 includes SSE-KMS",
    )
    # A heading listing peers ("SQS, SNS and Kinesis") puts none of them first; a name
    # that extends another's does ("Kinesis Data Streams" of "Kinesis").
    assert ("SQS", "Kinesis Data Streams") not in reasons
    assert reasons[("Kinesis", "Kinesis Data Streams")] in (
        "Kinesis Data Streams is named after Kinesis",
        "Kinesis includes Kinesis Data Streams",
    )
    # CloudWatch is named in a Route 53 slide but introduced in a section of its own.
    assert ("Route 53", "CloudWatch") not in reasons


def taught(b, service, **kw):
    """The titles of the concepts that teach a service, in the order a plan takes them."""
    return [d["title"] for d in teaching_concepts(b, service, **kw)]


def test_a_service_is_taught_first_by_the_slides_named_after_it(notes_build):
    b = notes_build(
        "# S3 – KMS request limits\n\nEvery upload with KMS encryption calls KMS twice, and "
        "KMS has a request quota per second, so busy buckets can hit the KMS limit.\n\n"
        "# AWS KMS\n\nKMS creates and guards encryption keys; every use of a key is an API "
        "call that is logged, and access to keys is granted through key policies.\n"
    )
    assert taught(b, "KMS") == ["AWS KMS", "S3 – KMS request limits"]


def test_a_section_cover_listing_what_is_to_come_does_not_introduce_a_service(notes_build):
    b = notes_build(
        "# Networking Notes\n\nDNS and content delivery in my own words\n\n"
        "# Route 53 Section\n\n# Route 53 Section\n\n- Records and their time to live\n"
        "- Aliases versus canonical names\n- Health checks of endpoints\n"
        "- Routing policies: simple, weighted, latency, failover, geolocation\n\n"
        "# Route 53 overview\n\nRoute 53 is a managed DNS service: it answers the queries "
        "for your domain names with the records you keep in a hosted zone.\n"
    )
    assert introducing_concept(b, "Route 53", 15)["title"] == "Route 53 overview"
    assert taught(b, "Route 53")[0] == "Route 53 overview"


def test_a_heading_per_service_says_which_concepts_teach_it(sample):
    # "Serverless functions" sits under the Lambda heading; "REST APIs in front of Lambda",
    # under API Gateway's, names Lambda in its title but does not make API Gateway come first.
    assert taught(sample, "Lambda")[0] == "Serverless functions"
    assert not prereq_graph(sample).has_edge("API Gateway", "Lambda")


def test_the_basics_read_for_a_prerequisite_are_concepts_named_after_it(notes_build):
    b = notes_build(
        "# Cover Notes\n\nmy own words\n\n"
        "# AWS CloudWatch Events\n\nCloudWatch Events reacts to changes in your account and "
        "sends every matching event on to a target such as a function or a queue.\n\n"
        "# Parameter expiry\n\nAn expiring parameter raises CloudWatch Events before it ends; "
        "CloudWatch Events then tells you, and CloudWatch Events can run a function for it.\n"
    )
    assert taught(b, "CloudWatch Events") == ["AWS CloudWatch Events", "Parameter expiry"]
    assert taught(b, "CloudWatch Events", titled=True) == ["AWS CloudWatch Events"]


def test_second_hand_prerequisites_taught_later_are_left_out(notes_build):
    b = notes_build(
        "# SQS queues\n\nSQS keeps messages in a queue until a consumer polls them and "
        "deletes them after the work is done, so producers and consumers never wait.\n\n"
        "# SQS consumers\n\nSQS consumers run on EC2 instances that process each message "
        "and delete it when done.\n\n"
        "# Lambda and SQS\n\nLambda polls the SQS queue through an event source mapping and "
        "invokes the function with a batch of messages.\n\n"
        "# EC2 instances\n\nEC2 gives you virtual servers: you pick the instance type, the "
        "image and the disk, and pay by the second.\n"
    )
    assert prereq_graph(b).has_edge("EC2", "SQS")
    # EC2 is SQS's own prerequisite, but the course reaches it only after Lambda: a Lambda
    # plan does not send the student ahead to it.
    assert [s.service for s in plan_study(b, ["Lambda"]).steps] == ["SQS", "SQS", "Lambda"]
    assert "EC2" in {s.service for s in plan_study(b, ["SQS"]).steps}


CROSS_CUTTING_DECK = """# Cloud Notes

My own summary of the basics

# IAM users and roles

IAM decides who may call which API: users, groups and roles get policies that allow or
deny actions on resources.

# S3 buckets

S3 keeps objects in buckets. Access to a bucket is controlled with IAM permissions, and the
objects are encrypted at rest with KMS keys.

# KMS keys

KMS creates and guards encryption keys; key policies say who may encrypt and decrypt with
them, and every use is an API call.

# SQS queues

SQS keeps messages until consumers poll them. Messages are encrypted at rest with KMS
keys so only allowed consumers read them.
"""


def test_security_services_come_first_only_where_the_course_teaches_them_first(notes_build):
    b = notes_build(CROSS_CUTTING_DECK)
    graph = prereq_graph(b)
    assert graph.edges["IAM", "S3"]["scope"] == SERVICE  # taught before S3: learn it first
    assert graph.edges["KMS", "SQS"]["scope"] == SERVICE  # taught before SQS
    # S3 comes first; its encryption is a later topic, for the concepts that speak of it.
    assert graph.edges["KMS", "S3"]["scope"] == CONCEPTS
    assert "KMS" not in {s.service for s in plan_study(b, ["S3"]).steps}


MONITORING_DECK = """# Monitoring And Audit

CloudWatch, X-Ray and CloudTrail

# CloudWatch metrics

CloudWatch collects metrics from your services every minute, keeps them for weeks and draws
them on dashboards so you can spot trends and set alarms on them.

# CloudWatch vs CloudTrail

CloudTrail records who called which API; CloudWatch watches numbers and logs over time.

# CloudTrail

CloudTrail keeps a history of the API calls made in your account, with who made them, from
where and when, so you can audit changes later.

# X-Ray

X-Ray follows a request through the services it touches and draws a map with the time spent
in each, so you can find the slow or failing part.
"""


def test_title_slides_and_comparisons_do_not_make_prerequisites(notes_build):
    graph = prereq_graph(notes_build(MONITORING_DECK))
    # CloudTrail is named on the section's title slide and on a comparison about CloudWatch:
    # two concepts, but neither teaches CloudWatch through CloudTrail.
    assert not graph.has_edge("CloudTrail", "CloudWatch")
    assert not graph.has_edge("X-Ray", "CloudWatch")


def test_a_path_goes_through_what_services_do_not_what_secures_them(notes_build):
    b = notes_build(
        "# Cloud Notes\n\nMy own summary of the basics\n\n"
        "# Front door\n\nAPI Gateway invokes a Lambda function for every request, passing "
        "the request as the event.\n\n"
        "# Storing orders\n\nThe Lambda function stores each order in a DynamoDB table and "
        "returns the new order id.\n\n"
        "# API Gateway security\n\nIAM policies authorize every call to API Gateway.\n\n"
        "# DynamoDB security\n\nIAM policies authorize every read and write on DynamoDB.\n"
    )
    hops = explain_path(b, resolve(b, "API Gateway"), resolve(b, "DynamoDB"))
    # Two hops either way, and the IAM ones are the more confident; but "IAM authorizes
    # both" says nothing about how the two work together.
    assert [(h["source"], h["relation"], h["target"]) for h in hops] == [
        ("API Gateway", "invokes", "Lambda"),
        ("Lambda", "stores_in", "DynamoDB"),
    ]
    # A weak link is still a path where nothing else connects the two.
    iam = explain_path(b, resolve(b, "IAM"), resolve(b, "DynamoDB"))
    assert [h["relation"] for h in iam] == ["authorizes"]


def _slides(title: str, n: int, body: str, mention: str = "", mentioned: int = 0) -> str:
    out = []
    for i in range(n):
        extra = f" Later chapters come back to {mention} for this." if i < mentioned else ""
        out.append(f"# {title} part {chr(65 + i)}\n\n{body}{extra}\n")
    return "\n".join(out)


def test_a_service_named_ahead_of_its_chapter_is_a_forward_reference(notes_build):
    body = "EC2 gives you virtual servers: pick the instance type, image and disk, pay by use."
    kms = "SSE-KMS encrypts each object with a data key under a customer key you control and audit."
    b = notes_build(
        "# Cloud Notes\n\nMy own summary of the basics\n\n"
        + _slides("EC2 basics", 9, body, mention="SQS", mentioned=2)
        + _slides("SSE-KMS notes", 3, kms, mention="KMS", mentioned=2)
        + "# SQS queues\n\nSQS keeps messages in a queue until a consumer polls them and "
        "deletes them after the work is done.\n\n"
        + "# KMS keys\n\nKMS creates and guards encryption keys; key policies say who may "
        "encrypt and decrypt with them.\n"
    )
    graph = prereq_graph(b)
    # Two of nine EC2 slides look ahead to SQS: that is no reason to learn SQS first.
    assert not graph.has_edge("SQS", "EC2")
    # Two of three SSE-KMS slides lean on KMS, taught later or not.
    assert graph.has_edge("KMS", "SSE-KMS")


def test_a_service_named_in_a_small_share_of_a_long_chapter_is_only_one_of_its_topics(
    notes_build,
):
    vpc = "# VPC networks\n\nA VPC is your private network in a region, cut into subnets.\n\n"
    body = "Lambda runs your function on demand and bills by the millisecond of its run."
    graph = prereq_graph(
        notes_build(
            "# Cloud Notes\n\nMy own summary of the basics\n\n"
            + vpc
            + _slides("Lambda notes", 25, body, mention="the VPC", mentioned=2)
        )
    )
    # Five of twenty-five Lambda concepts name the VPC: a topic of Lambda, not its basis.
    assert not graph.has_edge("VPC", "Lambda")
    graph = prereq_graph(
        notes_build(
            "# Cloud Notes\n\nMy own summary of the basics\n\n"
            + vpc
            + _slides("Lambda notes", 25, body, mention="the VPC", mentioned=7)
        )
    )
    assert graph.has_edge("VPC", "Lambda")  # more than a quarter leans on it


def test_path_explains_each_hop_with_evidence(sample):
    hops = explain_path(sample, resolve(sample, "S3"), resolve(sample, "CloudFront"))
    assert [(h["source"], h["relation"], h["target"]) for h in hops] == [
        ("S3", "origin_of", "CloudFront")
    ]
    assert hops[0]["evidence"][0]["line_start"] >= 1
    longer = explain_path(sample, resolve(sample, "SNS"), resolve(sample, "Lambda"))
    assert longer and all(h["evidence"] for h in longer)
    with pytest.raises(PathError):
        explain_path(sample, resolve(sample, "SQS"), resolve(sample, "Redshift"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_formats_parse(sample, fmt, tmp_path):
    text = export_graph(sample, fmt)
    n = sample.graph.number_of_nodes()
    if fmt == "json":
        assert len(json.loads(text)["nodes"]) == n
    elif fmt == "graphml":
        path = tmp_path / "g.graphml"
        path.write_text(text)
        assert nx.read_graphml(path).number_of_nodes() == n
    elif fmt == "gexf":
        ET.fromstring(text)
        path = tmp_path / "g.gexf"
        path.write_text(text)
        assert nx.read_gexf(path).number_of_nodes() == n
    else:
        assert text.count("MERGE (n:") == n
        assert text.count("CREATE (a)-[") == sample.graph.number_of_edges()


SCALING_DECK = """# Cloud Notes

My own summary of the basics

# EC2 instances

EC2 rents virtual servers by the second: pick an instance type, an image and a disk, and
the instance boots in a minute or two.

# ALB basics

An ALB forwards web traffic to EC2 instances in several zones and checks their health
so that a failed server stops receiving requests.

# Scaling groups

An ASG scales EC2 instances out and in: it keeps between a minimum and a maximum number of
servers running and replaces the ones that fail.

# Containers

ECS runs containers as tasks on a cluster of servers. An ALB load-balances the ECS tasks
of a service across the cluster.
"""


def test_what_a_balancer_or_scaler_acts_on_comes_first_unless_taught_later(notes_build):
    graph = prereq_graph(notes_build(SCALING_DECK))
    # EC2 is what the ALB and the ASG act on, and is taught first: it comes before them.
    assert graph.has_edge("EC2", "ALB") and graph.has_edge("EC2", "ASG")
    assert not graph.has_edge("ASG", "EC2") and not graph.has_edge("ALB", "EC2")
    # ECS is taught after the ALB it runs behind: the ALB comes first.
    assert graph.has_edge("ALB", "ECS") and not graph.has_edge("ECS", "ALB")


INTRO_DECK = (
    "# Lambda in short\n\nYou hand over your code and the platform runs it on demand, "
    "bills by the millisecond and scales with the traffic by itself.\n\n"
    "# Amazon SQS\n\nSQS keeps messages in a queue until a consumer polls them and deletes "
    "them once the work is done, so producers and consumers never wait on each other.\n\n"
    "# Lambda and SQS\n\nLambda polls the SQS queue through an event source mapping and "
    "invokes the function with a batch of messages, deleting them when it succeeds.\n"
)


def test_a_concept_that_names_no_prerequisite_is_planned_without_one(notes_build):
    b = notes_build(INTRO_DECK)
    # Lambda needs SQS for its event source mappings, but its introduction does not.
    assert "SQS" in {s.service for s in plan_study(b, ["Lambda and SQS"]).steps}
    intro = plan_study(b, ["Lambda in short"])
    assert [s.title for s in intro.steps] == ["Lambda in short"]


def test_a_short_phrase_that_names_nothing_is_searched_as_a_question(sample):
    plan = plan_study(sample, ["queue retries"], searcher_factory=lambda: Searcher(sample))
    assert plan.targets[0].startswith("queue retries → ")
    # One word that names nothing is still taken for a typo of a name.
    with pytest.raises(NotFound, match="did you mean"):
        plan_study(sample, ["Lamda"], searcher_factory=lambda: Searcher(sample))


def test_a_plan_for_a_family_teaches_its_kinds(sample):
    # The notes call User Pools a kind of Cognito; "study Cognito" means studying it too,
    # after the family's own concept and with what the kind needs.
    plan = plan_study(sample, ["Cognito"])
    roles = {s.service: s.role for s in plan.steps}
    assert roles.get("Cognito User Pools") == "target", [(s.title, s.service) for s in plan.steps]
    kind = next(s for s in plan.steps if s.service == "Cognito User Pools")
    assert kind.reason == "Cognito User Pools is a kind of Cognito, which you asked for"
    first = positions(plan)
    assert first["Cognito"] < first["Cognito User Pools"]


def test_running_in_a_network_is_a_prerequisite_of_what_says_so_not_of_the_service(
    notes_build,
):
    b = notes_build(
        "# Amazon VPC\n\nA VPC is your private network in a region, split into public and "
        "private subnets with route tables and gateways between them.\n\n"
        "# AWS Lambda\n\nLambda runs your function code without servers: you upload the "
        "code, pay per request and per millisecond, and it scales by itself.\n\n"
        "# Lambda networking\n\nA Lambda function in your VPC reaches private databases, "
        "and needs a NAT gateway in a public subnet to reach the internet.\n"
    )
    edges = triples(b)
    assert ("Lambda", "VPC", "runs_on") in edges, edges
    # A way to deploy Lambda, not a basis for learning all of it, but the concept that
    # places a function in the VPC builds on it.
    assert_needed_by_the_concept_only(b, "VPC", "Lambda", "Lambda networking")


def assert_needed_by_the_concept_only(b, before: str, service: str, concept: str) -> None:
    """`before` is a prerequisite of the concept, not of the whole service."""
    assert prereq_graph(b).edges[before, service]["scope"] == CONCEPTS
    assert before not in {s.service for s in plan_study(b, [service]).steps}
    first = positions(plan_study(b, [concept]))
    assert first[before] < first[service]


def test_a_slides_everyday_words_do_not_stand_for_services_it_never_names(notes_build):
    b = notes_build(
        "# AWS IAM\n\nIAM users, groups and roles get policies that allow or deny each API "
        "call; least privilege means granting only what a job needs.\n\n"
        "# Amazon SQS\n\nSQS keeps messages in a queue until a consumer polls, processes and "
        "deletes them, so producers and consumers never wait for each other.\n\n"
        "# SQS dead letter queues\n\nAfter a message fails too often, the redrive policy of "
        "the queue moves it aside so the rest of the queue keeps flowing.\n\n"
        "# SQS access\n\nAn IAM policy must permit each call to SQS, and a queue policy can "
        "let another account send messages to the queue.\n"
    )
    assert prereq_graph(b).has_edge("IAM", "SQS")
    # "redrive policy" is no IAM policy: the plan for the concept does not start with IAM.
    plan = plan_study(b, ["SQS dead letter queues"])
    assert "IAM" not in {s.service for s in plan.steps}, [s.title for s in plan.steps]
    # A question that does speak of permissions still gets IAM first.
    plan = plan_study(
        b, ["which permissions does my queue need"], searcher_factory=lambda: Searcher(b)
    )
    assert "IAM" in {s.service for s in plan.steps}, [s.title for s in plan.steps]


def test_a_question_about_a_kind_builds_on_its_family(notes_build):
    b = notes_build(
        "# Amazon VPC\n\nA VPC is your private network in a region, split into public and "
        "private subnets with route tables and gateways between them.\n\n"
        "# VPC features\n\n- VPC Flow Logs: a record of the IP traffic of each interface\n\n"
        "# Reading VPC Flow Logs\n\nVPC Flow Logs show accepted and rejected connections; "
        "query them to find which security rule dropped the traffic you expected.\n"
    )
    assert ("VPC Flow Logs", "VPC", "part_of") in triples(b)
    first = positions(plan_study(b, ["Reading VPC Flow Logs"]))
    assert first["VPC"] < first["VPC Flow Logs"]


def test_a_slide_under_a_heading_of_several_services_is_not_the_first_ones(notes_build):
    b = notes_build(
        "# IAM and EC2 Section\n\nFundamentals\n\n"
        "# IAM users\n\nIAM users sign in with a password and get policies that allow each "
        "API call; groups gather users who need the same permissions.\n\n"
        "# EC2 instance types\n\nEC2 offers families of instance types sized for compute, "
        "memory or storage, each billed by the second while it runs.\n\n"
        "# Burst credits\n\nSome small machines earn credits while idle and spend them when "
        "busy; once the credits are gone the machine slows to its baseline speed.\n"
    )
    plan = plan_study(b, ["Burst credits"])
    # The heading names peers: the slide is none of theirs, so no IAM basics come first.
    assert [s.title for s in plan.steps] == ["Burst credits"], [s.title for s in plan.steps]


# -- the prerequisite rule: what is not a prerequisite goes to `related` -------------------
TRIGGER_DECK = """# Cloud Notes

My own summary of the basics

# Amazon S3

S3 keeps objects in buckets; each object has a key and a bucket lives in one region that
you choose.

# AWS Lambda

Lambda runs your function code without servers: you upload the code and pay per request
and per millisecond.

# Lambda triggers

An upload to an S3 bucket invokes the Lambda function with the object's key as its event.

# Thumbnails with Lambda

When S3 invokes the function for a new image, the function writes a small copy back to
another S3 bucket.
"""


def test_an_event_source_is_related_not_a_prerequisite(notes_build):
    b = notes_build(TRIGGER_DECK)
    assert ("S3", "Lambda", "invokes") in triples(b)
    plan = plan_study(b, ["Lambda"])
    # S3 is named in two of Lambda's three concepts, but only as what calls the function.
    assert "S3" not in {s.service for s in plan.steps}
    related = {(r["other"], r["relation"]): r for r in plan.related}
    entry = related[("S3", "invokes")]
    assert entry["words"] == "Lambda is invoked by S3"
    assert entry["evidence"][0]["text"].startswith("An upload to an S3 bucket invokes")


def test_an_integration_that_says_nothing_of_how_is_no_prerequisite(notes_build):
    b = notes_build(
        "# Cloud Notes\n\nMy own summary of the basics\n\n"
        "# AWS CodeBuild\n\nCodeBuild compiles your code and runs the tests in a fresh "
        "container for every build you start.\n\n"
        "# AWS CodeCommit\n\nCodeCommit hosts private git repositories; you push and pull "
        "with the usual git commands.\n\n"
        "# CodeCommit and other tools\n\nCodeCommit integrates with CodeBuild and with other "
        "build servers that watch the branches.\n"
    )
    assert ("CodeCommit", "CodeBuild", "integrates_with") in triples(b)
    plan = plan_study(b, ["CodeCommit"])
    assert "CodeBuild" not in {s.service for s in plan.steps}
    assert [r["words"] for r in plan.related] == ["CodeCommit works with CodeBuild"]


POLLING_DECK = """# Cloud Notes

My own summary of the basics

# Amazon SQS

SQS keeps messages in a queue until a consumer polls them and deletes them once the work
is done.

# AWS Lambda

Lambda runs your function code without servers: you upload the code and pay per request
and per millisecond.

# Lambda and SQS

Lambda polls the SQS queue through an event source mapping and invokes the function with a
batch of messages.

# DynamoDB tables

DynamoDB stores items in tables under a partition key and answers reads in milliseconds at
any scale.

# DynamoDB Streams

DynamoDB Streams keeps an ordered log of the item changes of a table for a day, split into
shards.

# Streams and Lambda

Lambda polls DynamoDB Streams through an event source mapping and invokes the function with
one batch of changes per shard.
"""


def test_what_a_feature_reads_is_needed_first_only_where_the_course_teaches_it_first(
    notes_build,
):
    b = notes_build(POLLING_DECK)
    # The queue is taught before Lambda: all of Lambda builds on it. The stream comes later:
    # only the concept that reads it does.
    assert prereq_graph(b).edges["SQS", "Lambda"]["scope"] == SERVICE
    assert "SQS" in {s.service for s in plan_study(b, ["Lambda"]).steps}
    assert_needed_by_the_concept_only(b, "DynamoDB Streams", "Lambda", "Streams and Lambda")


def test_a_name_that_extends_another_is_built_on_it(notes_build):
    b = notes_build(
        "# Keys\n\n## KMS basics\n\nKMS creates and guards encryption keys; key policies "
        "decide who may encrypt and decrypt with them.\n\n"
        "# Object encryption\n\n## SSE-KMS\n\nSSE-KMS encrypts every object at rest under "
        "a customer key that you manage and whose use you can audit.\n"
    )
    edge = prereq_graph(b).edges["KMS", "SSE-KMS"]
    assert edge["reading"] == "family"
    assert edge["reason"] == "SSE-KMS is named after KMS"
    plan = plan_study(b, ["SSE-KMS"])
    assert [s.service for s in plan.steps] == ["KMS", "SSE-KMS"]


def test_a_tool_is_never_a_prerequisite_even_where_a_section_is_named_after_it(notes_build):
    b = notes_build(
        "# AWS CLI\n\n## Installing the CLI\n\nThe AWS CLI runs in your terminal; you "
        "configure it once with an access key and a default region.\n\n"
        "## STS credentials\n\nSTS hands out credentials that expire after an hour, so "
        "a leaked key stops working by itself.\n"
    )
    assert b.graph.nodes["service:CLI"]["service_kind"] == "tool"
    assert "CLI" not in prereq_graph(b)
    assert [s.service for s in plan_study(b, ["STS"]).steps] == ["STS"]


def test_a_tool_is_never_a_prerequisite(sample):
    graph = prereq_graph(sample)
    assert graph.has_edge("KMS", "SSM Parameter Store")
    # The catalog calls some names tools (the AWS CLI, an SDK): nothing is learnt after them.
    sample.graph.nodes["service:KMS"]["service_kind"] = "tool"
    sample.cache.clear()
    try:
        assert not prereq_graph(sample).has_node("KMS")
    finally:
        sample.graph.nodes["service:KMS"]["service_kind"] = "service"
        sample.cache.clear()


def test_a_relation_of_a_type_the_rule_does_not_know_is_no_prerequisite(notes_build):
    b = notes_build(_slides("SSE-KMS notes", 3, "SSE-KMS encrypts objects.", "KMS", 3)
                    + "# KMS keys\n\nKMS creates and guards keys; key policies decide who "
                    "uses them for encryption.\n")  # fmt: skip
    assert prereq_graph(b).has_edge("KMS", "SSE-KMS")
    b.graph.add_edge(
        "service:KMS", "service:SSE-KMS", key="relation:frobnicates", kind="relation",
        relation="frobnicates", confidence=0.9,
        evidence=[{"source": "x.md", "line_start": 1, "line_end": 1, "text": "KMS frobs"}],
    )  # fmt: skip
    b.cache.clear()
    # An unknown type says how the two relate, and it is not a dependency the rule reads:
    # it settles the pair, so no other reading makes one of it either.
    assert not prereq_graph(b).has_edge("KMS", "SSE-KMS")


def test_a_plan_adds_only_direct_prerequisites(notes_build):
    b = notes_build(
        "# Cloud Notes\n\nMy own summary of the basics\n\n"
        "# EC2 instances\n\nEC2 gives you virtual servers: pick the instance type, the image "
        "and the disk, and pay by the second.\n\n"
        "# Elastic Beanstalk\n\nElastic Beanstalk runs on EC2 instances that it creates for "
        "your application.\n\n"
        "# CodePipeline\n\nCodePipeline deploys to Elastic Beanstalk at the end of each "
        "release.\n"
    )
    graph = prereq_graph(b)
    assert graph.has_edge("EC2", "Elastic Beanstalk")
    assert graph.has_edge("Elastic Beanstalk", "CodePipeline")
    # EC2 is Beanstalk's prerequisite, not the pipeline's: its plan has its own.
    services = [s.service for s in plan_study(b, ["CodePipeline"]).steps]
    assert services == ["Elastic Beanstalk", "CodePipeline"]


def test_a_service_plan_covers_every_concept_that_teaches_it(notes_build):
    body = "SQS keeps each message in the queue until a consumer deletes it after the work."
    b = notes_build("# Cloud Notes\n\nMy own summary of the basics\n\n"
                    + _slides("SQS topic", 14, body))  # fmt: skip
    plan = plan_study(b, ["SQS"])
    assert [s.title for s in plan.steps] == [f"SQS topic part {chr(65 + i)}" for i in range(14)]


def test_a_question_is_answered_by_the_slides_search_ranks_first(sample):
    searcher = Searcher(sample)
    hits = searcher.search("queue retries", k=5)
    close = [h.concept_title for h in hits if h.score >= hits[0].score * 0.85][:3]
    assert len(close) >= 2
    plan = plan_study(sample, ["queue retries"], searcher_factory=lambda: searcher)
    assert [s.title for s in plan.steps if s.role == "target"] == sorted(
        close, key=lambda t: [s.title for s in plan.steps].index(t)
    )
    assert set(close) <= {s.title for s in plan.steps}


def test_steps_carry_their_slides_text_and_the_markdown_shows_it(sample):
    plan = plan_study(sample, ["SQS"])
    step = next(s for s in plan.steps if s.title == "Visibility timeout")
    assert step.text.startswith("Visibility timeout\n")
    assert "visibility timeout" in step.text.lower() and len(step.text.split()) > 15
    md = plan.markdown()
    body = step.text.split("\n")[1]
    assert f"  > {body}" in md


def test_pace_scales_every_step(sample):
    plan = plan_study(sample, ["Elastic Beanstalk"])
    slow = plan_study(sample, ["Elastic Beanstalk"], pace=2)
    assert [s.minutes for s in slow.steps] == [round(s.minutes * 2, 1) for s in plan.steps]
    assert slow.to_dict()["pace"] == 2


def test_related_relations_are_said_in_words_with_evidence(sample):
    plan = plan_study(sample, ["Lambda"])
    planned = {s.service for s in plan.steps}
    assert plan.related
    for r in plan.related:
        assert r["service"] == "Lambda" and r["other"] not in planned
        assert "_" not in r["words"] and r["evidence"] and r["evidence"][0]["line_start"] >= 1
    words = {r["words"] for r in plan.related}
    assert "Lambda is invoked by S3" in words
    assert "Lambda reads from DynamoDB Streams (event source mapping)" in words


@pytest.mark.corpus
def test_plans_on_the_course_slides_build_on_what_the_course_says(corpus_build, corpus_lines):
    b = load_build(corpus_build)
    beanstalk = plan_study(b, ["Elastic Beanstalk"])
    needed = {s.service for s in beanstalk.steps if s.role == "prerequisite"}
    assert {"EC2", "ASG", "ELB", "CloudFormation"} <= needed
    lam = plan_study(b, ["Lambda"])
    needed = {s.service for s in lam.steps if s.role == "prerequisite"}
    # Its execution role and what its event source mappings poll, not what invokes it.
    assert {"IAM", "SQS"} <= needed and not {"S3", "SNS", "DynamoDB"} & needed
    titles = [s.title for s in lam.steps]
    assert "Lambda – Event Source Mapping" in titles and "Lambda in VPC" in titles
    for plan in (beanstalk, lam):
        for step in plan.steps:
            if step.role == "prerequisite":
                ev = step.evidence[0]
                assert 1 <= ev["line_start"] <= ev["line_end"] <= len(corpus_lines)
            assert step.text.startswith(step.title)


def _with_part_of(b, kind: str, family: str):
    """The build with a part_of relation the notes imply (as the catalog's features do)."""
    b.graph.add_edge(
        f"service:{kind}", f"service:{family}", key="relation:part_of", kind="relation",
        relation="part_of", confidence=0.9,
        evidence=[{"source": "notes.md", "line_start": 1, "line_end": 1, "text": kind}],
    )  # fmt: skip
    b.cache.clear()
    return b


KMS_NOTES = (
    "# KMS keys\n\nKMS creates and guards encryption keys; key policies decide who may "
    "encrypt and decrypt with them.\n\n"
)
S3_NOTES = (
    "# Amazon S3\n\nS3 keeps objects in buckets; each object has a key and every bucket lives "
    "in one region.\n\n"
    "# SSE-KMS\n\nSSE-KMS encrypts each object under a KMS key you control; every upload and "
    "download calls KMS.\n\n"
)


@pytest.mark.parametrize("kms_first", [True, False])
def test_a_kinds_prerequisite_joins_a_plan_only_where_taught_before_the_service(
    notes_build, kms_first
):
    notes = KMS_NOTES + S3_NOTES if kms_first else S3_NOTES + KMS_NOTES
    b = _with_part_of(notes_build("# Cloud Notes\n\nMy own words\n\n" + notes), "SSE-KMS", "S3")
    assert prereq_graph(b).has_edge("KMS", "SSE-KMS")
    plan = plan_study(b, ["S3"])
    assert "SSE-KMS" in {s.service for s in plan.steps}
    assert ("KMS" in {s.service for s in plan.steps}) == kms_first
