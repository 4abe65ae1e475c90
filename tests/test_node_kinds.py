"""What each catalog name is (a service, a feature of one, or a tool) and how it is written."""

import pytest

from ingest.catalog import KINDS, load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def names(catalog, text):
    return [m.service for m in catalog.mentions(text)]


def test_every_entry_has_a_kind_a_job_and_a_features_service(catalog):
    for svc in catalog.services.values():
        assert svc.kind in KINDS, svc.name
        assert svc.job, svc.name
        assert (svc.kind == "feature") == bool(svc.part_of), svc.name
        assert all(p in catalog for p in svc.part_of), svc.name


def test_developer_tools_are_tools_and_mfa_is_a_feature_of_iam(catalog):
    for name in ("CLI", "SDK", "AWS Console", "EB CLI", "SAM CLI"):
        assert catalog.services[name].is_tool, name
    mfa = catalog.services["MFA"]
    assert mfa.kind == "feature" and mfa.part_of == ("IAM",)
    assert catalog.services["Fargate"].part_of == ("ECS",)
    assert not catalog.services["Lambda"].is_tool


def test_a_tool_of_a_service_is_its_own_node(catalog):
    # The Elastic Beanstalk CLI is not the AWS CLI, nor the SAM CLI SAM itself.
    assert names(catalog, "the EB CLI and the Elastic Beanstalk CLI") == ["EB CLI", "EB CLI"]
    assert names(catalog, "the SAM CLI packages, the AWS CLI calls") == ["SAM CLI", "CLI"]
    # A service's own library is the service ("X-Ray SDK"), not the AWS SDK.
    assert names(catalog, "instrument the code with the X-Ray SDK") == ["X-Ray"]
    # "the console" of a service is no name; the AWS Console is.
    assert names(catalog, "open the console, or the AWS Console") == ["AWS Console"]


def test_plural_names_are_the_service(catalog):
    text = "API Gateways, ALBs, Lambdas, SQS queues, S3 buckets, DynamoDB tables"
    assert names(catalog, text) == ["API Gateway", "ALB", "Lambda", "SQS", "S3", "DynamoDB"]
    # Abbreviations stay case-sensitive in the plural too, and ordinary words stay words.
    assert names(catalog, "cups of tea, ebs of the tide, assorted gateways") == []


@pytest.mark.parametrize(
    "entry, message",
    [
        ('kind = "gadget"\njob = "x"', "kind 'gadget'"),
        ('kind = "feature"\njob = "x"', "a feature needs part_of"),
        ('kind = "feature"\npart_of = ["Nowhere"]\njob = "x"', "part_of names no other entry"),
        ("", "no job"),
    ],
)
def test_a_catalog_entry_that_says_nothing_sure_is_refused_in_one_line(tmp_path, entry, message):
    bad = tmp_path / "services.toml"
    bad.write_text(f'[[service]]\nname = "Thing"\ncategory = "Compute"\n{entry}\n')
    with pytest.raises(ValueError, match=message):
        load_catalog(bad)


def test_a_feature_is_related_to_its_service_only_when_the_notes_name_both(catalog):
    from tests.test_one_fact import deck, relations_of

    # The graph has a node for every service the notes name, and for no other.
    assert relations_of(deck("Sign-in", "turn on MFA for the root user"), catalog) == {}
    # Named apart, the two are not related: the catalog alone is no evidence.
    found = relations_of(deck("Sign-in", "turn on MFA for the root user", "IAM users"), catalog)
    assert found == {}, found
    found = relations_of(deck("Sign-in", "IAM users should turn on MFA"), catalog)
    assert set(found) == {("MFA", "IAM", "part_of")}, found
    assert found[("MFA", "IAM", "part_of")].evidence[0].text == "IAM users should turn on MFA"
