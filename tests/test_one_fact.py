"""One fact, one edge: what a statement states, and how the edges of a pair are settled."""

import pytest

from tests.test_relations import catalog, deck, listed, relations_of

__all__ = ["catalog", "deck", "listed", "relations_of"]


def pair(found, a, b):
    return sorted(k for k in found if {k[0], k[1]} == {a, b})


def test_the_items_of_a_lead_are_what_the_cue_nearest_them_says(catalog):
    # "invocations" and "destinations" both cue the items; the nearer one says what they are.
    text = listed(
        "Lambda – Destinations",
        "Asynchronous invocations – where results can be sent, its destinations:",
        "Amazon SQS",
        "Amazon EventBridge",
    )
    found = relations_of(text, catalog)
    assert pair(found, "Lambda", "SQS") == [("Lambda", "SQS", "publishes_to")]
    assert pair(found, "Lambda", "EventBridge") == [("Lambda", "EventBridge", "publishes_to")]


def test_two_facts_that_flow_opposite_ways_are_two_edges(catalog):
    text = deck(
        "Topics and functions",
        "SNS invokes Lambda for every message a subscriber should get",
        "Lambda subscribes to SNS topics",  # the same fact, read the other way round
        "Lambda sends failed events to SNS as a destination",  # another fact
    )
    found = relations_of(text, catalog)
    assert pair(found, "Lambda", "SNS") == [
        ("Lambda", "SNS", "publishes_to"), ("SNS", "Lambda", "invokes"),
    ]  # fmt: skip
    # Each edge carries only the statements that state it.
    invoked = found[("SNS", "Lambda", "invokes")].evidence
    assert [e.text for e in invoked] == [
        "SNS invokes Lambda for every message a subscriber should get"
    ]


def test_one_type_stated_both_ways_keeps_the_better_founded_direction(catalog):
    text = deck(
        "Storage",
        "DynamoDB stores its exports in S3",
        "DynamoDB also stores backups in S3 for later",
        "S3 stores its inventory in DynamoDB",
    )
    found = relations_of(text, catalog)
    assert pair(found, "DynamoDB", "S3") == [("DynamoDB", "S3", "stores_in")]


@pytest.mark.parametrize(
    "text",
    [
        # One interaction read twice: Lambda polls SQS, SQS "invokes" Lambda.
        deck(
            "Queues and functions",
            "Lambda polls SQS in batches through an event source mapping",
            "SQS invokes Lambda with each batch",
        ),
        # What a role implies ("Lambda integrations: SQS": Lambda is invoked by nature)
        # gives way to what the text says.
        deck("AWS Lambda integrations", "SQS", "DynamoDB")
        + "\n# Polling\n\n- Lambda polls SQS through an event source mapping\n",
    ],
    ids=["read-twice", "role-gives-way"],
)
def test_one_fact_read_two_ways_keeps_the_edge_the_text_states(catalog, text):
    found = relations_of(text, catalog)
    assert pair(found, "Lambda", "SQS") == [("Lambda", "SQS", "event_source_mapping")]


@pytest.mark.parametrize(
    "bullet, expected",
    [
        ("Alarms can go to Auto Scaling, EC2 actions, SNS notifications",
         {("CloudWatch", "ASG", "invokes"), ("CloudWatch", "EC2", "invokes"),
          ("CloudWatch", "SNS", "publishes_to")}),
        ("Build logs can go to S3 and to CloudWatch Logs",
         {("CodeBuild", "S3", "stores_in"), ("CodeBuild", "CloudWatch Logs", "logs_to")}),
        ("Rules trigger SQS and Kinesis", {("CloudWatch Events", "SQS", "publishes_to"),
                                           ("CloudWatch Events", "Kinesis", "publishes_to")}),
    ],
)  # fmt: skip
def test_what_is_sent_is_typed_by_what_the_target_takes(catalog, bullet, expected):
    title = {"A": "CloudWatch", "B": "CodeBuild", "R": "CloudWatch Events"}[bullet[0]]
    found = relations_of(deck(f"{title} overview", bullet), catalog)
    assert expected <= set(found), sorted(found)
    assert not any(k[2] == "publishes_to" and k[1] in ("ASG", "EC2") for k in found)


def test_a_metric_sent_from_one_service_to_another_is_not_sent_to_the_first(catalog):
    text = deck("Auto Scaling on a custom metric", "Send a metric from an app on EC2 to CloudWatch")
    found = relations_of(text, catalog)
    assert not any("EC2" in k[:2] and "ASG" in k[:2] for k in found), sorted(found)
    # The metric comes from EC2, not from the page's Auto Scaling group; and a metric sent
    # to CloudWatch is data about its sender, which CloudWatch monitors.
    assert set(found) == {("CloudWatch", "EC2", "monitors")}, sorted(found)


def test_confidence_is_how_often_edges_of_the_basis_were_right(catalog):
    from ingest.relations import BASIS_CONFIDENCE, FURTHER_STATEMENT

    text = deck(
        "Lambda triggers",
        "S3 invokes Lambda when an object lands",  # stated
        "SNS",  # framed by the title
    ) + deck("Lambda integrations", "Kinesis Data Firehose")  # implied by a role
    text += "\n# More triggers\n\n- S3 invokes Lambda for each new object\n"
    found = relations_of(text, catalog)
    stated = found[("S3", "Lambda", "invokes")]
    framed = found[("SNS", "Lambda", "invokes")]
    implied = found[("Kinesis Data Firehose", "Lambda", "invokes")]
    assert (stated.basis, framed.basis, implied.basis) == ("stated", "framed", "implied")
    # A role's guess was right least often; each further statement adds a little.
    assert implied.confidence == BASIS_CONFIDENCE["implied"] < framed.confidence
    assert stated.confidence == BASIS_CONFIDENCE["stated"] + FURTHER_STATEMENT


def test_a_database_cache_caches_what_keeps_data_not_the_apps_servers(catalog):
    text = deck("A web app on EC2", "add ElastiCache with Redis as a caching layer for it")
    assert not any(k[2] == "caches" for k in relations_of(text, catalog))
    text = deck("Reads", "ElastiCache caches the rows the app reads from RDS")
    assert ("ElastiCache", "RDS", "caches") in relations_of(text, catalog)
