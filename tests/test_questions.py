"""A question states nothing; its answer is read under it (docs: Questions and answers)."""

from tests.test_relations import catalog, relations_of

__all__ = ["catalog"]


def test_a_question_answered_no_states_nothing(catalog):
    text = "# Cards\n\nQ: Does DAX cache RDS?\nA: No. It only fronts DynamoDB.\n"
    found = relations_of(text, catalog)
    assert not any("RDS" in k[:2] for k in found), found
    text = "# Cards\n\nQ: Is CloudWatch an alternative to CloudTrail?\nA: No, you run both.\n"
    assert not relations_of(text, catalog)
    # Answered yes, the question is said.
    text = "# Cards\n\nQ: Can Kinesis Data Firehose load records into S3?\nA: Yes, in batches.\n"
    assert ("Kinesis Data Firehose", "S3", "stores_in") in relations_of(text, catalog)


def test_the_one_service_a_question_names_speaks_in_its_answer(catalog):
    # SQS is named most on the page, yet the question names who speaks in the answer.
    text = (
        "# Cards\n\nQ: Which SQS queue keeps order?\nA: An SQS FIFO queue.\n\n"
        "Q: How does a CloudWatch alarm reach the on-call phone?\n\n"
        "A: The alarm action publishes to an SNS topic.\n"
    )
    assert set(relations_of(text, catalog)) == {("CloudWatch", "SNS", "publishes_to")}


def test_a_table_row_asking_a_question_states_nothing_but_its_answer(catalog):
    text = (
        "# Registry\n\n| Question | Answer |\n|---|---|\n"
        "| Does ECR run containers? | No, ECS pulls images from ECR |\n"
    )
    assert set(relations_of(text, catalog)) == {("ECS", "ECR", "pulls_from")}
