"""PDF decks → slides: one slide per page, titled by its largest text, bullets kept.

Text comes from PDFium (pypdfium2) character by character, with each character's box and
font size: lines are PDFium's, in the order the page draws them. The lines a deck repeats
on most pages (a running footer, page numbers) are dropped; the first line set in the
page's largest type is its title; the rest become blocks: a bullet glyph opens an item, and
a line that carries on the one above it (same size and margin, just below, the one above
reaching the right edge) joins it. docs/formats.md has the rules and why.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.records import Block, IngestWarning, Slide
from ingest.slides import MAX_TITLE_CHARS, ParsedFile, parse_deck

__all__ = ["MAX_PAGES", "read_pdf"]

# A course deck is a few hundred pages; past this a file is a book or a scan archive, and
# reading it would hold a build for minutes: it is skipped with a line that says so.
MAX_PAGES = 1000
# Characters that open a bullet item; the dash-like ones only when a space follows.
BULLET_GLYPHS = frozenset("•◦▪▫‣⁃○●■□►▶➢➤✓✔❖◆◇")
DASH_BULLETS = frozenset("-–—*")
# A line repeated on at least this share of the pages, in the top or bottom band of the
# page, is a running header or footer.
RUNNING_SHARE = 0.5
RUNNING_BAND = 0.15
_PAGE_NUMBER = re.compile(r"(page\s*)?\d{1,4}(\s*(/|of)\s*\d{1,4})?", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\uffff]")
# PDFium reports a hyphen it takes for a soft one as U+0002 (U+FFFE in its text dumps).
_SOFT_HYPHENS = str.maketrans({"\x02": "\u00ad", "\ufffe": "\u00ad"})


@dataclass(slots=True)
class _Line:
    text: str
    left: float  # where the line's first character starts
    text_left: float  # where its words start (after a bullet glyph)
    right: float
    first_word: float  # the width of its first word
    top: float  # from the top of the page, in points
    bottom: float
    size: float
    bullet: bool = False
    hyphen_end: bool = False  # the line ends in a hyphen that splits a word


class PdfUnreadable(Exception):
    """A PDF that cannot be read at all; the message is the one-line reason."""


def _open(data: bytes | Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data if isinstance(data, bytes) else str(data))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise PdfUnreadable(
                "skipped: the PDF is encrypted (password protected); save a copy without a "
                "password to include it"
            ) from None
        raise PdfUnreadable("skipped: not a readable PDF (damaged or truncated)") from None


def _char_lines(page) -> list[list[tuple[str, tuple, float]]]:
    """The page's characters, line by line as PDFium breaks them: (char, box, font size)."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        lines: list[list] = [[]]
        for i in range(textpage.count_chars()):
            char = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
            if char in "\r\n":
                if lines[-1]:
                    lines.append([])
                continue
            box = textpage.get_charbox(i) if char.strip() else None
            lines[-1].append((char, box, raw.FPDFText_GetFontSize(textpage.raw, i)))
        return [line for line in lines if line]
    finally:
        textpage.close()


def _line(chars: list, height: float) -> _Line | None:
    text = "".join(c for c, _, _ in chars).translate(_SOFT_HYPHENS)
    text = " ".join(_CONTROL.sub("", unicodedata.normalize("NFKC", text)).split())
    hyphen_end = text.endswith("\u00ad")
    text = text.rstrip("\u00ad").replace("\u00ad", "-")
    boxes = [(box, size) for _, box, size in chars if box is not None]
    if not text or not boxes:
        return None
    first = text[0]
    bullet = first in BULLET_GLYPHS or (first in DASH_BULLETS and text[1:2] == " ")
    if bullet:
        text = text[1:].strip()
        if not text:
            return None
    lefts = [box[0] for box, _ in boxes]
    text_left = boxes[1][0][0] if bullet and len(boxes) > 1 else lefts[0]
    return _Line(
        text=text,
        left=lefts[0],
        text_left=text_left,
        right=max(box[2] for box, _ in boxes),
        first_word=_first_word_right(chars, bullet) - text_left,
        top=height - max(box[3] for box, _ in boxes),
        bottom=height - min(box[1] for box, _ in boxes),
        size=Counter(round(size, 1) for _, size in boxes).most_common(1)[0][0],
        bullet=bullet,
        hyphen_end=hyphen_end,
    )


def _first_word_right(chars: list, bullet: bool) -> float:
    """Where the line's first word (after a bullet glyph) ends."""
    right = None
    for _char, box, _ in chars:
        if box is None:
            if right is not None:
                break
            continue
        if bullet:
            bullet = False  # the glyph itself
            continue
        right = box[2]
    return right or 0.0


def _page_lines(page) -> tuple[list[_Line], float, float]:
    height = page.get_height()
    lines = [_line(chars, height) for chars in _char_lines(page)]
    return [line for line in lines if line is not None], height, page.get_width()


def _band(line: _Line, height: float) -> bool:
    return line.bottom <= height * RUNNING_BAND or line.top >= height * (1 - RUNNING_BAND)


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _drop_running(pages: list[tuple[list[_Line], float]]) -> list[list[_Line]]:
    """Each page's lines without running headers and footers and bare page numbers."""
    with_text = [p for p in pages if p[0]]
    counts = Counter(
        key for lines, height, _ in with_text
        for key in {_running_key(ln.text) for ln in lines if _band(ln, height)}
    )  # fmt: skip
    need = max(3, RUNNING_SHARE * len(with_text))
    running = {key for key, n in counts.items() if n >= need}
    return [
        [
            ln for ln in lines
            if not (_band(ln, height) and (_running_key(ln.text) in running
                                           or _PAGE_NUMBER.fullmatch(ln.text)))
        ]
        for lines, height, _ in pages
    ]  # fmt: skip


def _title_lines(lines: list[_Line]) -> tuple[int, int]:
    """Where the title starts (the first line set in the page's largest type) and how many
    lines it takes (a title may wrap onto three)."""
    largest = max(ln.size for ln in lines)
    first = next(i for i, ln in enumerate(lines) if ln.size >= 0.95 * largest)
    n = 1
    while (
        first + n < len(lines)
        and n < 3
        and abs(lines[first + n].size - lines[first].size) < 0.05 * largest
        and lines[first + n].top - lines[first + n - 1].bottom < 0.6 * largest
    ):
        n += 1
    return first, n


def _continues(line: _Line, block: list[_Line], column_right: float) -> bool:
    """True when line carries on the text of block: a wrapped line, in the same type, just
    below, at the same margin, and whose first word would not have fitted on the line above
    (had it fitted, the line above ended its item)."""
    prev = block[-1]
    size = prev.size
    space = 0.25 * size
    return (
        not line.bullet
        and abs(line.size - size) <= 0.1 * size
        and -0.3 * size <= line.top - prev.bottom <= 0.6 * size
        and abs(line.left - block[0].text_left) <= 0.6 * size
        and prev.right + space + line.first_word > column_right - 0.5 * size
    )


def _depths(lines: list[_Line]) -> dict[float, int]:
    """Bullet depth (1 = outermost) by how far each bullet glyph is indented."""
    levels: list[float] = []
    for x in sorted({round(ln.left, 1) for ln in lines if ln.bullet}):
        if not levels or x - levels[-1] > 0.5 * min(ln.size for ln in lines):
            levels.append(x)
    return {x: i + 1 for i, x in enumerate(levels)}


def _blocks(lines: list[_Line], first_line: int, width: float) -> list[Block]:
    if not lines:
        return []
    # The text column's right edge: as far right as any line reaches, or as far from the
    # page's right edge as the text starts from its left (slides keep even margins).
    column_right = max(max(ln.right for ln in lines), width - min(ln.left for ln in lines))
    depths = _depths(lines)
    groups: list[list[_Line]] = []
    for line in lines:
        if groups and _continues(line, groups[-1], column_right):
            groups[-1].append(line)
        else:
            groups.append([line])
    blocks = []
    number = first_line
    for group in groups:
        head = group[0]
        depth = 0
        if head.bullet:
            x = round(head.left, 1)
            depth = max((d for lx, d in depths.items() if lx <= x + 0.01), default=1)
        text = "".join(ln.text + ("" if ln.hyphen_end or ln is group[-1] else " ") for ln in group)
        kind = "bullet" if head.bullet else "paragraph"
        blocks.append(Block(text, number, number + len(group) - 1, kind, depth))
        number += len(group)
    return blocks


def _slide(lines: list[_Line], width: float, page: int, display: str, first_line: int) -> Slide:
    start, count = _title_lines(lines)
    title = " ".join(ln.text for ln in lines[start : start + count])
    if len(title) > MAX_TITLE_CHARS:
        title = title[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    body = lines[:start] + lines[start + count :]
    blocks = _blocks(body, first_line + count, width)
    end = blocks[-1].line_end if blocks else first_line + count - 1
    return Slide(title, [title], display, first_line, end, blocks, page=page)


def read_pdf(data: bytes | Path, display: str) -> tuple[ParsedFile | None, list[IngestWarning]]:
    """One slide per page with text (data: the file's bytes, or its path); None and the
    reason when the file cannot be read."""
    try:
        doc = _open(data)
    except PdfUnreadable as exc:
        return None, [IngestWarning(display, str(exc))]
    try:
        count = len(doc)
        if count > MAX_PAGES:
            return None, [IngestWarning(
                display, f"skipped: {count:,} pages is over the {MAX_PAGES:,}-page limit; "
                "split it into parts (chapters) to include it"
            )]  # fmt: skip
        pages = []
        for i in range(count):
            page = doc[i]
            try:
                pages.append(_page_lines(page))
            finally:
                page.close()
    finally:
        doc.close()
    return parse_deck(
        list(zip(_drop_running(pages), pages, strict=True)),
        lambda page, number, line: (
            _slide(page[0], page[1][2], number, display, line) if page[0] else None
        ),
        display, "page", "a text layer (a scan?); run OCR on it to include it",
        "no text layer (a scan, or only pictures); run OCR on the file to include them",
    )  # fmt: skip
