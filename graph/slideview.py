"""One slide as a student opens it: its full text, where it sits in the course (the slides
before and after it), the concept it belongs to and the services it names."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.citation import Citation, slide_index
from graph.store import Build

__all__ = ["SlideNotFound", "SlideView", "slide_view"]

# How many slides on each side a slide view lists as its neighbours.
NEIGHBOURS = 2


class SlideNotFound(LookupError):
    """No slide holds that chunk in this build."""


@dataclass(slots=True)
class SlideView:
    """A slide with its context; services are dicts (name, full, category, kind)."""

    citation: Citation
    title: str
    text: str
    section: str
    concept: str
    concept_title: str
    about: str | None
    services: list[dict] = field(default_factory=list)
    before: list[Citation] = field(default_factory=list)
    after: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "citation": self.citation.to_dict(), "title": self.title, "text": self.text,
            "section": self.section, "concept": self.concept,
            "concept_title": self.concept_title, "about": self.about,
            "services": self.services,
            "before": [c.to_dict() for c in self.before],
            "after": [c.to_dict() for c in self.after],
        }  # fmt: skip


def slide_view(build: Build, chunk_id: int, around: int = NEIGHBOURS) -> SlideView:
    """The slide holding a chunk, with its neighbours in course order."""
    index = slide_index(build)
    ref = index.of_chunk(int(chunk_id)) if str(chunk_id).lstrip("-").isdigit() else None
    if ref is None:
        raise SlideNotFound(f"no slide {chunk_id!r} in this build; search for it instead")
    chunks = [build.chunks[i] for i in ref.chunks]
    concept = build.graph.nodes[ref.concept]
    before, after = index.around(ref, around, around)
    return SlideView(
        citation=index.citation(ref),
        title=ref.title,
        text=join_windows([c.text for c in chunks]),
        section=chunks[0].section if chunks else "",
        concept=ref.concept,
        concept_title=concept.get("title", ""),
        about=concept.get("about"),
        services=_services(build, [name for c in chunks for name in c.services]),
        before=[index.citation(r) for r in before],
        after=[index.citation(r) for r in after],
    )


def join_windows(texts: list[str]) -> str:
    """A long slide's chunks back into its text: each window repeats the last lines of the
    one before it (the overlap that keeps a sentence whole for the model), kept once."""
    lines: list[str] = []
    for text in texts:
        new = text.split("\n")
        overlap = next(
            (k for k in range(min(len(lines), len(new)), 0, -1) if lines[-k:] == new[:k]), 0
        )
        lines += new[overlap:]
    return "\n".join(lines)


def _services(build: Build, names: list[str]) -> list[dict]:
    out = []
    for name in dict.fromkeys(names):
        d = build.graph.nodes.get(f"service:{name}", {})
        out.append(
            {"name": name, "full": d.get("full", name), "category": d.get("category", ""),
             "kind": d.get("service_kind", "service")}
        )  # fmt: skip
    return out
