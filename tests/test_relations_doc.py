"""docs/relations.md says what the code does: every type in words, the confidence table."""

from pathlib import Path

from graph.limits import MIN_CONFIDENCE
from ingest.relations import BASIS_CONFIDENCE
from ingest.vocabulary import describe, vocabulary

DOC = (Path(__file__).resolve().parent.parent / "docs" / "relations.md").read_text()


def test_every_type_is_in_the_docs_table_as_the_vocabulary_reads_it():
    for name, kind in vocabulary().items():
        row = f"| {name} | {describe('A', name, 'B')} | "
        assert row in DOC, row
        if not kind.symmetric:
            assert f"| {describe('A', name, 'B', False)} |" in DOC, name


def test_the_docs_give_the_confidence_of_each_basis_and_the_default_threshold():
    for basis, confidence in BASIS_CONFIDENCE.items():
        assert f"| {basis} | {confidence:.2f} |" in DOC, basis
    assert f"`graph.limits.MIN_CONFIDENCE`,\n{MIN_CONFIDENCE:.2f}" in DOC
