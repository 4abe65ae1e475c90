"""Course sections: which slides open a section, and which section every slide belongs to."""

from __future__ import annotations

import re

from ingest.catalog import Catalog
from ingest.records import Section, Slide
from ingest.slides import ParsedFile

__all__ = ["assign_sections"]

# A deck's section title slide carries one short plain-text subtitle line ("Regions, IAM & EC2"),
# or no body at all with "Section" in its title ("Route 53 Section").
MAX_SUBTITLE_WORDS = 15
_SECTION_WORD = re.compile(r"\bsection\b", re.IGNORECASE)
_LINKISH = re.compile(r"^(\[|<|https?:|www\.)", re.IGNORECASE)


def _title_case(title: str) -> bool:
    """Section titles are title case ("AWS Integration & Messaging"); diagram captions are not."""
    words = re.findall(r"[A-Za-z][\w']*", title)
    return all(w[0].isupper() for w in words if len(w) >= 4)


def _subtitle(slide: Slide) -> str | None:
    """The subtitle if this deck slide opens a section, else None."""
    if not _title_case(slide.title):
        return None
    if not slide.blocks:
        return "" if _SECTION_WORD.search(slide.title) else None
    if len(slide.blocks) != 1:
        return None
    block = slide.blocks[0]
    text = block.text.strip()
    if block.kind != "paragraph" or _LINKISH.match(text):
        return None
    if not text or len(text.split()) > MAX_SUBTITLE_WORDS or text.endswith((".", ":")):
        return None
    return text


def _lead_title(slides: list[Slide]) -> str:
    """A name for a deck's slides before its first section: the first title-case slide title
    (the course's cover, not a legal notice or a greeting sentence before it)."""
    for slide in slides:
        if _title_case(slide.title):
            return slide.title
    return slides[0].title


def assign_sections(parsed: ParsedFile, first_id: int, catalog: Catalog) -> list[Section]:
    """Set each slide's section and return the sections of one file, numbered from first_id,
    each with the services its heading names."""
    slides = parsed.slides
    if not slides:
        return []
    openers: list[tuple[int, str]] = []
    if parsed.style == "deck":
        for i, slide in enumerate(slides):
            sub = _subtitle(slide)
            if sub is not None:
                openers.append((i, sub))
    if not openers or openers[0][0] != 0:
        # Slides before the first opener (or a whole notes file) form the file's own section.
        openers.insert(0, (0, ""))
    sections: list[Section] = []
    for n, (start, subtitle) in enumerate(openers):
        end = openers[n + 1][0] if n + 1 < len(openers) else len(slides)
        first, last = slides[start], slides[end - 1]
        if start or subtitle:
            title = first.title
        elif parsed.style == "deck" and len(openers) > 1:
            title = _lead_title(slides[start:end])
        else:
            # A whole file with no section slides is named after the file: one slide's title
            # ("AWS Lambda") would make every slide part of "the Lambda section".
            title = parsed.title
        sec = Section(
            id=f"section:{first_id + n}",
            title=title,
            subtitle=subtitle,
            source=first.source,
            line_start=first.line_start,
            line_end=last.line_end,
            services=tuple(catalog.count(f"{title} {subtitle}")),
        )
        sections.append(sec)
        for slide in slides[start:end]:
            slide.section = sec.id
        if start or subtitle:
            first.opens_section = True
            first.subtitle = subtitle
    return sections
