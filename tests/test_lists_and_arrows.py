"""Lists that run across commas, and arrows between names."""

import pytest

from tests.test_relations import catalog, deck, relations_of

__all__ = ["catalog"]


def test_a_verb_before_a_list_reaches_every_item_across_commas(catalog):
    text = "# Notes\n\n- CodeDeploy deploys to EC2 hosts (agent), to Lambda aliases and to ECS\n"
    found = relations_of(text, catalog)
    for target in ("EC2", "Lambda", "ECS"):
        assert ("CodeDeploy", target, "deploys_to") in found, (target, found)
    text = "# Notes\n\n- CodePipeline orchestrates CodeBuild, CodeDeploy and CloudFormation\n"
    found = relations_of(text, catalog)
    for target in ("CodeBuild", "CodeDeploy", "CloudFormation"):
        assert ("CodePipeline", target, "orchestrates") in found, (target, found)
    # A clause with a subject of its own starts anew.
    text = "# Notes\n\n- ECS pulls images from ECR, and IAM decides which task may do so\n"
    found = relations_of(text, catalog)
    assert not any({"ECS", "IAM"} == set(k[:2]) for k in found), found


@pytest.mark.parametrize(
    "line, expected",
    [
        ("S3 -> SQS (event notif)", ("S3", "SQS", "publishes_to")),
        ("S3 -> Lambda (async)", ("S3", "Lambda", "invokes")),
        (
            "Lambda <- SQS (ESM), batch of 10, timeout >= 6x",
            ("Lambda", "SQS", "event_source_mapping"),
        ),
        ("DAX => DDB (write-through cache)", ("DAX", "DynamoDB", "caches")),
        ("ECS task image <- ECR", ("ECS", "ECR", "pulls_from")),
    ],
)
def test_an_arrow_between_two_names_is_a_cue(catalog, line, expected):
    found = relations_of(deck("Cheat sheet", line), catalog)
    assert set(found) == {expected}, found
    # An arrow into what takes no call, message or metric says nothing.
    assert not relations_of(deck("Cheat sheet", "ElastiCache => RDS (lazy loading)"), catalog)
