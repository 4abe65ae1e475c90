"""Typed relation extraction on sentences we wrote: each type, direction, negatives."""

import pytest

from ingest.catalog import load_catalog
from ingest.concepts import build_concepts
from ingest.relations import RELATION_TYPES, extract_relations
from ingest.sections import assign_sections
from ingest.slides import parse_markdown


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def relations_of(text, catalog):
    parsed, _ = parse_markdown(text, "notes.md", "notes")
    # Sets each slide's section, which concepts group by and take a topic from, as a build does.
    sections = assign_sections(parsed, 0, catalog)
    concepts = build_concepts(parsed.slides, catalog, 0, sections)
    return {(r.source, r.target, r.relation): r for r in extract_relations(concepts, catalog)}


def deck(title, *bullets):
    body = "\n".join(f"- {b}" for b in bullets)
    return f"# Intro\n\nwords\n\n# {title}\n\n{body}\n"


def listed(title, lead, *items):
    """A slide whose items hang under one lead bullet."""
    body = "\n".join(f"  - {i}" for i in items)
    return f"# Intro\n\nwords\n\n# {title}\n\n- {lead}\n{body}\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        (deck("Uploads", "S3 invokes a Lambda function when an object is created"),
         ("S3", "Lambda", "invokes")),
        (deck("Lambda – Event Source Mapping", "SQS queues", "Kinesis Data Streams"),
         ("Lambda", "SQS", "event_source_mapping")),
        (deck("Fan-out", "SNS publishes each message to several SQS queues"),
         ("SNS", "SQS", "publishes_to")),
        (deck("Queues", "an SQS queue subscribes to an SNS topic"),
         ("SQS", "SNS", "subscribes_to")),
        (deck("Streaming delivery", "Kinesis Data Firehose loads records into S3"),
         ("Kinesis Data Firehose", "S3", "stores_in")),
        (deck("CloudFront – S3 as an origin", "serve a bucket worldwide"),
         ("S3", "CloudFront", "origin_of")),
        (deck("Workers", "SWF activity code runs on EC2 instances"),
         ("SWF", "EC2", "runs_on")),
        (deck("Releases", "CodeDeploy deploys new revisions to EC2 instances"),
         ("CodeDeploy", "EC2", "deploys_to")),
        (deck("Workflows", "Step Functions orchestrates ECS tasks and Lambda functions"),
         ("Step Functions", "ECS", "orchestrates")),
        (deck("Projects", "CodeStar regroups CodeBuild and CodeDeploy in one dashboard"),
         ("CodeStar", "CodeBuild", "bundles")),
        (deck("Keys", "EBS volumes are encrypted with KMS keys"),
         ("KMS", "EBS", "encrypts")),
        (deck("App users", "Cognito User Pools authenticate users for the ALB"),
         ("Cognito User Pools", "ALB", "authenticates")),
        (deck("Access", "IAM policies grant permissions on DynamoDB tables"),
         ("IAM", "DynamoDB", "authorizes")),
        (deck("Alarms", "CloudWatch monitors the CPU metric of EC2 instances"),
         ("CloudWatch", "EC2", "monitors")),
        (deck("Build output", "CodeBuild sends its logs to CloudWatch Logs"),
         ("CodeBuild", "CloudWatch Logs", "logs_to")),
        (deck("Lambda Tracing with X-Ray", "turn on active tracing"),
         ("X-Ray", "Lambda", "traces")),
        (deck("Read path", "ElastiCache caches query results from RDS"),
         ("ElastiCache", "RDS", "caches")),
        (deck("Read replicas", "Aurora replicates data to S3 backups"),
         ("Aurora", "S3", "replicates_to")),
        (deck("Web tier", "the ALB load balances requests across ECS tasks"),
         ("ALB", "ECS", "load_balances")),
        (deck("Containers", "the ASG scales the ECS cluster through a capacity provider"),
         ("ASG", "ECS", "scales")),
        (deck("Types of load balancer", "Application Load Balancer", "Network Load Balancer"),
         ("ALB", "ELB", "part_of")),
        (deck("S3 storage classes", "S3 Standard for hot data", "Amazon Glacier"),
         ("Glacier", "S3", "part_of")),
        (deck("DAX vs ElastiCache", "pick one for your cache"),
         ("DAX", "ElastiCache", "alternative_to")),
        (deck("Pipelines", "CodeBuild builds the Docker images for ECS"),
         ("CodeBuild", "ECS", "builds_for")),
        (deck("Events", "AppSync integrates with Aurora for custom resolvers"),
         ("AppSync", "Aurora", "integrates_with")),
        (deck("Containers", "ECS fetches each task's image from ECR at start"),
         ("ECS", "ECR", "pulls_from")),
        (deck("Delivery", "Kinesis Data Firehose reads from a Kinesis Data Stream"),
         ("Kinesis Data Firehose", "Kinesis Data Streams", "pulls_from")),
        (deck("DNS", "Route 53 alias records point the apex domain at the ALB"),
         ("Route 53", "ALB", "routes_to")),
        (deck("Scripts", "the CLI calls STS to get a session token"),
         ("CLI", "STS", "calls")),
        (deck("TLS", "ACM issues the certificate that CloudFront serves"),
         ("ACM", "CloudFront", "encrypts")),
        (deck("Event buses", "EventBridge replaces CloudWatch Events"),
         ("EventBridge", "CloudWatch Events", "replaces")),
    ],
)  # fmt: skip
def test_each_relation_type_is_found_with_its_direction(catalog, text, expected):
    found = relations_of(text, catalog)
    assert expected in found, sorted(found)
    rel = found[expected]
    assert rel.evidence and rel.evidence[0].source == "notes.md"
    assert 0 < rel.confidence <= 1


def test_every_vocabulary_type_is_covered_by_a_case():
    covered = {
        "invokes", "event_source_mapping", "publishes_to", "subscribes_to", "stores_in",
        "origin_of", "runs_on", "deploys_to", "builds_for", "orchestrates", "encrypts",
        "authenticates", "authorizes", "monitors", "logs_to", "traces", "caches",
        "replicates_to", "load_balances", "scales", "part_of", "alternative_to", "integrates_with",
        "pulls_from", "routes_to", "calls", "replaces", "bundles",
    }  # fmt: skip
    assert covered == set(RELATION_TYPES)


@pytest.mark.parametrize(
    "text",
    [
        deck("Overview", "This course covers SQS and DynamoDB in later chapters at length."),
        deck("Limits", "SQS does not invoke Lambda by itself"),
        deck("Storage", "Unlike EFS, EBS volumes stay in one AZ"),
        deck("Caching", "ElastiCache is in memory, but DynamoDB is serverless"),
    ],
)
def test_co_mention_negation_and_contrast_are_not_relations(catalog, text):
    found = relations_of(text, catalog)
    assert not [k for k in found if k[2] != "alternative_to"], found


def test_an_event_source_mapping_polls_only_queues_and_streams(catalog):
    destinations = (
        "# Intro\n\nwords\n\n# Lambda – Destinations\n\n"
        "- Event source mapping: where discarded batches go\n  - Amazon SQS\n  - Amazon SNS\n"
    )
    found = relations_of(destinations, catalog)
    assert ("Lambda", "SNS", "event_source_mapping") not in found  # SNS is never polled
    # Polling named by something that is not Lambda is not an event source mapping either.
    policy = relations_of(deck("SAM policy templates", "a policy that allows to poll SQS"), catalog)
    assert ("SAM", "SQS", "event_source_mapping") not in policy
    # Lambda polling a queue still is.
    polled = relations_of(deck("Lambda and queues", "Lambda polls the SQS queue"), catalog)
    assert ("Lambda", "SQS", "event_source_mapping") in polled


def test_a_service_named_as_the_means_is_not_the_object(catalog):
    https = deck("Elastic Beanstalk HTTPS", "The certificate can be provisioned using ACM or CLI")
    found = relations_of(https, catalog)
    assert not [k for k in found if k[2] == "orchestrates"], found
    rds = relations_of(deck("Elastic Beanstalk", "it provisions an RDS database for you"), catalog)
    assert ("Elastic Beanstalk", "RDS", "orchestrates") in rds
    # Whatever the relation, and with an article before the name.
    sdk = relations_of(
        deck("SNS publishing", "publish a message to a topic using the SDK"), catalog
    )
    # The SDK is no object of the topic (it calls SNS: see the client-tool test).
    assert not [k for k in sdk if k[1] == "SDK"], sdk


def test_an_origin_is_named_as_one(catalog):
    edge_code = deck("Lambda@Edge hooks", "code runs when CloudFront sends a request to the origin")
    assert not [k for k in relations_of(edge_code, catalog) if k[2] == "origin_of"]
    origins = relations_of(deck("CloudFront origins", "an S3 bucket", "an EC2 instance"), catalog)
    assert ("S3", "CloudFront", "origin_of") in origins
    assert ("EC2", "CloudFront", "origin_of") in origins


def test_a_statement_with_its_own_subject_does_not_speak_for_the_topic(catalog):
    library = relations_of(deck("Kinesis consumers", "KCL can run on EC2 or on premises"), catalog)
    assert ("Kinesis", "EC2", "runs_on") not in library
    member = deck("Kinesis overview", "Kinesis Firehose: delivers the records into S3 buckets")
    found = relations_of(member, catalog)
    assert ("Kinesis Data Firehose", "S3", "stores_in") in found
    assert ("Kinesis", "S3", "stores_in") not in found
    # The topic itself, or a form of the subject, still relates.
    logs = deck("CloudWatch Logs sources", "VPC Flow Logs: the traffic logs of a VPC")
    assert ("VPC", "CloudWatch Logs", "logs_to") in relations_of(logs, catalog)
    # A clause, or the words after a colon, can open on a subject of its own.
    api = deck(
        "API Gateway security", "IAM checks signatures, Cognito User Pools authenticate users"
    )
    assert ("Cognito User Pools", "API Gateway", "authenticates") in relations_of(api, catalog)
    sse = deck("S3 encryption", "SSE-KMS: KMS encrypts the objects with your own key")
    assert ("KMS", "S3", "encrypts") in relations_of(sse, catalog)


def test_a_lead_naming_one_of_the_title_services_is_the_topic_of_its_items(catalog):
    text = (
        "# Intro\n\nwords\n\n# SQS vs SNS\n\n- SNS:\n  - integrates with Lambda and SQS\n"
        "- SQS:\n  - messages stay until deleted\n"
    )
    found = relations_of(text, catalog)
    assert any(k[:2] == ("SNS", "Lambda") for k in found), found
    assert not any("Lambda" in k[:2] and "SQS" in k[:2] for k in found), found


def test_a_stated_role_that_does_not_fit_is_not_swapped_for_another(catalog):
    found = relations_of(deck("AWS KMS", "integrated with IAM for authorization"), catalog)
    assert ("KMS", "IAM", "encrypts") not in found
    assert ("KMS", "IAM", "integrates_with") in found


def test_an_item_opening_on_a_member_of_the_topic_family_is_part_of_it(catalog):
    found = relations_of(
        deck("Kinesis overview", "Kinesis Streams: records kept in shards"), catalog
    )
    assert ("Kinesis Data Streams", "Kinesis", "part_of") in found
    # Named further on, the member is only mentioned.
    later = relations_of(deck("Kinesis overview", "consumers read Kinesis Streams"), catalog)
    assert not [k for k in later if k[2] == "part_of"], later


def test_a_pipeline_stage_list_names_what_the_pipeline_orchestrates(catalog):
    found = relations_of(deck("CodePipeline", "Source: CodeCommit", "Build: CodeBuild"), catalog)
    # Its source stage is where the pipeline takes its code from, not a service it runs.
    assert ("CodePipeline", "CodeCommit", "pulls_from") in found
    assert ("CodePipeline", "CodeBuild", "orchestrates") in found
    # A service that orchestrates nothing takes no stage label as a cue.
    plain = relations_of(deck("CodeBuild", "Source: CodeCommit"), catalog)
    assert not [k for k in plain if k[2] == "orchestrates"], plain


def test_a_service_that_uses_another_is_joined_to_it_in_text_order(catalog):
    found = relations_of(deck("Deploy tools", "SAM relies on and uses CodeDeploy"), catalog)
    assert ("SAM", "CodeDeploy", "integrates_with") in found
    # "integrated with" names no agent: the subject stays the source.
    joined = relations_of(deck("Source control", "CodeCommit is integrated with X-Ray"), catalog)
    assert ("CodeCommit", "X-Ray", "integrates_with") in joined, joined
    # A real passive still flips: the agent after "by" acts.
    passive = relations_of(deck("Functions", "Lambda is invoked by API Gateway"), catalog)
    assert ("API Gateway", "Lambda", "invokes") in passive, passive


def test_a_services_own_notifications_go_to_the_notifier(catalog):
    found = relations_of(deck("SNS topics", "Auto Scaling Groups notifications"), catalog)
    assert ("ASG", "SNS", "publishes_to") in found, found
    assert ("SNS", "ASG", "publishes_to") not in found
    # On a slide about another service, "SNS notifications" go out through SNS.
    out = relations_of(deck("CodeBuild", "SNS notifications"), catalog)
    assert ("CodeBuild", "SNS", "publishes_to") in out, out


def test_nothing_publishes_to_a_developer_tool(catalog):
    found = relations_of(deck("SNS topics", "publish to mobile apps with the SDK"), catalog)
    assert not [k for k in found if k[1] == "SDK" and k[2] == "publishes_to"], found


def test_a_service_built_on_another_runs_on_it(catalog):
    found = relations_of(deck("SAM recap", "SAM is built on CloudFormation"), catalog)
    assert ("SAM", "CloudFormation", "runs_on") in found, found


def test_a_title_naming_two_services_speaks_of_the_one_its_slide_is_about(catalog):
    found = relations_of(
        deck(
            "DynamoDB - DAX",
            "DAX stands for DynamoDB Accelerator",
            "a cache in front of DynamoDB tables",
            "encryption at rest with KMS",
        ),
        catalog,
    )
    # The slide is about DAX: its bullets speak of DAX, even of the other title service.
    assert ("DAX", "DynamoDB", "caches") in found, found
    assert ("KMS", "DAX", "encrypts") in found and ("KMS", "DynamoDB", "encrypts") not in found


def test_a_service_in_front_of_another_acts_on_it_by_its_role(catalog):
    found = relations_of(deck("Static sites", "use CloudFront in front of an S3 bucket"), catalog)
    assert ("CloudFront", "S3", "caches") in found, found


def test_a_joining_word_binds_the_names_it_stands_between(catalog):
    found = relations_of(
        deck("Releases", "SAM uses CodeDeploy to shift traffic to a new Lambda version"),
        catalog,
    )
    assert ("SAM", "CodeDeploy", "integrates_with") in found, found
    assert not [k for k in found if k[:2] == ("SAM", "Lambda")], found
    # Across a list, the first name still reaches every item.
    across = relations_of(deck("Tools", "the CLI uses CodeDeploy and CloudFormation"), catalog)
    assert [k for k in across if set(k[:2]) == {"CLI", "CloudFormation"}], across


def test_one_fact_on_several_slides_is_one_edge_with_all_evidence(catalog):
    text = (
        deck("Uploads", "S3 invokes a Lambda function for each new object")
        + "\n# Thumbnails\n\n- S3 invokes Lambda to resize images\n"
    )
    found = relations_of(text, catalog)
    edge = found[("S3", "Lambda", "invokes")]
    assert [e.line_start for e in edge.evidence] == [7, 11]


def test_sample_notes_yield_relations_in_notes_style(sample_build):
    from graph.relations import relation_edges
    from graph.store import load_build

    edges = relation_edges(load_build(sample_build))
    triples = {(e["source"], e["target"], e["relation"]) for e in edges}
    assert ("Lambda", "SQS", "event_source_mapping") in triples
    assert ("SNS", "SQS", "publishes_to") in triples
    assert ("X-Ray", "Lambda", "traces") in triples
    assert ("S3", "CloudFront", "origin_of") in triples
    for e in edges:
        assert e["evidence"] and all(ev["line_start"] >= 1 for ev in e["evidence"])


def test_a_developer_tool_that_holds_data_can_be_encrypted(catalog):
    found = relations_of(
        deck("Git hosting", "repositories are encrypted at rest with KMS"), catalog
    )
    assert ("KMS", "CodeCommit", "encrypts") not in found  # the slide names no repository service
    found = relations_of(
        deck("CodeCommit security", "repositories are encrypted at rest with KMS"), catalog
    )
    assert ("KMS", "CodeCommit", "encrypts") in found, found


def test_a_denial_after_the_integration_word_does_not_undo_it(catalog):
    found = relations_of(
        deck("CodeStar", "integrates with Cloud9 for a browser IDE (not in every region)"),
        catalog,
    )
    assert ("CodeStar", "Cloud9", "integrates_with") in found, found
    denied = relations_of(deck("CodeStar", "does not integrate with Cloud9"), catalog)
    assert not [k for k in denied if "Cloud9" in k[:2]], denied


def test_an_untitled_slide_of_a_service_section_relates_what_it_integrates_with(catalog):
    text = (
        "# Intro\n\nwords\n\n# Route 53 Section\n\n# Probing endpoints\n\n"
        "- three failed probes mark an endpoint unhealthy\n"
        "- the probes can be integrated with CloudWatch alarms\n"
    )
    found = relations_of(text, catalog)
    assert ("CloudWatch", "Route 53", "monitors") in found, found


def test_a_function_that_reads_from_a_stream_maps_it_as_an_event_source(catalog):
    found = relations_of(
        deck("Lambda execution roles", "a managed role to read from Kinesis"), catalog
    )
    assert ("Lambda", "Kinesis", "event_source_mapping") in found, found


def test_what_a_service_pulls_from_it_pulls_from(catalog):
    found = relations_of(deck("Container images", "ECS pulls task images from ECR"), catalog)
    assert set(found) == {("ECS", "ECR", "pulls_from")}, found
    # A permission to pull says what a service may do, not what it does.
    allowed = relations_of(deck("Agents", "grant EC2 the right to pull from S3"), catalog)
    assert not any(k[2] in ("stores_in", "pulls_from") for k in allowed), allowed


def test_a_pair_reads_in_the_order_of_its_own_mentions(catalog):
    # ECR is named first in the statement, but the clause relating the two names ECS first.
    found = relations_of(deck("Registries", "ECR keeps images. ECS pulls them from ECR"), catalog)
    assert ("ECS", "ECR", "pulls_from") in found and ("ECR", "ECS", "pulls_from") not in found


def test_forwarding_or_spreading_traffic_is_load_balancing(catalog):
    found = relations_of(
        deck("What a load balancer does", "it forwards incoming traffic to many EC2 instances"),
        catalog,
    )
    assert ("ELB", "EC2", "load_balances") in found, found
    found = relations_of(deck("EC2 in short", "spreading the load over servers (ELB)"), catalog)
    assert ("ELB", "EC2", "load_balances") in found, found


def test_items_under_a_lead_that_sends_to_the_topic_are_the_senders(catalog):
    lead = "Several services send events straight to SNS"
    for text in (
        listed("SNS sources", f"{lead}:", "CloudWatch, for alarms"),
        # A line about "several services" introduces the list after it, colon or not.
        f"# Intro\n\nwords\n\n# SNS sources\n\n- {lead}\n- CloudWatch, for alarms\n",
    ):
        found = relations_of(text, catalog)
        assert ("CloudWatch", "SNS", "publishes_to") in found, found
        assert ("SNS", "CloudWatch", "publishes_to") not in found, found


def test_nothing_is_stored_in_a_developer_tool(catalog):
    text = listed(
        "ECR",
        "Images are stored in private repositories; to log in:",
        "CLI v2 login command (asked in the exam)",
    )
    found = relations_of(text, catalog)
    assert not [k for k in found if k[1] == "CLI"], found


def test_a_cache_takes_load_off_what_it_stores_data_from(catalog):
    found = relations_of(deck("Caching layer", "ElastiCache takes read load off RDS"), catalog)
    assert ("ElastiCache", "RDS", "caches") in found, found
    found = relations_of(
        deck("Cache pattern", "on a miss, read from RDS and store the row in ElastiCache"),
        catalog,
    )
    assert ("ElastiCache", "RDS", "caches") in found, found
    assert ("RDS", "ElastiCache", "stores_in") not in found, found


@pytest.mark.parametrize(
    "text, expected",
    [
        pytest.param(
            listed(
                "CloudWatch Logs inputs", "Logs are gathered from:", "CloudTrail, after a filter"
            ),
            ("CloudTrail", "CloudWatch Logs", "logs_to"),
            id="a-monitoring-service-sends-its-logs-on",
        ),
        pytest.param(
            listed(
                "CloudWatch Logs exports",
                "Exported log groups go to:",
                "a nightly batch job to S3 for long-term archiving",
            ),
            ("CloudWatch Logs", "S3", "stores_in"),
            id="where-data-moves-to-is-its-destination",
        ),
        pytest.param(
            listed(
                "SNS sources",
                "Several services send events straight to SNS:",
                "CloudFormation (when a stack fails to build, and so on)",
            ),
            ("CloudFormation", "SNS", "publishes_to"),
            id="a-bracketed-remark-leaves-an-item-bare",
        ),
        *(
            pytest.param(
                listed(
                    "CloudFormation stacks",
                    "In a CloudFormation template I declare:",
                    "one EC2 instance",
                    "a bucket in S3",
                ),
                ("CloudFormation", name, "orchestrates"),
                id=f"what-a-template-declares-its-service-creates-{name}",
            )
            for name in ("EC2", "S3")
        ),
    ],
)
def test_an_item_is_read_with_its_lead(catalog, text, expected):
    found = relations_of(text, catalog)
    assert expected in found, found


def test_a_client_tool_named_as_the_means_calls_the_service_and_is_placed_nowhere(catalog):
    # Whatever the step (tail, upload, log in), the tool is used to call the service.
    found = relations_of(deck("CloudWatch Logs tips", "tail a log group using the CLI"), catalog)
    assert set(found) == {("CLI", "CloudWatch Logs", "calls")}, found
    denied = relations_of(deck("CloudWatch Logs tips", "you cannot tail it using the CLI"), catalog)
    assert not denied, denied
    # Where a tool is used says nothing of services: the SDK runs on nothing, calls nothing.
    found = relations_of(deck("Access from code", "using the SDK on our EC2 instances"), catalog)
    assert not found, found
    # Two means of one task do not call each other.
    found = relations_of(
        deck("Elastic Beanstalk HTTPS", "a certificate provisioned using ACM or the CLI"), catalog
    )
    assert ("CLI", "ACM", "calls") not in found, found


def test_a_client_tool_calls_what_its_commands_or_code_are_against(catalog):
    found = relations_of(deck("SDK notes", "the SDK for coding against DynamoDB"), catalog)
    assert set(found) == {("SDK", "DynamoDB", "calls")}, found
    # What a service does to a tool's calls relates nothing: CloudTrail audits any caller.
    found = relations_of(deck("CloudTrail", "it audits the API calls from the SDK"), catalog)
    assert not found, found


def test_a_label_bullet_naming_a_member_speaks_for_its_items(catalog):
    # Our words: a Cognito overview whose sub-bullets hang under the part they describe.
    text = listed("Cognito parts", "**Cognito Sync:**", "retired and replaced by AppSync")
    found = relations_of(text, catalog)
    assert ("AppSync", "Cognito Sync", "replaces") in found, found
    assert not any(src == "Cognito" and dst == "AppSync" for src, dst, _ in found), found
    # A label naming another service is how the slide's service uses it: Lambda still logs.
    text = listed("Lambda observability", "CloudWatch Logs:", "the function writes its logs there")
    found = relations_of(text, catalog)
    assert not any(src == "CloudWatch Logs" for src, _, _ in found), found


def test_what_a_statement_starts_a_run_of_it_calls_and_a_posted_message_goes_in(catalog):
    found = relations_of(
        deck(
            "API Gateway backends",
            "a route can start a Step Functions execution directly",
            "or it can post messages into SQS for later",
        ),
        catalog,
    )
    assert ("API Gateway", "Step Functions", "invokes") in found, found
    assert ("API Gateway", "SQS", "publishes_to") in found, found
    # A Step Functions workflow is what Step Functions is, not what it orchestrates.
    assert ("Step Functions", "API Gateway", "orchestrates") not in found, found
    # Starting a machine is not calling it.
    found = relations_of(deck("Elastic IP", "a stopped EC2 instance that you start again"), catalog)
    assert not any(rel == "invokes" for _, _, rel in found), found


@pytest.mark.parametrize(
    "text",
    [
        deck("CodeStar", "one project that regroups CodeCommit, CodeBuild and CloudWatch"),
        deck("CodeStar", "CodeStar bundles CodeCommit, CodeBuild and CloudWatch in one project"),
        deck("CodeStar", "CodeStar brings together CodeCommit, CodeBuild and CloudWatch"),
        deck("CodeStar", "CodeStar is a bundle of CodeCommit, CodeBuild and CloudWatch"),
    ],
)
def test_the_parts_a_bundle_regroups_are_bundled_not_cast_in_their_roles(catalog, text):
    found = relations_of(text, catalog)
    for part in ("CodeCommit", "CodeBuild", "CloudWatch"):
        assert ("CodeStar", part, "bundles") in found, found
    assert ("CloudWatch", "CodeStar", "monitors") not in found, found


def test_a_bundle_as_a_noun_bundles_nothing(catalog):
    found = relations_of(deck("Elastic Beanstalk", "Keep the source bundle in S3"), catalog)
    assert not any(rel == "bundles" for _, _, rel in found), found


def test_a_sub_heading_leads_the_list_under_it(catalog):
    text = "# Intro\n\nwords\n\n# ALB setup\n\n## Target groups\n\n- EC2 instances, over HTTP\n"
    found = relations_of(text, catalog)
    assert ("ALB", "EC2", "load_balances") in found, found


def test_a_service_placed_in_a_network_runs_on_it(catalog):
    found = relations_of(deck("Lambda networking", "a Lambda function inside your VPC"), catalog)
    assert ("Lambda", "VPC", "runs_on") in found, found
    # Reaching a service from within a network places nothing in it.
    found = relations_of(
        deck("DynamoDB access", "reach DynamoDB from within your VPC over an endpoint"), catalog
    )
    assert not any(rel == "runs_on" for _, _, rel in found), found


def test_where_a_services_events_turn_up_is_where_it_sends_them(catalog):
    found = relations_of(
        deck("CodeDeploy alerts", "CodeDeploy deployment changes show up in EventBridge"),
        catalog,
    )
    assert ("CodeDeploy", "EventBridge", "publishes_to") in found, found


def test_a_name_that_carries_its_role_says_what_it_does(catalog):
    found = relations_of(
        deck("Queue safety", "an IAM policy must permit each call to SQS"), catalog
    )
    assert ("IAM", "SQS", "authorizes") in found, found
    found = relations_of(
        deck("API Gateway numbers", "CloudWatch Metrics give request counts per stage"), catalog
    )
    assert ("CloudWatch", "API Gateway", "monitors") in found, found
    # A list of peers relates nothing, and a name that only says what the service is
    # ("Application Load Balancer") is no cue of its own.
    assert not relations_of(deck("Tooling", "CLI, SDK and IAM policies"), catalog)
    found = relations_of(
        deck("Lambda callers", "called synchronously by an Application Load Balancer"), catalog
    )
    assert not any(rel == "load_balances" for _, _, rel in found), found


def test_a_pipelines_deploy_stage_orchestrates_its_services(catalog):
    found = relations_of(
        deck("CodePipeline", "Deploy: CodeDeploy / Elastic Beanstalk / CloudFormation"), catalog
    )
    for name in ("CodeDeploy", "CloudFormation"):
        assert ("CodePipeline", name, "orchestrates") in found, found
    # Where the stage deploys to a compute service, it says so.
    assert ("CodePipeline", "Elastic Beanstalk", "deploys_to") in found, found


def test_each_server_side_encryption_method_is_part_of_the_bucket_and_only_that(catalog):
    text = listed(
        "Encrypting objects in S3",
        "Three ways to protect what S3 holds:",
        "SSE-S3: encryption keys that S3 owns and rotates",
        "SSE-KMS: the keys live in KMS",
        "SSE-C: you hand over your own encryption key on each call",
    )
    found = relations_of(text, catalog)
    for method in ("SSE-S3", "SSE-KMS", "SSE-C"):
        # What the method does for S3 is what being that part of S3 means: one edge.
        assert [k for k in found if k[0] == method] == [(method, "S3", "part_of")], found
    # A method is no mere integration of the bucket it encrypts.
    assert not any(k[1] == "SSE-S3" and k[2] == "integrates_with" for k in found)


def test_a_bullet_telling_to_use_a_service_relates_it_to_the_slides_service(catalog):
    text = deck(
        "CodeBuild tips",
        "Keep passwords out of the spec file: use SSM Parameter Store",
        "Use CloudWatch Alarms to page someone when too many runs fail",
    )
    found = relations_of(text, catalog)
    assert ("CodeBuild", "SSM Parameter Store", "integrates_with") in found, sorted(found)
    # The used service's role types the relation only where the step names it: paging
    # someone is no monitoring of CodeBuild by CloudWatch.
    assert ("CodeBuild", "CloudWatch", "integrates_with") in found, sorted(found)
    assert ("CloudWatch", "CodeBuild", "monitors") not in found, sorted(found)
    # A label that opens an item of a list is no use of it, and a negated use is none.
    models = listed(
        "Decoupling with SQS", "Ways to decouple:", "using SNS: pub/sub", "use Kinesis: streams"
    )
    assert not any("Kinesis" in k[:2] for k in relations_of(models, catalog))
    negated = deck("AWS SDK", "Call services from code without having to use the CLI")
    assert not any("CLI" in k[:2] for k in relations_of(negated, catalog))


def test_a_title_comparing_three_services_compares_every_two(catalog):
    found = relations_of(deck("SQS vs SNS vs Kinesis", "pick by how consumers read"), catalog)
    pairs = {frozenset(k[:2]) for k in found if k[2] == "alternative_to"}
    assert pairs == {
        frozenset(p) for p in (("SQS", "SNS"), ("SNS", "Kinesis"), ("SQS", "Kinesis"))
    }, found
    # A dash is no comparison: only the names either side of "vs" are compared.
    found = relations_of(deck("DynamoDB – DAX vs ElastiCache", "two caches"), catalog)
    assert not any(k[2] == "alternative_to" and "DynamoDB" in k[:2] for k in found), found


def test_a_dash_or_for_between_two_names_in_a_title_joins_that_pair(catalog):
    found = relations_of(
        deck("Cognito Identity Pools – DynamoDB", "each app user may touch only their own rows"),
        catalog,
    )
    assert ("Cognito Identity Pools", "DynamoDB", "authorizes") in found, sorted(found)
    found = relations_of(deck("CloudWatch Logs for EC2", "the agent ships the files"), catalog)
    assert ("EC2", "CloudWatch Logs", "logs_to") in found, sorted(found)
    # It joins the two names either side only: the title's third name is not joined to them.
    found = relations_of(deck("CloudFront – ALB or EC2 behind it", "dynamic content"), catalog)
    assert not any({"ALB", "EC2"} == set(k[:2]) for k in found), sorted(found)


def test_a_client_tool_named_beside_a_service_in_a_title_calls_it(catalog):
    found = relations_of(deck("DynamoDB CLI tips", "page through big scans"), catalog)
    assert ("CLI", "DynamoDB", "calls") in found, sorted(found)
    found = relations_of(deck("AWS CLI STS tricks", "read an encoded denial"), catalog)
    assert ("CLI", "STS", "calls") in found, sorted(found)


def test_what_is_uploaded_to_a_service_is_stored_there_but_logs_are_not_storage(catalog):
    text = deck("SAM commands", "sam package: zips the code and uploads it to Amazon S3")
    assert ("SAM", "S3", "stores_in") in relations_of(text, catalog)
    # What others upload ("photos are uploaded to S3") is not stored by the one named first.
    text = deck("Thumbnails", "an app on EC2 makes thumbnails once photos are uploaded to S3")
    assert ("EC2", "S3", "stores_in") not in relations_of(text, catalog)
    logs = deck("Lambda basics", "the basic role lets a function upload its logs to CloudWatch")
    found = relations_of(logs, catalog)
    assert not any(k[2] == "stores_in" for k in found), sorted(found)


def test_the_means_a_clause_ends_on_relates_to_its_first_name(catalog):
    text = deck("Scaling on queue depth", "SQS works together with Auto Scaling via CloudWatch")
    found = relations_of(text, catalog)
    assert ("CloudWatch", "SQS", "monitors") in found, sorted(found)


def test_an_integration_stated_both_ways_is_one_edge(catalog):
    text = deck(
        "Glue",
        "Beanstalk integrates with CloudFormation",
        "CloudFormation integrates with Beanstalk",
    )
    found = [k for k in relations_of(text, catalog) if k[2] == "integrates_with"]
    assert len(found) == 1, found


def test_a_service_recommended_or_likened_on_the_slide_of_another_of_its_kind(catalog):
    text = deck("SWF", "workers poll for tasks", "Step Functions is preferred for anything new")
    assert ("Step Functions", "SWF", "replaces") in relations_of(text, catalog)
    # A monitor recommended on a compute slide replaces nothing.
    text = deck("EC2 tips", "CloudWatch is strongly recommended for watching the CPU")
    assert not any(k[2] in ("alternative_to", "replaces") for k in relations_of(text, catalog))
    # Likened to another of its kind, it is compared with it; a feature likened to another
    # service's feature compares no services.
    text = deck("Aurora", "speaks the Postgres and MySQL protocols", "Similar to RDS: same engines")
    assert ("Aurora", "RDS", "alternative_to") in relations_of(text, catalog)
    text = deck("Lambda resource policies", "similar to S3 bucket policies, for a function")
    assert not any(k[2] == "alternative_to" for k in relations_of(text, catalog))


def test_data_moved_from_one_service_to_another_goes_to_the_second(catalog):
    # An export is a copy of the table's data, not where DynamoDB keeps its own.
    text = deck("Nightly copies", "a job copies every item from DynamoDB to S3")
    assert set(relations_of(text, catalog)) == {("DynamoDB", "S3", "replicates_to")}
    # A metric sent to CloudWatch is data about its sender: CloudWatch monitors it.
    text = deck("Custom metrics", "send a number from Lambda to CloudWatch each minute")
    assert set(relations_of(text, catalog)) == {("CloudWatch", "Lambda", "monitors")}
    text = deck("Change feed", "stream every change from DynamoDB into Kinesis")
    assert ("DynamoDB", "Kinesis", "publishes_to") in relations_of(text, catalog)
    # Without a verb that moves data, "from … to" is only a direction of traffic.
    text = deck("Listeners", "requests flow from ALB to EC2 on port 80")
    assert not any(k[2] in ("stores_in", "publishes_to") for k in relations_of(text, catalog))


def test_calls_to_a_service_invoke_it_and_what_they_are_for_is_not_called(catalog):
    text = deck("Encryption SDK", "caching data keys means fewer calls to KMS")
    assert ("Encryption SDK", "KMS", "calls") in relations_of(text, catalog)
    found = relations_of(deck("Limits", "S3 makes calls to KMS for SSE-KMS uploads"), catalog)
    assert ("S3", "KMS", "invokes") in found, sorted(found)
    assert not any(k[:2] == ("S3", "SSE-KMS") for k in found), sorted(found)


def test_a_service_set_against_the_slides_service_in_another_clause_is_its_alternative(catalog):
    text = deck(
        "Application Load Balancer",
        "one balancer routes to many apps by path",
        "In comparison, you would run one Classic Load Balancer per app",
    )
    assert ("ALB", "CLB", "alternative_to") in relations_of(text, catalog)


def test_resources_a_service_lets_you_add_are_what_it_creates(catalog):
    text = deck(
        "Elastic Beanstalk config files",
        "settings live in files next to the code",
        "you can add resources such as a DynamoDB table or an SQS queue",
    )
    found = relations_of(text, catalog)
    for other in ("DynamoDB", "SQS"):
        assert ("Elastic Beanstalk", other, "orchestrates") in found, sorted(found)


def test_services_offered_as_choices_are_alternatives_to_each_other(catalog):
    text = deck(
        "Running containers", "Three choices:", "ECS: the AWS way", "EKS: Kubernetes",
        "Fargate: no servers",
    )  # fmt: skip
    found = relations_of(text, catalog)
    # Fargate is a launch type of ECS (the catalog says so): a part is no alternative, and
    # no line names the two together, so they are not related at all.
    assert {frozenset(k[:2]) for k in found if k[2] == "alternative_to"} == {
        frozenset(("ECS", "EKS")),
        frozenset(("Fargate", "EKS")),
    }, sorted(found)
    assert not any({"ECS", "Fargate"} == set(k[:2]) for k in found), sorted(found)
    # Items under a lead that offers no choice are not set against each other.
    text = deck("Running containers", "Used here:", "ECS: the AWS way", "Fargate: no servers")
    assert not any(k[2] == "alternative_to" for k in relations_of(text, catalog))


def test_a_ci_cd_project_for_a_service_deploys_to_it(catalog):
    # CodeStar and Elastic Beanstalk both deploy code: only the compute side is deployed to.
    text = deck("CodeStar", "Sets up CI/CD projects for Lambda and Beanstalk in minutes")
    found = relations_of(text, catalog)
    assert ("CodeStar", "Lambda", "deploys_to") in found, sorted(found)
    assert ("CodeStar", "Elastic Beanstalk", "deploys_to") in found, sorted(found)
    assert ("Elastic Beanstalk", "CodeStar", "deploys_to") not in found


def test_a_service_ruled_out_in_a_remark_is_not_related(catalog):
    text = deck("The tools", "CodeDeploy: deploys your code to EC2 machines (not Lambda)")
    found = relations_of(text, catalog)
    assert ("CodeDeploy", "EC2", "deploys_to") in found, sorted(found)
    assert not any({"CodeDeploy", "Lambda"} == set(k[:2]) for k in found), sorted(found)


def test_a_service_the_slides_service_is_used_with_is_related(catalog):
    # "using X" tells the means, as "use X" does: X plays its own role for the slide's
    # service only where the step names it. A rollback is no monitoring of SAM.
    found = relations_of(deck("SAM", "Failed releases roll back using CloudWatch Alarms"), catalog)
    assert set(found) == {("SAM", "CloudWatch", "integrates_with")}, sorted(found)
    found = relations_of(deck("EFS", "Encryption at rest using KMS keys"), catalog)
    assert set(found) == {("KMS", "EFS", "encrypts")}, sorted(found)
    # Without a role that fits, the two work together, the used one learnt first, passive or not.
    text = deck("Aurora", "Database users are authenticated using IAM tokens")
    found = relations_of(text, catalog)
    assert ("Aurora", "IAM", "integrates_with") in found, sorted(found)


def test_a_versus_label_sets_the_slides_service_against_the_ones_it_names(catalog):
    text = listed(
        "DynamoDB as a cache for user sessions",
        "**vs ElastiCache:**",
        "ElastiCache keeps them in memory, but you run the cluster",
    )
    found = relations_of(text, catalog)
    assert ("DynamoDB", "ElastiCache", "alternative_to") in found, sorted(found)
    # Compared, not cached: the cache word in the title says what both are used as.
    assert ("ElastiCache", "DynamoDB", "caches") not in found, sorted(found)
    found = relations_of(deck("DynamoDB for user sessions", "vs EFS & S3:"), catalog)
    assert {k for k in found if k[2] == "alternative_to"} == {
        ("DynamoDB", "EFS", "alternative_to"),
        ("DynamoDB", "S3", "alternative_to"),
    }, sorted(found)


def test_a_bare_items_evidence_says_where_it_stands(catalog):
    from graph.relations import statement

    text = listed("Lambda triggers", "Called asynchronously by:", "Amazon SNS")
    edge = relations_of(text, catalog)[("SNS", "Lambda", "invokes")]
    ev = edge.evidence[0].to_dict()
    assert ev["text"] == "Amazon SNS"
    assert ev["context"] == "Lambda triggers › Called asynchronously by:"
    # Shown with its title and lead, as the bare name says nothing of how the two relate.
    assert statement(ev) == "Lambda triggers › Called asynchronously by: Amazon SNS"
    # A statement that speaks for itself is shown as it is, and long ones are cut.
    long = {"text": "SNS invokes the function for every message it fans out " * 4,
            "context": "Lambda triggers"}  # fmt: skip
    shown = statement(long, width=60)
    assert len(shown) <= 60 and shown.startswith("SNS invokes") and shown.endswith("…")
    assert long["text"].startswith(shown[:-1] + " ")  # cut at a word
    # Builds from before the context was stored still show their statements.
    assert statement({"text": "Amazon SNS"}) == "Amazon SNS"


def test_every_name_of_a_bullet_listing_services_takes_the_title_relation(catalog):
    # A label before the list, or none: each listed name calls the title's service, not
    # only the first (which a list of names does not make the subject of the rest); the
    # tools among them are used to call it.
    for bullet in ("Callers: CLI, SDK, API Gateway, ALB", "CLI, SDK, API Gateway, ALB"):
        rels = relations_of(deck("Lambda – Synchronous Invocations", bullet), catalog)
        sources = {(s, r) for s, t, r in rels if t == "Lambda"}
        assert sources == {
            ("CLI", "calls"), ("SDK", "calls"), ("API Gateway", "invokes"), ("ALB", "invokes"),
        }, (bullet, sorted(rels))  # fmt: skip


def test_a_service_named_as_an_authorizer_authorizes(catalog):
    # Lambda does not authorize by nature (the catalog says IAM does); as an authorizer it does.
    rels = relations_of(deck("API Gateway – Lambda Authorizer", "Checks a bearer token"), catalog)
    assert ("Lambda", "API Gateway", "authorizes") in rels, sorted(rels)
    rels = relations_of(
        deck("API Gateway – Security", "A Lambda authorizer checks the request headers"), catalog
    )
    assert ("Lambda", "API Gateway", "authorizes") in rels, sorted(rels)
