"""What the catalog says a name is makes prerequisites: Aurora is part of RDS; a resource
type of SAM's templates ("AWS::Serverless::Api") is what SAM creates (docs/study.md)."""

from graph.prereqs import prereq_graph
from graph.study import plan_study
from ingest.catalog import Service, load_catalog
from tests.test_relations import catalog, deck, listed, relations_of
from tests.test_study import notes_build

__all__ = ["catalog", "notes_build"]


def test_aurora_is_part_of_rds_not_an_alternative(catalog):
    assert catalog.services["Aurora"].part_of == ("RDS",)
    found = relations_of(
        deck("Amazon Aurora", "Aurora runs the same engines as RDS on storage of its own"),
        catalog,
    )
    assert [k for k in found if {"Aurora", "RDS"} == {k[0], k[1]}] == [("Aurora", "RDS", "part_of")]


def test_a_resource_type_of_a_template_is_what_the_template_creates(catalog):
    text = listed(
        "AWS SAM in practice",
        "A template lists its resources:",
        "AWS::Serverless::Function for the handler",
        "AWS::Serverless::Api for the endpoint",
    )
    found = relations_of(text, catalog)
    for service in ("Lambda", "API Gateway"):
        edge = found[("SAM", service, "orchestrates")]
        assert edge.basis == "catalog" and edge.modality == "fact"


def test_a_catalog_entry_keeps_what_its_templates_declare():
    sam = load_catalog().services["SAM"]
    assert sam.declares == "AWS::Serverless::"
    assert Service.from_dict(sam.to_dict()) == sam


DATABASES_DECK = """# Cloud Notes

My own summary of the basics

# Amazon RDS

RDS runs MySQL, PostgreSQL and other engines for you, with backups and read replicas.

# Amazon API Gateway

API Gateway takes HTTPS requests and hands each one to the backend you chose for it.

# Amazon Aurora

Aurora keeps six copies of the data over three zones and fails over in seconds, with the
same engines as RDS.

# SAM in practice

- A SAM template lists its resources:
  - AWS::Serverless::Api for the public endpoint
- sam deploy turns the template into a stack and creates every resource in it
"""


def test_aurora_and_sam_build_on_what_the_catalog_says_they_are(notes_build):
    b = notes_build(DATABASES_DECK)
    graph = prereq_graph(b)
    assert graph.edges["RDS", "Aurora"]["relation"] == "part_of"
    assert graph.edges["API Gateway", "SAM"]["relation"] == "orchestrates"
    aurora = plan_study(b, ["Aurora"])
    assert [s.service for s in aurora.steps] == ["RDS", "Aurora"]
    sam = plan_study(b, ["SAM"])
    step = next(s for s in sam.steps if s.service == "API Gateway")
    assert step.evidence[0]["text"].endswith("AWS::Serverless::Api for the public endpoint")
