"""The relation vocabulary (data/relations.toml): each type's meaning, direction and words.

Code stores and filters by a type's `name`; people only ever read it in words: its label
("reads from (event source mapping)"), or an edge read from either end ("Lambda reads from
SQS (event source mapping)", "SQS is read by Lambda (event source mapping)").
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "DEFAULT_VOCABULARY",
    "RELATION_TYPES",
    "RelationType",
    "describe",
    "relation_type",
    "vocabulary",
]

DEFAULT_VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "relations.toml"


@dataclass(frozen=True, slots=True)
class RelationType:
    """One relation type: its stored name and how it reads forwards and backwards."""

    name: str
    meaning: str
    label: str
    forward: str
    backward: str
    symmetric: bool = False
    flow: str = ""  # "forward", "backward" or "": which way data or calls travel
    refines: str = ""  # the older type this one narrows (a tool's `calls` narrows invokes)

    def flows(self, source: str, target: str) -> tuple[str, str] | None:
        """(from, to) of what travels along the edge source → target, or None."""
        if self.flow == "forward":
            return source, target
        if self.flow == "backward":
            return target, source
        return None

    def read(self, source: str, target: str, forward: bool = True) -> str:
        """The edge source → target in words, from the source's side or (forward=False) the
        target's: "Lambda reads from SQS …" / "SQS is read by Lambda …"."""
        return (self.forward if forward else self.backward).format(a=source, b=target)


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, RelationType]:
    """Every relation type by name, in the file's order."""
    data = tomllib.loads(DEFAULT_VOCABULARY.read_text(encoding="utf-8"))
    types = {}
    for entry in data["relation"]:
        kind = RelationType(
            name=entry["name"],
            meaning=entry["meaning"],
            label=entry["label"],
            forward=entry["forward"],
            backward=entry["backward"],
            symmetric=bool(entry.get("symmetric", False)),
            flow=entry.get("flow", ""),
            refines=entry.get("refines", ""),
        )
        types[kind.name] = kind
    return types


def relation_type(name: str) -> RelationType:
    """The type called name; a build from other code may hold one this file lacks."""
    if name in vocabulary():
        return vocabulary()[name]
    words = name.replace("_", " ")
    return RelationType(name, "", words, f"{{a}} {words} {{b}}", f"{{b}} ← {words} ← {{a}}")


def describe(source: str, relation: str, target: str, forward: bool = True) -> str:
    """An edge in words, as every page, command and API shows it."""
    return relation_type(relation).read(source, target, forward)


RELATION_TYPES: tuple[str, ...] = tuple(vocabulary())
