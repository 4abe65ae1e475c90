"""A part relates to its whole as a part, and only where a statement names both."""

from tests.test_relations import catalog, deck, listed, relations_of

__all__ = ["catalog"]


def test_a_feature_and_its_service_hold_one_edge_part_of(catalog):
    text = listed(
        "S3 storage",
        "What S3 offers:",
        "SSE-KMS encrypts the objects",
        "lifecycle rules move old objects to Glacier",
    )
    found = relations_of(text, catalog)
    assert sorted(k for k in found if "S3" in k[:2]) == [
        ("Glacier", "S3", "part_of"), ("SSE-KMS", "S3", "part_of"),
    ], found  # fmt: skip


def test_the_catalog_alone_is_no_evidence(catalog):
    text = deck("Containers", "Fargate: no servers to manage", "EKS: Kubernetes")
    found = relations_of(text + "\n# Task definitions\n\n- ECS tasks are set in JSON\n", catalog)
    assert not any(e.source.endswith("services.toml") for r in found.values() for e in r.evidence)
    assert not any("ECS" in k[:2] for k in found), found


def test_what_a_service_is_said_to_be_a_kind_of_it_is_part_of(catalog):
    for line in ("SAM is an extension of CloudFormation", "SAM is a CloudFormation extension"):
        assert set(relations_of(deck("Templates", line), catalog)) == {
            ("SAM", "CloudFormation", "part_of")
        }, line


def test_a_call_to_the_key_service_is_the_encryption_it_does(catalog):
    text = deck("Uploads", "KMS encrypts every S3 object", "S3 makes calls to KMS on each upload")
    found = relations_of(text, catalog)
    assert sorted(k for k in found if {"KMS", "S3"} == set(k[:2])) == [("KMS", "S3", "encrypts")]
