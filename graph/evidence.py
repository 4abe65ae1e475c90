"""Evidence as plans cite it: `{source, line_start, line_end, text}`, and short quotes."""

from __future__ import annotations

from graph.relations import statement
from graph.snippets import shorten
from ingest.records import locator

__all__ = ["cite", "quote", "slide_cite"]

# A quote in a reason stops at a word boundary near this many characters.
QUOTE_CHARS = 160


def cite(evidence: dict) -> dict:
    """A relation's evidence record as a citation: the statement in full, a bare item
    ("S3") with the title and lead line it stands under."""
    return {
        "source": evidence["source"],
        "line_start": evidence["line_start"],
        "line_end": evidence["line_end"],
        **locator(evidence),  # the page or slide of a deck
        "text": statement(evidence, width=10**6),
    }


def slide_cite(slide: dict, text: str) -> dict:
    """A citation of a slide (or a heading) by its line span, with the text it shows."""
    return {
        "source": slide["source"],
        "line_start": slide["line_start"],
        "line_end": slide["line_end"],
        **locator(slide),
        "text": text,
    }


def quote(text: str, width: int = QUOTE_CHARS) -> str:
    """Text cut at a word boundary with "…" when longer than width (graph.snippets, which
    keeps a link whole), in quotation marks."""
    return f"“{shorten(' '.join(text.split()), width + 1)}”"
