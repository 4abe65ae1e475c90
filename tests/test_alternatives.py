"""alternative_to only where the text sets two services as choices for the same job."""

import pytest

from tests.test_one_fact import catalog, deck, listed, relations_of

__all__ = ["catalog"]


def alternatives(found):
    return {frozenset(k[:2]) for k in found if k[2] == "alternative_to"}


def test_only_services_doing_one_job_compared_in_a_title_are_alternatives(catalog):
    text = deck("SQS vs SNS vs Kinesis", "how each one hands data over") + deck(
        "CloudTrail vs CloudWatch vs X-Ray", "audit, metrics and traces"
    )
    assert alternatives(relations_of(text, catalog)) == {
        frozenset(p) for p in (("SQS", "SNS"), ("SNS", "Kinesis"), ("SQS", "Kinesis"))
    }


@pytest.mark.parametrize(
    "title",
    [
        "CloudTrail vs CloudWatch vs X-Ray",  # audit, metrics, tracing: three jobs
        "Cognito User Pools vs Identity Pools",  # sign-in, and AWS credentials
    ],
)
def test_complementary_services_compared_on_one_slide_are_not_alternatives(catalog, title):
    assert not alternatives(relations_of(deck(title, "what each one is for"), catalog))


@pytest.mark.parametrize(
    "title",
    ["CloudFront Signed URL vs S3 Pre-Signed URL", "Kinesis vs SQS ordering guarantees"],
)
def test_features_compared_under_service_names_are_not_alternative_services(catalog, title):
    assert not alternatives(relations_of(deck(title, "two ways to do it"), catalog))


def test_a_service_and_its_own_option_are_not_alternatives(catalog):
    text = deck("ECS vs Fargate", "run tasks on your own instances, or on none at all")
    found = relations_of(text, catalog)
    assert not alternatives(found) and ("Fargate", "ECS", "part_of") in found


def test_a_versus_label_compares_for_what_the_slide_is_about(catalog):
    # A database and a cache do two jobs: a title setting them side by side compares them,
    # a slide on session state that sets one against the other offers them as choices.
    text = deck("DynamoDB vs ElastiCache", "two services") + listed(
        "DynamoDB for user sessions", "vs ElastiCache:", "ElastiCache keeps them in memory"
    )
    found = relations_of(text, catalog)
    assert alternatives(found) == {frozenset(("DynamoDB", "ElastiCache"))}
    [edge] = [r for k, r in found.items() if k[2] == "alternative_to"]
    assert [e.text for e in edge.evidence] == [
        "vs ElastiCache:",
        "ElastiCache keeps them in memory",
    ]


def test_a_likened_service_is_the_whole_name_after_similar_to(catalog):
    text = deck("Application Load Balancer", "target groups are similar to NLB listeners")
    assert not alternatives(relations_of(text, catalog))
    text = deck("Aurora", "similar to RDS, with the same engines")
    assert alternatives(relations_of(text, catalog)) == {frozenset(("Aurora", "RDS"))}


def test_a_choice_the_slide_turns_down_under_its_versus_label_is_no_alternative(catalog):
    text = (
        "# Intro\n\nwords\n\n# DynamoDB for user sessions\n\n- vs ElastiCache:\n"
        "  - ElastiCache keeps them in memory, DynamoDB is serverless\n- vs EBS:\n"
        "  - EBS can only hold a cache local to one instance\n- vs S3:\n"
        "  - S3 is slower and not made for small items\n"
    )
    assert alternatives(relations_of(text, catalog)) == {frozenset(("DynamoDB", "ElastiCache"))}


def test_a_replacement_is_one_fact_the_newer_service_first(catalog):
    text = deck("Events", "EventBridge vs CloudWatch Events: the old name will be replaced")
    text += deck("Event buses", "the CloudWatch Events name is being replaced with EventBridge")
    found = relations_of(text, catalog)
    assert sorted(k for k in found if "EventBridge" in k[:2]) == [
        ("EventBridge", "CloudWatch Events", "replaces")
    ], found
    found = relations_of(deck("Cognito Sync", "deprecated: use AppSync for new apps"), catalog)
    assert set(found) == {("AppSync", "Cognito Sync", "replaces")}, found
