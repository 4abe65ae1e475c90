"""One fact, one edge: the edges the statements of a pair state, settled into what it holds.

docs/relations.md ("One fact, one edge") gives the rules; each is one function below.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from ingest.reading import BASES
from ingest.vocabulary import relation_type

if TYPE_CHECKING:
    from ingest.relations import Relation

__all__ = ["settle"]

_FRAMED = BASES.index("framed")


def _best(edges: list[Relation]) -> Relation:
    """The best-founded edge: stronger basis, then more statements, then confidence."""
    return max(edges, key=lambda e: (-BASES.index(e.basis), len(e.evidence), e.confidence))


def _said_outranks_implied(edges: list[Relation]) -> list[Relation]:
    """What a role implies, or that two merely work together, gives way to what the text
    says about the pair."""
    said = [e for e in edges if BASES.index(e.basis) <= _FRAMED]
    if said:
        return said
    specific = [e for e in edges if e.relation != "integrates_with"]
    return specific or edges


def _part_is_only_a_part(edges: list[Relation]) -> list[Relation]:
    """A part relates to its whole as a part: "SSE-KMS encrypts S3" and "S3 moves objects
    to Glacier" are what being that part means."""
    parts = [e for e in edges if e.relation == "part_of"]
    return parts or edges


def _replacement_is_the_choice(edges: list[Relation]) -> list[Relation]:
    """A rename or a successor is one fact: the replacement, not an alternative beside it."""
    if any(e.relation == "replaces" for e in edges):
        return [e for e in edges if e.relation != "alternative_to"]
    return edges


def _encryption_calls_its_keys(edges: list[Relation]) -> list[Relation]:
    """What is encrypted calls its key service to be encrypted ("S3 calls KMS for
    SSE-KMS"): one fact with the encryption, which the pair keeps."""
    keys = {(e.source, e.target) for e in edges if e.relation == "encrypts"}
    return [e for e in edges if not (e.relation == "invokes" and (e.target, e.source) in keys)]


def _one_per(key: Callable[[Relation], object]):
    """Keep the best-founded edge of each group the key makes (None: no group)."""

    def rule(edges: list[Relation]) -> list[Relation]:
        groups: dict[object, list[Relation]] = defaultdict(list)
        free = []
        for e in edges:
            k = key(e)
            (free if k is None else groups[k]).append(e)
        return free + [_best(group) for group in groups.values()]

    return rule


# One interaction read twice: two edges whose data or calls flow the same way.
_one_per_flow = _one_per(lambda e: relation_type(e.relation).flows(e.source, e.target))
# One type both ways (A stores in B, B stores in A): one of the two readings is wrong.
_one_per_type = _one_per(lambda e: e.relation)

_RULES = (
    _said_outranks_implied,
    _part_is_only_a_part,
    _replacement_is_the_choice,
    _encryption_calls_its_keys,
    _one_per_flow,
    _one_per_type,
)


def settle(relations: list[Relation]) -> list[Relation]:
    """The edges each pair keeps, sorted by (source, target, relation)."""
    by_pair: dict[frozenset[str], list[Relation]] = defaultdict(list)
    for r in relations:
        by_pair[frozenset((r.source, r.target))].append(r)
    kept: list[Relation] = []
    for edges in by_pair.values():
        for rule in _RULES:
            edges = rule(edges)
        kept += edges
    kept.sort(key=lambda r: (r.source, r.target, r.relation))
    return kept
