"""PowerPoint decks (.pptx) → slides: one per slide, titled by its title placeholder, with
body text, tables as text and speaker notes (marked as such).

Shapes are read top to bottom, then left to right, groups included; a paragraph of a body
placeholder (or one with a bullet of its own) is a bullet at its outline level. Lines count
the deck's text lines in that order (docs/formats.md).
"""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from ingest.records import Block, IngestWarning, Slide
from ingest.slides import MAX_TITLE_CHARS, ParsedFile, parse_deck

__all__ = ["MAX_UNPACKED_BYTES", "NOTES_MARK", "read_pptx"]

# python-pptx holds every part of the package in memory: a deck whose parts unpack to more
# than this (a zip bomb, or hours of embedded video) is skipped rather than read.
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
NOTES_MARK = "Speaker notes:"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # password-protected Office files, and old .ppt files
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


class PptxUnreadable(Exception):
    """A deck that cannot be read at all; the message is the one-line reason."""


def _check_package(data: bytes) -> None:
    if data[:4] == _OLE_MAGIC:
        raise PptxUnreadable(
            "skipped: password-protected, or an old .ppt file; save it as .pptx without a "
            "password to include it"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, OSError):
        raise PptxUnreadable("skipped: not a readable PowerPoint file (damaged)") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise PptxUnreadable(
            f"skipped: unpacks to {unpacked / 1024**2:,.0f} MB, over the "
            f"{MAX_UNPACKED_BYTES // 1024**2} MB limit"
        )


def _clean(text: str) -> str:
    # A line break inside a paragraph is a vertical tab in python-pptx's text.
    return " ".join(text.replace("\v", " ").split())


def _position(shape) -> tuple[int, int]:
    return (shape.top if shape.top is not None else 0, shape.left if shape.left is not None else 0)


def _is_body(shape) -> bool:
    from pptx.enum.shapes import PP_PLACEHOLDER

    if not shape.is_placeholder:
        return False
    kind = shape.placeholder_format.type
    return kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, None)


def _bullet(paragraph, body: bool) -> bool:
    """A body placeholder's paragraphs are bullets unless marked otherwise; elsewhere only
    those that carry a bullet of their own."""
    props = paragraph._p.pPr  # python-pptx has no public reader for bullet settings
    if props is not None:
        if props.find(f"{_A}buNone") is not None:
            return False
        if props.find(f"{_A}buChar") is not None or props.find(f"{_A}buAutoNum") is not None:
            return True
    return body


def _shape_texts(shape) -> list[tuple[str, str, int]]:
    """(text, kind, depth) for each paragraph or table row of a shape, groups opened."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
        return [t for inner in sorted(shape.shapes, key=_position) for t in _shape_texts(inner)]
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = []
        for row in shape.table.rows:
            cells = [_clean(cell.text) for cell in row.cells]
            if any(cells):
                rows.append((" | ".join(c for c in cells if c), "table", 0))
        return rows
    if not shape.has_text_frame:
        return []
    body = _is_body(shape)
    out = []
    for paragraph in shape.text_frame.paragraphs:
        text = _clean(paragraph.text)
        if text:
            if _bullet(paragraph, body):
                out.append((text, "bullet", paragraph.level + 1))
            else:
                out.append((text, "paragraph", 0))
    return out


def _notes(slide) -> str:
    if not slide.has_notes_slide:
        return ""
    frame = slide.notes_slide.notes_text_frame
    return _clean(" ".join(p.text for p in frame.paragraphs)) if frame is not None else ""


def _title(slide) -> str:
    shape = slide.shapes.title
    return _clean(shape.text) if shape is not None and shape.has_text_frame else ""


def _read_slide(slide, number: int, display: str, line: int) -> Slide | None:
    title_shape = slide.shapes.title
    texts = [
        t
        for shape in sorted(slide.shapes, key=_position)
        if title_shape is None or shape.shape_id != title_shape.shape_id
        for t in _shape_texts(shape)
    ]
    notes = _notes(slide)
    title = _title(slide)
    if not title and texts:
        title = texts.pop(0)[0]  # no title placeholder: the first text stands for it
    if not title and not notes:
        return None
    title = title or f"Slide {number}"
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    blocks = [Block(text, line + n, line + n, kind, depth) for n, (text, kind, depth) in
              enumerate(texts, 1)]  # fmt: skip
    if notes:
        at = line + len(blocks) + 1
        blocks.append(Block(f"{NOTES_MARK} {notes}", at, at, "notes"))
    end = blocks[-1].line_end if blocks else line
    return Slide(title, [title], display, line, end, blocks, slide=number)


def read_pptx(data: bytes | Path, display: str) -> tuple[ParsedFile | None, list[IngestWarning]]:
    """One slide per slide with text (data: the file's bytes, or its path); None and the
    reason when the deck cannot be read."""
    if not isinstance(data, bytes):
        data = Path(data).read_bytes()
    try:
        _check_package(data)
        from pptx import Presentation

        try:
            deck = Presentation(io.BytesIO(data))
            raw_slides = list(deck.slides)
        except Exception:  # python-pptx raises many kinds on a damaged package
            raise PptxUnreadable("skipped: not a readable PowerPoint file (damaged)") from None
    except PptxUnreadable as exc:
        return None, [IngestWarning(display, str(exc))]
    return parse_deck(
        raw_slides, functools.partial(_safe_slide, display=display), display, "slide",
        "any text", "no text (only pictures)",
    )  # fmt: skip


def _safe_slide(raw, number: int, line: int, display: str) -> Slide | None:
    try:
        return _read_slide(raw, number, display, line)
    except Exception:  # one damaged slide must not lose the deck
        return None
