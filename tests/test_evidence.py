"""Evidence that states its edge: no bare label beside statements, no frame over a claim."""

from tests.test_relations import catalog, relations_of

__all__ = ["catalog"]


def test_a_bare_label_is_no_evidence_beside_statements_that_say_it(catalog):
    text = (
        "# Intro\n\nwords\n\n# Lambda integrations\n\n- SNS\n\n"
        "# Fan out to functions\n\n- SNS invokes Lambda for each message\n"
    )
    edge = relations_of(text, catalog)[("SNS", "Lambda", "invokes")]
    assert [e.text for e in edge.evidence] == ["SNS invokes Lambda for each message"]


def test_an_item_saying_something_of_its_own_is_not_read_by_its_frame(catalog):
    text = (
        "# Intro\n\nwords\n\n# Lambda – Event Source Mapping: SQS and SQS FIFO queues\n\n"
        "- Lambda polls the queue in batches\n- Dead-letter queues\n"
        "  - set it up on the SQS queue itself\n"
        "  - or pick a Lambda destination for failed batches\n"
    )
    edge = relations_of(text, catalog)[("Lambda", "SQS", "event_source_mapping")]
    assert all("destination" not in e.text for e in edge.evidence), edge.evidence
