"""Markdown → slides, from markdown-it-py tokens (never regexes over raw markdown).

Two styles are recognised per file:
- deck: several `#` headings; each `#` opens a slide and deeper headings are subtitles inside it;
- notes: one `#` title (or none) and `##`…`####` sections; each section is a slide carrying its
  heading path, and tiny sections fold into the parent right above them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePath

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ingest.records import Block, IngestWarning, Link, Slide, listed
from ingest.vault import inline_tags, note_links, obsidian_syntax, read_front_matter, token_text

__all__ = ["MAX_TITLE_CHARS", "ParsedFile", "parse_deck", "parse_markdown"]

MAX_TITLE_CHARS = 200
# A notes section with fewer body words than this folds into its parent.
TINY_SECTION_WORDS = 12
# Headings deeper than this stay inside the slide as sub-headings.
NOTES_SPLIT_DEPTH = 4

# An HTML tag opens on a letter, "/" or "!": "Lambda <- SQS … >= 6x" is text, not a tag.
_TAG = re.compile(r"<[A-Za-z/!][^>\n]{0,200}>")
_SPACE = re.compile(r"[ \t\u00a0]+")


@dataclass(slots=True)
class ParsedFile:
    """The slides of one file and the style they were read in; a note's [[links]] too."""

    slides: list[Slide]
    style: str  # "deck" | "notes"
    title: str  # notes: the file's heading; deck: the file's name (its headings are slides)
    links: list[Link] = field(default_factory=list)


@dataclass(slots=True)
class _Heading:
    level: int
    text: str
    line: int


# markdown-it stops at this many open blocks (a list level is two: the list and its item)
# and drops the rest of the document; its default, 20, cut notes nested ten lists deep.
MAX_NESTING = 100


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable("table")
    return md.use(obsidian_syntax)


def _nesting_warning(tokens: list[Token], source: str) -> IngestWarning | None:
    """A warning when markdown-it reached its nesting limit, and so dropped text after it."""
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is None or deepest.level < MAX_NESTING - 1:
        return None
    line = deepest.map[0] + 1 if deepest.map else 0
    return IngestWarning(
        source,
        f"lists or quotes nested over {MAX_NESTING // 2} levels deep near line {line}: what "
        "lies below that depth, and after it in the file, was not read",
    )


def clean_text(text: str) -> str:
    """Drop HTML tags and entities that markdown-to-text leaves behind; fold spaces."""
    text = html.unescape(_TAG.sub("", text))
    return _SPACE.sub(" ", text).strip()


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content or "")
        elif (text := token_text(child)) is not None:
            parts.append(text)
    text = clean_text("".join(parts))
    if text or any(c.type == "wikilink" for c in token.children or []):
        return text  # a line holding only an embed (![[picture.png]]) shows no text
    # A line that is nothing but markup ("# <img src=x ...>") is kept as literal text rather
    # than lost: it is what the author typed, and every display escapes it.
    return _SPACE.sub(" ", token.content).strip()


def _blocks_and_headings(tokens: list[Token]) -> list[Block | _Heading]:
    """Flatten the token stream into headings and text blocks, in document order."""
    out: list[Block | _Heading] = []
    list_depth = 0
    row: list[str] = []
    row_map: list[int] | None = None
    header: tuple[str, ...] = ()  # the header cells of the table being read
    in_head = False
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "heading_open":
            text = _inline_text(tokens[i + 1])
            out.append(_Heading(int(tok.tag[1]), text, tok.map[0] + 1))
            i += 2
        elif kind == "paragraph_open" and tok.map and row_map is None:
            text = _inline_text(tokens[i + 1])
            if text:
                para_kind = "bullet" if list_depth else "paragraph"
                out.append(Block(text, tok.map[0] + 1, tok.map[1], para_kind, list_depth))
            i += 2
        elif kind in ("fence", "code_block") and tok.map:
            text = tok.content.strip("\n")
            if text.strip():
                out.append(Block(text, tok.map[0] + 1, tok.map[1], "code"))
        elif kind == "html_block" and tok.map:
            text = clean_text(tok.content)
            if text:
                out.append(Block(text, tok.map[0] + 1, tok.map[1], "paragraph"))
        elif kind in ("thead_open", "thead_close"):
            in_head = kind == "thead_open"
        elif kind == "tr_open":
            row, row_map = [], tok.map
        elif kind == "inline" and row_map is not None:
            row.append(_inline_text(tok))
        elif kind == "tr_close" and row_map is not None:
            text = " | ".join(c for c in row if c)
            columns = () if in_head else header
            if in_head:
                header = tuple(row)
            if text:
                lines = (row_map[0] + 1, row_map[1])
                out.append(Block(text, *lines, "table", cells=tuple(row), columns=columns))
            row_map = None
        i += 1
    return out


def _title(text: str, source: str, warnings: list[IngestWarning]) -> str:
    if len(text) > MAX_TITLE_CHARS:
        warnings.append(
            IngestWarning(source, f"heading of {len(text)} characters cut to {MAX_TITLE_CHARS}")
        )
        return text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return text


def _close(slide: Slide) -> Slide:
    if slide.blocks:
        slide.line_end = max(slide.line_start, max(b.line_end for b in slide.blocks))
    return slide


def _split(items, source: str, fallback: str, warnings, depth: int) -> list[Slide]:
    """A slide per heading of level <= depth, carrying its heading path; deeper headings
    stay inside the slide as sub-headings. Text before any heading gets the fallback title."""
    slides: list[Slide] = []
    stack: list[tuple[int, str]] = []
    current: Slide | None = None
    for item in items:
        if isinstance(item, _Heading) and item.level <= depth:
            if current:
                slides.append(_close(current))
            title = _title(item.text, source, warnings) or fallback
            while stack and stack[-1][0] >= item.level:
                stack.pop()
            stack.append((item.level, title))
            current = Slide(title, [t for _, t in stack], source, item.line, item.line)
            continue
        if current is None:
            current = Slide(fallback, [fallback], source, _line_of(item), _line_of(item))
        if isinstance(item, _Heading):
            item = Block(_title(item.text, source, warnings), item.line, item.line, "heading")
        current.blocks.append(item)
    if current:
        slides.append(_close(current))
    return slides


def _line_of(item: Block | _Heading) -> int:
    return item.line if isinstance(item, _Heading) else item.line_start


def _fold_tiny(slides: list[Slide]) -> list[Slide]:
    """Fold a tiny section into the parent or sibling right above it; drop empty parents."""
    out: list[Slide] = []
    for slide in slides:
        parent = out[-1] if out else None
        is_child = parent is not None and (
            slide.heading_path[: len(parent.heading_path)] == parent.heading_path
            and len(slide.heading_path) > len(parent.heading_path)
        )
        is_sibling = parent is not None and (
            len(slide.heading_path) > 1 and parent.heading_path[:-1] == slide.heading_path[:-1]
        )
        body_words = slide.words - len(slide.title.split())
        tiny = body_words < TINY_SECTION_WORDS
        if (is_child or is_sibling) and parent.blocks and tiny:
            parent.blocks.append(Block(slide.title, slide.line_start, slide.line_start, "heading"))
            parent.blocks.extend(slide.blocks)
            parent.line_end = max(parent.line_end, slide.line_end)
            continue
        if is_child and not parent.blocks:
            out.pop()  # its title lives on in this slide's heading path
        out.append(slide)
    return out


def parse_markdown(text: str, source: str, fallback_title: str) -> tuple[ParsedFile, list]:
    """Split one markdown document into slides; returns the parsed file and any warnings."""
    warnings: list[IngestWarning] = []
    text, front, front_warning = read_front_matter(text, source)
    if front_warning:
        warnings.append(front_warning)
    tokens = _parser().parse(text)
    if warning := _nesting_warning(tokens, source):
        warnings.append(warning)
    items = _blocks_and_headings(tokens)
    h1 = [i for i in items if isinstance(i, _Heading) and i.level == 1]
    style = "deck" if len(h1) >= 2 else "notes"
    if style == "deck":
        slides = _split(items, source, fallback_title, warnings, depth=1)
    else:
        slides = _fold_tiny(_split(items, source, fallback_title, warnings, NOTES_SPLIT_DEPTH))
    title = _title(h1[0].text, source, []) if h1 and style == "notes" else fallback_title
    tags = tuple(dict.fromkeys([*front.tags, *inline_tags(tokens)]))
    for slide in slides:
        slide.tags, slide.aliases = tags, front.aliases
    links = note_links(tokens, source)
    return ParsedFile(slides, style, title or fallback_title, links), warnings


def parse_deck(
    pages: list, read_page, display: str, noun: str, lacking: str, why: str
) -> tuple[ParsedFile | None, list[IngestWarning]]:
    """A deck's slides, one per page (or slide) with text: read_page(page, number, first_line)
    gives its Slide, or None when it has no text; those are named in one warning (`why`), and a
    deck where no `noun` has `lacking` is skipped."""
    slides: list[Slide] = []
    blank: list[int] = []
    line = 1
    for number, page in enumerate(pages, 1):
        slide = read_page(page, number, line)
        if slide is None:
            blank.append(number)
            continue
        slides.append(slide)
        line = slide.line_end + 1
    if not slides:
        return None, [IngestWarning(display, f"skipped: no {noun} has {lacking}")]
    warnings = []
    if blank:
        warnings.append(
            IngestWarning(display, f"{listed(noun, blank)} of {len(pages)} skipped: {why}")
        )
    return ParsedFile(slides, "deck", PurePath(display).stem), warnings
