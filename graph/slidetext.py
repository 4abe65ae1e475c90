"""The text of a concept's slides, put back together from the build's chunks.

A long slide is stored as overlapping windows (ingest.concepts); the overlap is dropped
here, so each slide reads once, top to bottom, as the notes have it.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.store import Build

__all__ = ["SlideText", "concept_text", "slide_texts"]

# Windows overlap by whole blocks of at most this many words (ingest.concepts.OVERLAP_WORDS,
# with room for the block that crosses it); a block cut by words overlaps by words.
MAX_OVERLAP_WORDS = 60


@dataclass(frozen=True, slots=True)
class SlideText:
    """One slide's title, where it is, and its text (blocks one per line)."""

    title: str
    source: str
    line_start: int
    line_end: int
    text: str


def _join(first: str, second: str) -> str:
    """Two windows of one slide, without the lines (or words) they share."""
    a, b = first.split("\n"), second.split("\n")
    for k in range(min(len(a), len(b)), 0, -1):
        if a[-k:] == b[:k]:
            return "\n".join(a + b[k:])
    wa, wb = first.split(), second.split()
    for k in range(min(len(wa), len(wb), MAX_OVERLAP_WORDS), 0, -1):
        if wa[-k:] == wb[:k]:
            return first + " " + " ".join(wb[k:])
    return first + "\n" + second


def slide_texts(build: Build, concept: str) -> list[SlideText]:
    """The slides of a concept with their text, in order."""
    data = build.graph.nodes[concept]
    texts: dict[int, str] = {}
    starts = [s["line_start"] for s in data.get("slides", [])]
    current = None
    for chunk_id in data.get("chunks", []):
        chunk = build.chunks[chunk_id]
        if chunk.line_start in starts and chunk.line_start not in texts:
            current = chunk.line_start
            texts[current] = chunk.text
        elif current is not None:
            texts[current] = _join(texts[current], chunk.text)
    return [
        SlideText(s["title"], s["source"], s["line_start"], s["line_end"],
                  texts.get(s["line_start"], ""))
        for s in data.get("slides", [])
    ]  # fmt: skip


def concept_text(build: Build, concept: str) -> str:
    """A concept's slides as one text: each slide's title, then its lines."""
    parts = []
    for slide in slide_texts(build, concept):
        parts.append(f"{slide.title}\n{slide.text}".rstrip())
    return "\n\n".join(parts)
