"""Service catalog and mention detection rules."""

import pytest

from ingest.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def names(catalog, text, query=False):
    return [m.service for m in catalog.mentions(text, query)]


def test_catalog_covers_the_course(catalog):
    assert len(catalog) >= 60
    for name in [
        "Lambda",
        "SQS",
        "Elastic Beanstalk",
        "Kinesis Data Streams",
        "Cognito User Pools",
    ]:
        assert name in catalog
    assert all(s.category for s in catalog.services.values())


def test_longest_name_wins(catalog):
    text = "Lambda@Edge, DynamoDB Streams and CloudWatch Logs"
    assert names(catalog, text) == ["Lambda@Edge", "DynamoDB Streams", "CloudWatch Logs"]
    assert names(catalog, "Application Load Balancer") == ["ALB"]


def test_abbreviations_are_case_sensitive_in_notes(catalog):
    assert names(catalog, "the ASG and the CUP") == ["ASG", "Cognito User Pools"]
    assert names(catalog, "a cup of tea for the asg") == []


def test_questions_may_use_lower_case_abbreviations(catalog):
    assert names(catalog, "how does s3 talk to sqs", query=True) == ["S3", "SQS"]
    assert "Cognito User Pools" not in names(catalog, "a cup of coffee", query=True)


def test_ordinary_words_are_not_services(catalog):
    text = "the configuration of batch writes in the pipeline stage of a template"
    assert names(catalog, text) == []


def test_hyphenated_names_are_one_word(catalog):
    assert names(catalog, "SSE-KMS uses KMS") == ["SSE-KMS", "KMS"]
    assert names(catalog, "X-Ray traces it") == ["X-Ray"]


def test_everyday_words_imply_services(catalog):
    implied = catalog.implied("put a CDN in front of my bucket")
    assert implied == {"CloudFront": 1.0, "S3": 1.0}
    # "Buckets" is a word of S3 alone, but a word two services share is split between them.
    shared = {w: n for w, n in catalog._word_lookup.items() if len(n) > 1}
    word, owners = next(iter(shared.items()))
    assert catalog.implied(f"about the {word} here") == {n: 1 / len(owners) for n in owners}
    assert catalog.implied("nothing to see") == {}


def test_resolve_accepts_aliases_in_any_case(catalog):
    assert catalog.resolve("asg") == "ASG"
    assert catalog.resolve("application load balancer") == "ALB"
    assert catalog.resolve("Beanstalk") == "Elastic Beanstalk"
    assert catalog.resolve("no such thing") is None


def test_broken_catalog_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[[service]\nname=", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read service catalog"):
        load_catalog(bad)


def test_a_template_resource_type_names_the_service_it_creates(catalog):
    text = "Type: AWS::Serverless::Function, AWS::Serverless::Api and AWS::DynamoDB::Table"
    assert names(catalog, text) == ["Lambda", "API Gateway", "DynamoDB"]
