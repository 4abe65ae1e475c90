"""Who speaks in a statement: the page's named topic, a clause's subject, not a guess."""

from tests.test_relations import catalog, deck, relations_of

__all__ = ["catalog"]


def test_a_page_whose_headings_name_no_service_gives_its_statements_no_topic(catalog):
    # SAM is named most, but no heading makes it the subject of the other lines.
    text = (
        "# Revision cards\n\n- SAM builds on CloudFormation\n- SAM deploys functions\n\n"
        "- CloudTrail writes its log files to S3\n- An SQS queue subscribes to an SNS topic\n"
    )
    found = relations_of(text, catalog)
    assert not any(
        "SAM" in k[:2] and {"S3", "SNS", "SQS", "CloudTrail"} & set(k[:2]) for k in found
    ), found
    assert ("CloudTrail", "S3", "stores_in") in found and ("SQS", "SNS", "subscribes_to") in found


def test_a_heading_naming_several_services_names_peers_not_a_topic(catalog):
    text = "# Watching: CloudWatch, X-Ray\n\n## Notes\n\nKMS encrypts each Secrets Manager key.\n"
    found = relations_of(text, catalog)
    assert set(found) == {("KMS", "Secrets Manager", "encrypts")}, found


def test_a_relative_clause_speaks_of_the_clauses_subject(catalog):
    text = deck(
        "Rotation", "Secrets Manager, which rotates RDS passwords by invoking a Lambda function"
    )
    found = relations_of(text, catalog)
    assert ("Secrets Manager", "Lambda", "invokes") in found, found
    assert not any(k[:2] == ("RDS", "Lambda") for k in found), found


def test_a_name_before_that_and_a_subject_is_the_objects_of_its_verb(catalog):
    text = deck("Rotation", "rotation is done by a Lambda function that Secrets Manager invokes")
    assert set(relations_of(text, catalog)) == {("Secrets Manager", "Lambda", "invokes")}


def test_the_data_a_name_gives_is_the_pairs_words(catalog):
    text = "# Notes\n\nCloudWatch collects EC2 metrics every five minutes.\n"
    assert set(relations_of(text, catalog)) == {("CloudWatch", "EC2", "monitors")}


def test_a_path_through_a_service_is_no_means(catalog):
    text = "# Notes\n\nX-Ray traces requests as they pass through API Gateway.\n"
    assert set(relations_of(text, catalog)) == {("X-Ray", "API Gateway", "traces")}


def test_a_family_and_its_member_relate_only_as_part_and_whole(catalog):
    text = deck("Consumers", "the Kinesis Client Library sends records to Kinesis Data Streams")
    found = relations_of(text, catalog)
    assert not any(k[2] != "part_of" for k in found), found


def test_a_role_directed_at_a_name_the_statement_holds_is_not_the_topics(catalog):
    text = deck("CodeDeploy agents", "IAM instance profile: give EC2 the permissions to read S3")
    found = relations_of(text, catalog)
    assert ("IAM", "CodeDeploy", "authorizes") not in found, found
    # Unless the statement speaks of the topic too, by one of its everyday words.
    text = deck("Lambda", "the IAM role authorizes the function to write to DynamoDB")
    assert ("IAM", "Lambda", "authorizes") in relations_of(text, catalog)


def test_a_name_after_a_determiner_is_its_clauses_subject(catalog):
    text = deck("SSE-KMS", "These KMS API calls show up in CloudTrail")
    found = relations_of(text, catalog)
    assert not any("SSE-KMS" in k[:2] for k in found), found


def test_an_upload_to_a_service_may_still_act_but_a_read_from_one_does_not(catalog):
    text = deck("Lambda triggers", "An upload to an S3 bucket invokes the Lambda function")
    assert ("S3", "Lambda", "invokes") in relations_of(text, catalog)
    text = deck("Roles", "the function may read from SQS or write to DynamoDB")
    assert not any(k[:2] == ("SQS", "DynamoDB") for k in relations_of(text, catalog))
