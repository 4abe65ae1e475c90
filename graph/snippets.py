"""Short pieces of slide text for a reader: cut at a word with "…", links kept as links.

Slide text is user content. `to_markdown` writes it as markdown that shows it literally
(markup and HTML escaped), except for the two things a reader should get: web links, which
stay clickable, and the `**term**` marks search puts around a question's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Piece", "escape_md", "links", "pieces", "shorten", "to_markdown", "unmarked",
    "without_paths",
]  # fmt: skip

ELLIPSIS = "…"
# A web link as slides write it: with a scheme, or starting "www.". It ends before space,
# quotes, brackets and angle brackets; "**" inside is a search mark, not part of the address.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
# Punctuation that closes a sentence after a link rather than belonging to it.
_TRAILING = ".,;:!?*"
# A markdown export escapes "_" and friends inside bare links ("VPC\_Security.html"); the
# address itself has none.
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
# Everything markdown (or Streamlit's :colour[...] and :icon: directives) could read as markup.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$:=])")
# A word with a slash in it, inside a message: a file path unless it is a web address.
_SLASHED = re.compile(r"[^\s'\"`()\[\]]*[/\\][^\s'\"`()\[\]]*")
# Where a cut may leave a dangling separator before the "…".
_DANGLING = " \t\n,;:–—-(/"


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text: plain, a marked search term ("strong"), or a link with its address."""

    kind: str  # "text" | "strong" | "link"
    text: str
    url: str = ""


def escape_md(text: str) -> str:
    """Show text literally in markdown: markdown and HTML characters are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _link_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, address) of each web link in text, sentence punctuation left outside."""
    spans = []
    for m in _URL.finditer(text):
        raw = m.group(0)
        end = m.end() - (len(raw) - len(raw.rstrip(_TRAILING)))
        address = _ESCAPED.sub(r"\1", text[m.start() : end].replace("**", ""))
        if address.lower().startswith("www."):
            address = "https://" + address
        if re.match(r"(?i)https?://[^/]*\w\.\w", address) and not address.endswith("\\"):
            spans.append((m.start(), end, address))
    return spans


def links(text: str) -> list[str]:
    """The web addresses written in text, in order."""
    return [address for _, _, address in _link_spans(text)]


def shorten(text: str, width: int) -> str:
    """text, or its start cut at a word (never inside a link) with "…", at most width long."""
    text = str(text)
    if len(text) <= width:
        return text
    limit = max(1, width - len(ELLIPSIS))
    cut = max(text.rfind(" ", 0, limit + 1), text.rfind("\n", 0, limit + 1))
    for start, end, _ in _link_spans(text):
        if start < cut < end or start < limit < end:
            cut = start if start > 0 else end  # the whole link or nothing of it
            break
    if cut <= 0:
        cut = limit  # one word longer than the width: cut inside it
    return text[:cut].rstrip(_DANGLING) + ELLIPSIS


def pieces(text: str) -> list[Piece]:
    """text split into plain runs, marked terms and links, in order."""
    out: list[Piece] = []
    at = 0
    for start, end, address in _link_spans(text):
        out += _marked_pieces(text[at:start])
        shown = _ESCAPED.sub(r"\1", text[start:end].replace("**", ""))
        out.append(Piece("link", shown, address))
        at = end
    out += _marked_pieces(text[at:])
    return out


def _marked_pieces(text: str) -> list[Piece]:
    out: list[Piece] = []
    at = 0
    for m in _STRONG.finditer(text):
        if m.start() > at:
            out.append(Piece("text", text[at : m.start()]))
        out.append(Piece("strong", m.group(1)))
        at = m.end()
    if at < len(text):
        out.append(Piece("text", text[at:]))
    return out


def to_markdown(text: str, width: int | None = None) -> str:
    """Safe markdown for a piece of slide text (cut to width first, if given): everything
    shows as written, links are clickable, marked search terms are bold."""
    if width is not None:
        text = shorten(text, width)
    out = []
    for piece in pieces(text):
        if piece.kind == "link":
            out.append(f"[{escape_md(piece.text)}]({piece.url.replace(' ', '%20')})")
        elif piece.kind == "strong":
            out.append(f"**{escape_md(piece.text)}**")
        else:
            out.append(escape_md(piece.text))
    return "".join(out)


def unmarked(text: str) -> str:
    """text without the search marks, for plain output."""
    return _STRONG.sub(r"\1", text)


def without_paths(message: str) -> str:
    """A message for someone who cannot see the server's disk: every file path in it is
    cut to the file's own name ("/srv/kg/uploads/3f/notes/a.md" -> "a.md")."""

    def name(m: re.Match) -> str:
        word = m.group(0)
        if "://" in word or word.lower().startswith("www.") or not re.search(r"[A-Za-z]", word):
            return word
        tail = word.rstrip(".,;:!?")
        parts = [p for p in re.split(r"[/\\]", tail) if p]
        return (parts[-1] if parts else tail) + word[len(tail) :]

    return _SLASHED.sub(name, str(message))
