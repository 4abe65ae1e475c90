"""A tool's one relation: it is used to call a service (docs/relations.md, "Tools")."""

from tests.test_relations import catalog, deck, relations_of

__all__ = ["catalog"]


def test_whatever_step_a_tool_is_the_means_of_it_is_used_to_call_the_service(catalog):
    for bullet in (
        "log in to the registry with the CLI login command",
        "you can upload the keys using the CLI",
        "with the CLI you tail the log group live",
    ):
        for title, service in (
            ("ECR", "ECR"),
            ("ACM", "ACM"),
            ("CloudWatch Logs", "CloudWatch Logs"),
        ):
            found = relations_of(deck(title, bullet), catalog)
            assert set(found) <= {("CLI", service, "calls")}, (bullet, found)
    found = relations_of(deck("ECR", "log in to the registry with the CLI login command"), catalog)
    assert set(found) == {("CLI", "ECR", "calls")}, found
    # It reads as a tool call both ways, never as the service being invoked.
    (edge,) = found.values()
    assert edge.relation == "calls"


def test_a_tool_named_as_a_caller_of_a_service_calls_it(catalog):
    found = relations_of(deck("Script notes", "the CLI calls STS for a session token"), catalog)
    assert set(found) == {("CLI", "STS", "calls")}, found


def test_where_a_tool_runs_and_what_records_its_calls_relate_nothing(catalog):
    assert not relations_of(deck("Tooling", "we run the AWS CLI on EC2 instances"), catalog)
    found = relations_of(deck("CloudTrail", "it records the API calls the SDK makes"), catalog)
    assert not found, found


def test_the_generic_sdk_on_a_page_about_x_ray_is_the_x_ray_sdk(catalog):
    text = deck("X-Ray", "the SDK sends trace segments to X-Ray through the daemon")
    found = relations_of(text, catalog)
    assert not any("SDK" in k[:2] for k in found), found
    # Elsewhere the SDK is the AWS SDK, and calls what it names.
    found = relations_of(deck("DynamoDB code", "the SDK writes items into DynamoDB"), catalog)
    assert set(found) == {("SDK", "DynamoDB", "calls")}, found


def test_a_service_used_through_its_api_is_the_readers_call_not_a_relation(catalog):
    text = deck(
        "CodeCommit – other accounts",
        "To reach a repository of another account: use an IAM role and use STS (AssumeRole API)",
    )
    found = relations_of(text, catalog)
    assert not any({"CodeCommit", "STS"} == set(k[:2]) for k in found), found


def test_a_tool_listed_with_another_means_of_a_step_calls_nothing(catalog):
    text = deck(
        "Elastic Beanstalk HTTPS", "a certificate comes from ACM or the CLI, using ACM or CLI"
    )
    found = relations_of(text, catalog)
    assert not any("CLI" in k[0] or "CLI" in k[1] for k in found), found
