"""The relation vocabulary: every type a build can hold reads as words, both ways."""

from ingest.relations import RELATION_TYPES
from ingest.vocabulary import describe, vocabulary


def test_every_type_reads_both_ways_with_both_names():
    for name, kind in vocabulary().items():
        forward, backward = describe("Aaa", name, "Bbb"), describe("Aaa", name, "Bbb", False)
        assert "_" not in forward + backward + kind.label, name
        assert forward.startswith("Aaa ") and "Bbb" in forward, name
        assert backward.startswith("Bbb ") and "Aaa" in backward, name
        assert kind.meaning, name


def test_the_extractor_uses_the_vocabulary_types():
    assert set(RELATION_TYPES) == set(vocabulary())


def test_an_event_source_mapping_reads_as_a_student_would_say_it():
    assert describe("Lambda", "event_source_mapping", "SQS") == (
        "Lambda reads from SQS (event source mapping)"
    )
    assert describe("Lambda", "event_source_mapping", "SQS", forward=False) == (
        "SQS is read by Lambda (event source mapping)"
    )


def test_a_type_from_another_kg_still_reads_without_snake_case():
    assert describe("A", "made_up_type", "B") == "A made up type B"


def test_every_edge_of_a_type_reads_true_for_its_uses():
    # One word for each use: a pipeline, a state machine and a template all orchestrate; an
    # execution role and a resource policy both control permissions; keys and certificates
    # both provide encryption. "Creates and manages" or "controls access to" would be false.
    assert (
        describe("Step Functions", "orchestrates", "Lambda") == "Step Functions orchestrates Lambda"
    )
    assert describe("IAM", "authorizes", "Lambda") == "IAM controls permissions for Lambda"
    assert describe("ACM", "encrypts", "ALB") == "ACM provides encryption for ALB"
    assert describe("ECS", "pulls_from", "ECR", forward=False) == "ECR is a source for ECS"
    assert describe("CLI", "calls", "ECR", forward=False) == "ECR can be called from CLI"


def test_a_type_that_narrows_an_older_one_says_which():
    assert vocabulary()["calls"].refines == "invokes"
