"""Where an answer comes from, as a person follows it: "deck.pdf · page 3 · Title" for a PDF,
"deck.pptx · slide 5 · Title" for a PowerPoint deck, "notes.md:12-19 · Title" for markdown.

Every front end (CLI, app, API clients) shows a hit, a study step or a piece of evidence
through these, so one place decides how a source is cited.
"""

from __future__ import annotations

from collections.abc import Mapping

from ingest.records import locator

__all__ = ["cite", "locator", "where"]

SEPARATOR = " · "


def _get(record, key: str):
    return record.get(key) if isinstance(record, Mapping) else getattr(record, key, None)


def where(record) -> str:
    """The file and the place in it: its page, its slide, or its line span.

    record: a hit, chunk, concept, slide or evidence, as an object or a dict with `source`,
    `line_start`, `line_end` and, from a deck, `page` or `slide`.
    """
    source = _get(record, "source")
    at = locator(record)
    if "page" in at:
        return f"{source}{SEPARATOR}page {at['page']}"
    if "slide" in at:
        return f"{source}{SEPARATOR}slide {at['slide']}"
    return f"{source}:{_get(record, 'line_start')}-{_get(record, 'line_end')}"


def cite(record, title: str | None = None) -> str:
    """where(record) followed by the slide's title (or the title given)."""
    title = _get(record, "title") if title is None else title
    return f"{where(record)}{SEPARATOR}{title}" if title else where(record)
