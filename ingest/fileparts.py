"""What each source file contributes to a build (its slides, sections, concepts, chunks and
keyword tokens), kept in the build as parts.jsonl so `kg ingest --update` reuses the files
that did not change and reads only those that did.

A part numbers its sections, concepts and chunks from 0; `number` gives them their ids in a
build, from where the part stands in it. docs/formats.md describes the update.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog import Catalog
from ingest.concepts import build_concepts, chunk_concepts
from ingest.lexical import lexical_tokens
from ingest.records import (
    Block,
    Chunk,
    Concept,
    IngestWarning,
    Link,
    Section,
    Slide,
    record_dict,
)  # fmt: skip
from ingest.sections import assign_sections
from ingest.slides import ParsedFile

__all__ = ["PARTS", "FilePart", "make_part", "number", "read_parts", "write_parts"]

PARTS = "parts.jsonl"


@dataclass(slots=True)
class FilePart:
    """One source file's share of a build; a skipped file keeps only why (so an update does
    not read it again while it stays the same)."""

    path: str  # as the build shows it
    sha256: str
    size: int
    mtime_ns: int
    warnings: list[str] = field(default_factory=list)
    skipped: bool = False
    slides: list[Slide] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Where each slide, concept and chunk belongs, by position within the part.
    slide_section: list[int] = field(default_factory=list)
    concept_section: list[int] = field(default_factory=list)
    concept_slides: list[int] = field(default_factory=list)  # slides per concept, in order
    chunk_concept: list[int] = field(default_factory=list)
    line: str = field(default="", repr=False)  # as read from parts.jsonl, while unchanged


def make_part(
    source, parsed: ParsedFile, catalog: Catalog, warnings: list[IngestWarning]
) -> FilePart:
    """Sections, concepts, chunks and keyword tokens of one parsed file, numbered from 0."""
    part = FilePart(source.display, source.sha256, source.size, _mtime(source.path))
    part.warnings = [str(w) for w in warnings]
    part.slides = parsed.slides
    part.links = parsed.links
    part.sections = assign_sections(parsed, 0, catalog)
    part.concepts = build_concepts(parsed.slides, catalog, 0, part.sections)
    index = {s.id: n for n, s in enumerate(part.sections)}
    part.slide_section = [index[s.section] for s in part.slides]
    part.concept_section = [index[c.section_id] for c in part.concepts]
    part.concept_slides = [len(c.slides) for c in part.concepts]
    part.chunks = chunk_concepts(part.concepts, {s.id: s for s in part.sections}, catalog)
    concept_index = {c.id: n for n, c in enumerate(part.concepts)}
    part.chunk_concept = [concept_index[c.concept] for c in part.chunks]
    part.tokens = lexical_tokens(part.chunks, catalog, {c.id: c.about for c in part.concepts})
    return part


def skipped_part(path: Path, display: str, sha256: str, size: int, warnings) -> FilePart:
    """A file that gave nothing to build, remembered with why."""
    return FilePart(display, sha256, size, _mtime(path), [str(w) for w in warnings], True)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def number(parts: list[FilePart]) -> None:
    """Give every section, concept and chunk its id in a build of these parts, in order."""
    sections = concepts = chunks = 0
    for part in parts:
        for n, section in enumerate(part.sections):
            section.id = f"section:{sections + n}"
        for slide, s in zip(part.slides, part.slide_section, strict=True):
            slide.section = f"section:{sections + s}"
        for n, (concept, s) in enumerate(zip(part.concepts, part.concept_section, strict=True)):
            concept.id = f"concept:{concepts + n}"
            concept.section_id = f"section:{sections + s}"
        for n, (chunk, c) in enumerate(zip(part.chunks, part.chunk_concept, strict=True)):
            chunk.chunk_id = chunks + n
            chunk.concept = f"concept:{concepts + c}"
        sections += len(part.sections)
        concepts += len(part.concepts)
        chunks += len(part.chunks)


# -- parts.jsonl ----------------------------------------------------------------------
def _slide(d: dict) -> Slide:
    blocks = [Block(**b) for b in d.pop("blocks")]
    d["tags"], d["aliases"] = tuple(d["tags"]), tuple(d["aliases"])
    return Slide(**d, blocks=blocks)


def _part_dict(part: FilePart) -> dict:
    # Written whole for a file read now; an unchanged file's line is copied as read.
    return {
        "path": part.path, "sha256": part.sha256, "size": part.size, "mtime_ns": part.mtime_ns,
        "warnings": part.warnings, "skipped": part.skipped,
        "slides": [record_dict(s) for s in part.slides],
        "sections": [record_dict(s) for s in part.sections],
        "concepts": [{"title": c.title, "services": c.services, "about": c.about}
                     for c in part.concepts],
        "chunks": [c.to_dict() for c in part.chunks],
        "tokens": part.tokens,
        "links": [record_dict(link) for link in part.links],
        "slide_section": part.slide_section, "concept_section": part.concept_section,
        "concept_slides": part.concept_slides, "chunk_concept": part.chunk_concept,
    }  # fmt: skip


def _part(d: dict) -> FilePart:
    part = FilePart(d["path"], d["sha256"], d["size"], d["mtime_ns"], d["warnings"], d["skipped"])
    part.slides = [_slide(s) for s in d["slides"]]
    part.sections = [Section(**{**s, "services": tuple(s["services"])}) for s in d["sections"]]
    part.slide_section = d["slide_section"]
    part.concept_section = d["concept_section"]
    part.concept_slides = d["concept_slides"]
    part.chunk_concept = d["chunk_concept"]
    at = 0
    for n, (c, count) in enumerate(zip(d["concepts"], part.concept_slides, strict=True)):
        slides = part.slides[at : at + count]
        at += count
        concept = Concept(f"concept:{n}", c["title"], "", slides, c["services"], c["about"])
        part.concepts.append(concept)
    part.chunks = [Chunk(**c) for c in d["chunks"]]
    part.tokens = d["tokens"]
    part.links = [Link(**link) for link in d["links"]]
    return part


def write_parts(path: Path, parts: list[FilePart]) -> None:
    """Write the parts as one JSON line each (ids in them are renumbered when read)."""
    with open(path, "w", encoding="utf-8") as fh:
        for part in parts:
            if not part.line:
                part.line = json.dumps(_part_dict(part), ensure_ascii=False) + "\n"
            fh.write(part.line)


def read_parts(path: Path) -> Iterator[FilePart]:
    """The parts a build stored; nothing if it stored none (a build by an older kg), and
    ValueError if they cannot be read."""
    if not path.is_file():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                try:
                    part = _part(json.loads(line))
                except (KeyError, TypeError, ValueError) as exc:
                    raise ValueError(f"{path.name} is unreadable ({exc})") from None
                part.line = line
                yield part
