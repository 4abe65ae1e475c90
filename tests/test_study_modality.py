"""Which statements make a prerequisite: facts, not examples or options; a bundle is built
on its parts, a monitor is never a basis (docs/study.md)."""

import pytest

from graph.prereqs import CONCEPTS, SERVICE, prereq_graph
from graph.relations import relation_edges
from graph.study import plan_study
from tests.test_relations import catalog, deck, listed, relations_of
from tests.test_study import notes_build

__all__ = ["catalog", "notes_build"]


@pytest.mark.parametrize(
    "text, edge, modality",
    [
        (deck("Elastic Beanstalk", "Elastic Beanstalk provisions EC2 instances for each one"),
         ("Elastic Beanstalk", "EC2", "orchestrates"), "fact"),
        (deck("Elastic Beanstalk", "Environments provision resources such as ElastiCache clusters"),
         ("Elastic Beanstalk", "ElastiCache", "orchestrates"), "example"),
        (deck("Elastic Beanstalk", "It provisions ElastiCache clusters, for example"),
         ("Elastic Beanstalk", "ElastiCache", "orchestrates"), "example"),
        (deck("Elastic Beanstalk", "Beanstalk can also orchestrate SQS queues for a worker tier"),
         ("Elastic Beanstalk", "SQS", "orchestrates"), "option"),
        (deck("Parameters", "KMS encryption of SSM Parameter Store values is optional"),
         ("KMS", "SSM Parameter Store", "encrypts"), "option"),
        # The lead a statement hangs under says how its items are meant.
        (listed("CloudFormation", "For example, within your template:", "one S3 bucket"),
         ("CloudFormation", "S3", "orchestrates"), "example"),
        # "Can" in a relative clause qualifies its object, not the statement.
        (deck("Databases", "IAM policies control who can manage RDS databases"),
         ("IAM", "RDS", "authorizes"), "fact"),
        # "Can" speaks for its clause, not for the clause before it.
        (deck("Queues", "An IAM policy must allow each call to SQS, and a queue policy can "
                        "let another account in"),
         ("IAM", "SQS", "authorizes"), "fact"),
        # A remark in brackets speaks of something else.
        (deck("Elastic Beanstalk",
              "Elastic Beanstalk provisions EC2 instances (you can pick their type)"),
         ("Elastic Beanstalk", "EC2", "orchestrates"), "fact"),
    ],
)  # fmt: skip
def test_each_statement_is_read_as_a_fact_an_option_or_an_example(catalog, text, edge, modality):
    found = relations_of(text, catalog)
    assert edge in found, sorted(found)
    assert found[edge].modality == modality
    assert [e.modality for e in found[edge].evidence] == [modality]


def test_an_edge_stated_once_as_a_fact_is_a_fact(catalog):
    text = deck(
        "Elastic Beanstalk",
        "Environments provision resources such as EC2 instances",
        "Elastic Beanstalk provisions EC2 instances for each environment",
    )
    edge = relations_of(text, catalog)[("Elastic Beanstalk", "EC2", "orchestrates")]
    assert edge.modality == "fact"
    assert [e.modality for e in edge.evidence] == ["example", "fact"]


EXTRAS_DECK = """# Cloud Notes

My own summary of the basics

# Amazon EC2

EC2 rents virtual machines by the second; you pick an instance type and an image to boot.

# Amazon ElastiCache

ElastiCache keeps hot data in memory, with Redis or Memcached, in front of a database.

# Amazon SQS

SQS holds messages in a queue until a consumer polls them and deletes them for good.

# Elastic Beanstalk

- Environments provision resources such as EC2 instances and ElastiCache clusters
- Elastic Beanstalk provisions EC2 instances behind every environment you create

# Beanstalk worker environments

- Beanstalk can also orchestrate SQS queues for a worker tier if you want one
- A daemon on each instance takes the messages and posts them to your application
"""


def test_a_prerequisite_needs_a_statement_of_fact(notes_build):
    b = notes_build(EXTRAS_DECK)
    modality = {(e["source"], e["target"]): e["modality"] for e in relation_edges(b)}
    assert modality[("Elastic Beanstalk", "ElastiCache")] == "example"
    assert modality[("Elastic Beanstalk", "SQS")] == "option"
    assert modality[("Elastic Beanstalk", "EC2")] == "fact"
    graph = prereq_graph(b)
    assert graph.edges["EC2", "Elastic Beanstalk"]["scope"] == SERVICE
    assert not graph.has_edge("ElastiCache", "Elastic Beanstalk")
    # An option holds for the concepts that speak of it, never for all of the service.
    assert graph.edges["SQS", "Elastic Beanstalk"]["scope"] == CONCEPTS
    plan = plan_study(b, ["Elastic Beanstalk"])
    assert {s.service for s in plan.steps} == {"EC2", "Elastic Beanstalk"}
    # The prerequisite cites the statement of fact, not the example naming EC2 too.
    step = next(s for s in plan.steps if s.role == "prerequisite")
    assert [e["text"] for e in step.evidence] == [
        "Elastic Beanstalk provisions EC2 instances behind every environment you create"
    ]
    # What is only an example or an option is still shown, as related, with its statement.
    related = {r["other"]: r for r in plan.related}
    assert related["ElastiCache"]["evidence"][0]["text"].startswith("Environments provision")
    assert related["SQS"]["evidence"][0]["text"].startswith("Beanstalk can also")


BUNDLE_DECK = """# Cloud Notes

My own summary of the basics

# AWS CodeCommit

CodeCommit hosts private git repositories that you push to and pull from as usual.

# AWS CodeBuild

CodeBuild compiles the code and runs its tests in a fresh container for every build.

# Amazon CloudWatch

CloudWatch collects metrics from every service and raises alarms on their thresholds.

# AWS CodeStar

- CodeStar brings together CodeCommit, CodeBuild and CloudWatch in one project
- One dashboard shows the commits, the builds and the alarms of the project
"""


def test_a_bundle_is_built_on_its_parts_but_not_on_its_monitor(notes_build):
    b = notes_build(BUNDLE_DECK)
    graph = prereq_graph(b)
    for part in ("CodeCommit", "CodeBuild"):
        assert graph.edges[part, "CodeStar"]["relation"] == "bundles"
    # Monitoring is an add-on, bundled or not: CloudWatch is related, not first.
    assert not graph.has_edge("CloudWatch", "CodeStar")
    plan = plan_study(b, ["CodeStar"])
    assert {s.service for s in plan.steps} == {"CodeCommit", "CodeBuild", "CodeStar"}
    step = next(s for s in plan.steps if s.service == "CodeBuild")
    assert step.reason.startswith("needed for CodeStar: CodeBuild is bundled in CodeStar")
    assert [r["words"] for r in plan.related] == ["CodeStar bundles CloudWatch"]


def test_an_option_is_a_prerequisite_of_the_concept_that_speaks_of_it(notes_build):
    b = notes_build(EXTRAS_DECK)
    plan = plan_study(b, ["Beanstalk worker environments"])
    services = [s.service for s in plan.steps]
    assert "SQS" in services and services.index("SQS") < services.index("Elastic Beanstalk")
    step = next(s for s in plan.steps if s.service == "SQS")
    assert step.evidence[0]["text"].endswith(
        "Beanstalk can also orchestrate SQS queues for a worker tier if you want one"
    )
