"""Notes by other authors: outlines relate nothing, names are read as they are written."""

from tests.test_one_fact import catalog, deck, relations_of

__all__ = ["catalog"]

STUDY_GUIDE = """# My exam notes

Domains:
- Deployment: Elastic Beanstalk, CodePipeline, CodeDeploy, SAM
- Monitoring: CloudWatch, CloudTrail, X-Ray

## Contents

1. Compute: EC2, Lambda and ECS
2. Monitoring: CloudWatch, X-Ray and CloudTrail
3. Tooling: the AWS CLI, the SDKs and the EB CLI

## Exam areas

- Refactoring: ECS, ECR, Fargate
- Security: IAM, KMS, Cognito
"""


def test_domains_contents_and_exam_areas_relate_nothing(catalog):
    found = relations_of(STUDY_GUIDE, catalog)
    # Only what the catalog says a feature is (Fargate, a launch type of ECS) remains.
    assert set(found) <= {("Fargate", "ECS", "part_of")}, sorted(found)


def test_plural_and_everyday_forms_of_a_name_are_the_service(catalog):
    text = deck("ACM", "certificates for API Gateways and ALBs are encrypted with ACM")
    found = relations_of(text, catalog)
    assert {("ACM", "API Gateway", "encrypts"), ("ACM", "ALB", "encrypts")} <= set(found)
    text = deck("Lambda", "S3 buckets invoke a function when an object is created")
    assert ("S3", "Lambda", "invokes") in relations_of(text, catalog)


def test_a_subject_after_an_article_speaks_for_itself(catalog):
    text = (
        "# Notes\n\n## Deployment\n\n- The SAM CLI zips the code and uploads it to an S3 bucket\n"
    )
    found = relations_of(text, catalog)
    assert set(found) == {("SAM CLI", "S3", "calls")}, sorted(found)


def test_a_tool_calls_services_but_not_features(catalog):
    found = relations_of(deck("MFA with the CLI", "use a session token"), catalog)
    assert not any(set(k[:2]) == {"CLI", "MFA"} for k in found), found
    found = relations_of(deck("Kinesis producers", "you can use the CLI or the SDK"), catalog)
    assert {("CLI", "Kinesis", "calls"), ("SDK", "Kinesis", "calls")} <= set(found)


def test_two_tools_named_side_by_side_are_two_means_not_a_relation(catalog):
    text = deck("Stack outputs", "read them with the CLI or with the SDK, as you like")
    assert not any({"SDK", "CLI"} == set(k[:2]) for k in relations_of(text, catalog))


def test_each_sentence_of_a_paragraph_is_read_on_its_own(catalog):
    text = (
        "# Notes\n\n## CloudWatch\n\nCloudWatch collects metrics from many services. An alarm "
        "watches one of them and can notify an SNS topic.\n"
    )
    found = relations_of(text, catalog)
    assert pair_types(found, "CloudWatch", "SNS") == [("CloudWatch", "SNS", "publishes_to")]


def test_logs_go_where_the_statement_says_not_to_the_pages_service(catalog):
    text = "# Notes\n\n## CloudWatch Logs\n\nLambda can also ship its logs to S3 for archiving.\n"
    found = relations_of(text, catalog)
    assert ("Lambda", "CloudWatch Logs", "logs_to") not in found, sorted(found)


def test_a_service_runs_on_compute_and_users_sign_in_to_services(catalog):
    text = deck("What Elastic Beanstalk uses under the hood", "EC2 instances", "S3, for versions")
    found = relations_of(text, catalog)
    assert ("Elastic Beanstalk", "EC2", "runs_on") in found
    assert ("Elastic Beanstalk", "S3", "runs_on") not in found, sorted(found)
    text = deck("Cognito User Pools", "a user directory: sign up, sign in, MFA, a hosted UI")
    assert not any(k[2] == "authenticates" for k in relations_of(text, catalog))


def pair_types(found, a, b):
    return sorted(k for k in found if {k[0], k[1]} == {a, b})


def test_a_subject_speaks_to_the_end_of_its_sentence(catalog):
    text = (
        "# Notes\n\n## CloudFront origins\n\nS3 buckets are the usual origin. ALBs can be an "
        "origin too, for dynamic content.\n"
    )
    found = relations_of(text, catalog)
    assert {("S3", "CloudFront", "origin_of"), ("ALB", "CloudFront", "origin_of")} <= set(found)
