"""Slides → concepts (consecutive slides on one topic) → chunks sized for the embedding model."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ingest.catalog import Catalog
from ingest.records import Block, Chunk, Concept, Section, Slide

__all__ = ["MAX_CHUNK_WORDS", "OVERLAP_WORDS", "build_concepts", "chunk_concepts"]

# all-MiniLM-L6-v2 reads 256 word pieces; ~180 words stays inside that with the title prefix.
MAX_CHUNK_WORDS = 180
OVERLAP_WORDS = 30
# A concept never grows past this many slides, so a long run of one title stays browsable.
MAX_CONCEPT_SLIDES = 8

_VERSION = re.compile(
    r"\((v\d+|cont(\.|inued)?|part \w+|\d+)\)|\b(cont(\.|inued)?|part \d+)\b", re.I
)
_NONWORD = re.compile(r"[^a-z0-9@]+")
# "X – detail", "X: detail": a title that extends the previous one after an explicit separator.
_SEPARATORS = (" – ", " - ", " — ", ": ", " : ")


def _topic(title: str) -> str:
    return _NONWORD.sub(" ", _VERSION.sub(" ", title.lower())).strip()


def _continues(prev: Slide, slide: Slide, first: Slide) -> bool:
    if slide.opens_section or prev.section != slide.section:
        return False
    if slide.heading_path[:-1] != prev.heading_path[:-1]:
        return False
    head = _topic(first.title)
    this = _topic(slide.title)
    if not head or not this:
        return False
    if this == head:
        return True
    # "Lambda@Edge" followed by "Lambda@Edge: Global application"
    return any(slide.title.startswith(first.title + sep) for sep in _SEPARATORS)


def build_concepts(
    slides: list[Slide], catalog: Catalog, first_id: int, sections: Sequence[Section] = ()
) -> list[Concept]:
    """Group consecutive slides into concepts and record the services each one names; a
    concept whose title names none is about the one service its section's heading names."""
    concepts: list[Concept] = []
    for slide in slides:
        last = concepts[-1] if concepts else None
        if (
            last is not None
            and len(last.slides) < MAX_CONCEPT_SLIDES
            and _continues(last.slides[-1], slide, last.slides[0])
        ):
            last.slides.append(slide)
            continue
        cid = f"concept:{first_id + len(concepts)}"
        concepts.append(Concept(cid, slide.title, slide.section, [slide]))
    by_id = {s.id: s for s in sections}
    for concept in concepts:
        _count_services(concept, catalog, by_id.get(concept.section_id))
    return concepts


def own_headings(slide: Slide, section: Section | None) -> str:
    """The headings a slide's services are read from: its heading path, less the title of
    the notes file above it when that title lists several services ("Messaging: SQS, SNS and
    Kinesis" names peers the file covers, each of which a section names itself). A title
    naming one service is the topic of every section under it, and stays."""
    path = list(slide.heading_path)
    if section and len(path) > 1 and path[0] == section.title and len(section.services) > 1:
        path = path[1:]
    return " ".join(path)


def _count_services(concept: Concept, catalog: Catalog, section: Section | None) -> None:
    """Record mention counts and the service the concept is mainly about.

    The title outweighs the body: "SQS – Dead Letter Queue" is about SQS even when Lambda is
    named more often in its bullets. A concept whose title names no service ("Weighted Routing
    Policy", or "CNAME vs Alias" with load balancers in its bullets, in the Route 53 section)
    is about its section's service, if the section's heading names exactly one.
    """
    # A heading listing several services ("SQS, SNS & Kinesis") names peers, not a topic.
    section_topic = section.services[0] if section and len(section.services) == 1 else None
    body = Counter()
    titled = Counter()
    for slide in concept.slides:
        titled.update(catalog.count(own_headings(slide, section)))
        body.update(catalog.count(slide.body))
    total = body + titled
    concept.services = dict(total.most_common())
    if not total or (section_topic and not titled):
        concept.about = section_topic
        concept.about_source = "section" if section_topic else ""
        return
    scores = {name: body[name] + 5 * titled[name] for name in total}
    best = max(scores.values())
    # Ties go to the service named first in the title, then the first in the body.
    order = [m.service for m in catalog.mentions(concept.title)] + list(total)
    concept.about = next(n for n in order if scores.get(n) == best)


def _windows(blocks: list[Block]) -> list[list[Block]]:
    """Split a long slide's blocks into windows of at most MAX_CHUNK_WORDS, overlapping."""
    windows: list[list[Block]] = []
    current: list[Block] = []
    words = 0
    for block in blocks:
        n = len(block.text.split())
        if current and words + n > MAX_CHUNK_WORDS:
            windows.append(current)
            overlap: list[Block] = []
            kept = 0
            for prev in reversed(current):
                kept += len(prev.text.split())
                if kept > OVERLAP_WORDS:
                    break
                overlap.insert(0, prev)
            current, words = overlap, sum(len(b.text.split()) for b in overlap)
        current.append(block)
        words += n
    if current:
        windows.append(current)
    return windows


def _split_block(block: Block) -> list[Block]:
    """A single block longer than a window (a big code listing) is cut by words."""
    words = block.text.split()
    if len(words) <= MAX_CHUNK_WORDS:
        return [block]
    step = MAX_CHUNK_WORDS - OVERLAP_WORDS
    return [
        Block(
            " ".join(words[i : i + MAX_CHUNK_WORDS]), block.line_start, block.line_end, block.kind
        )
        for i in range(0, len(words), step)
    ]


def chunk_concepts(
    concepts: list[Concept], sections: dict[str, Section], catalog: Catalog, first_id: int = 0
) -> list[Chunk]:
    """One chunk per slide, split with overlap where a slide is longer than the model window."""
    chunks: list[Chunk] = []
    for concept in concepts:
        section = sections[concept.section_id]
        for slide in concept.slides:
            blocks = [piece for b in slide.blocks for piece in _split_block(b)]
            groups = _windows(blocks) if blocks else [[]]
            for group in groups:
                text = "\n".join(b.text for b in group)
                start = slide.line_start if group is groups[0] else group[0].line_start
                end = max([b.line_end for b in group], default=slide.line_end)
                names = catalog.count(own_headings(slide, section) + "\n" + text)
                chunks.append(
                    Chunk(
                        chunk_id=first_id + len(chunks),
                        concept=concept.id,
                        title=slide.title,
                        heading_path=list(slide.heading_path),
                        section=section.title,
                        source=slide.source,
                        line_start=start,
                        line_end=max(start, end),
                        text=text,
                        services=[n for n, _ in names.most_common()],
                        page=slide.page,
                        slide=slide.slide,
                        tags=list(slide.tags),
                        aliases=list(slide.aliases),
                    )
                )
    return chunks
