"""Obsidian notes: YAML front matter, [[wikilinks]], #tags and callouts, and links resolved to
the notes they name.

Every markdown file is read this way (a vault is a folder of markdown that uses these), and
the syntax is found in markdown-it's tokens, never in raw text: a link or a tag inside code
stays code. docs/formats.md has the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ingest.records import IngestWarning, Link

__all__ = [
    "FrontMatter",
    "LinkTarget",
    "NoteLinks",
    "inline_tags",
    "note_links",
    "obsidian_syntax",
    "read_front_matter",
    "resolve",
]

# A front matter larger than this is no list of tags and aliases; it is read as absent.
MAX_FRONT_MATTER_CHARS = 64 * 1024
# Files an embed (![[...]]) shows rather than links: pictures, sound, video.
MEDIA_SUFFIXES = frozenset(
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp", ".avif", ".mp3", ".wav", ".m4a",
     ".ogg", ".flac", ".mp4", ".webm", ".mov", ".mkv"]
)  # fmt: skip

_WIKILINK = re.compile(r"(!?)\[\[([^\[\]\n]+?)\]\]")
# Obsidian's tags: after a space (or at the start), letters, digits, _, - and / for nesting,
# at least one of them not a digit ("#123" is no tag).
_TAG = re.compile(r"(?<![^\s(])#([\w/-]+)")
_CALLOUT = re.compile(r"^\[!([A-Za-z][\w-]*)\][+-]?[ \t]*")


@dataclass(slots=True)
class FrontMatter:
    """What a note's front matter says that kg uses: its tags and its other names."""

    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """What a wikilink names: a note (or file) name or path, and a heading in it."""

    name: str
    heading: str = ""
    shown: str = ""
    embed: bool = False

    @property
    def is_media(self) -> bool:
        return PurePosixPath(self.name).suffix.lower() in MEDIA_SUFFIXES


def _parse_target(inner: str, embed: bool) -> LinkTarget:
    target, _, alias = inner.partition("|")
    name, _, heading = target.partition("#")
    name, heading = name.strip(), heading.strip().lstrip("^")
    if alias.strip():
        shown = alias.strip()
    else:
        shown = f"{name} > {heading}" if name and heading else name or heading
    return LinkTarget(name, heading, shown, embed)


def normal_tag(tag: str) -> str | None:
    """A tag as kg keeps it (lower case, without "#"), or None if it is no tag."""
    tag = str(tag).strip().lstrip("#").strip("/").lower()
    if not tag or not re.fullmatch(r"[\w/-]+", tag) or not re.search(r"[^\d/_-]", tag):
        return None
    return tag


# -- markdown-it ------------------------------------------------------------------------
def _split_text(token: Token) -> list[Token]:
    """A text token cut into text, wikilink and tag tokens."""
    out: list[Token] = []
    text = token.content
    pos = 0
    for m in sorted([*_WIKILINK.finditer(text), *_TAG.finditer(text)], key=lambda m: m.start()):
        if m.start() < pos:
            continue  # a "#" inside a link ([[Note#Heading]]) is not a tag
        if m.re is _TAG and normal_tag(m.group(1)) is None:
            continue
        if m.start() > pos:
            out.append(_text(text[pos : m.start()]))
        if m.re is _WIKILINK:
            link = Token("wikilink", "", 0)
            link.meta = {"target": _parse_target(m.group(2), bool(m.group(1)))}
            link.content = m.group(0)
            out.append(link)
        else:
            tag = Token("tag", "", 0)
            tag.content = m.group(1)
            out.append(tag)
        pos = m.end()
    if not out:
        return [token]
    if pos < len(text):
        out.append(_text(text[pos:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def _strip_callout(inline: Token) -> None:
    """ "> [!tip] Title" reads as "Title" (or "Tip" when it has none): the marker is markup."""
    first = inline.children[0] if inline.children else None
    if first is None or first.type != "text" or not (m := _CALLOUT.match(first.content)):
        return
    rest = first.content[m.end() :]
    first.content = rest if rest.strip() else m.group(1).capitalize()


def _obsidian_rule(state: StateCore) -> None:
    opened_quote = False
    for token in state.tokens:
        if token.type == "blockquote_open":
            opened_quote = True
        elif token.type == "inline" and token.children:
            if opened_quote:
                _strip_callout(token)
            opened_quote = False
            children: list[Token] = []
            for child in token.children:
                children.extend(_split_text(child) if child.type == "text" else [child])
            token.children = children


def obsidian_syntax(md: MarkdownIt) -> None:
    """A markdown-it plugin: wikilinks, embeds and #tags become tokens of their own
    ("wikilink" with meta["target"], "tag"), and callout markers are dropped."""
    md.core.ruler.push("obsidian", _obsidian_rule)


def token_text(child: Token) -> str | None:
    """What a wikilink or tag token reads as in the text (None for other tokens)."""
    if child.type == "wikilink":
        target: LinkTarget = child.meta["target"]
        return "" if target.embed else target.shown
    if child.type == "tag":
        return f"#{child.content}"
    return None


def _inline_tokens(tokens: list[Token]):
    for token in tokens:
        if token.type == "inline" and token.children:
            yield token


def note_links(tokens: list[Token], source: str) -> list[Link]:
    """The notes (or files) a note links to or embeds, with the line of each; pictures and
    other media it embeds are left out."""
    links = []
    for token in _inline_tokens(tokens):
        line = token.map[0] + 1 if token.map else 1
        for child in token.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "wikilink" and not child.meta["target"].is_media:
                target: LinkTarget = child.meta["target"]
                if target.name:  # [[#Heading]] points inside the note itself
                    links.append(Link(source, line, target.name, target.heading))
    return links


def inline_tags(tokens: list[Token]) -> list[str]:
    """The #tags written in a note's text, in order, each once."""
    found = [
        normal_tag(child.content)
        for token in _inline_tokens(tokens)
        for child in token.children
        if child.type == "tag"
    ]
    return list(dict.fromkeys(t for t in found if t))


# -- front matter -----------------------------------------------------------------------
def _front_matter_end(lines: list[str]) -> int | None:
    if not lines or lines[0].strip() != "---":
        return None
    for n, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            return n
    return None


def _names(value) -> list[str]:
    """A front matter value as a list of names: a list, or one string ("a, b" or "a b" for
    tags)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def read_front_matter(text: str, source: str) -> tuple[str, FrontMatter, IngestWarning | None]:
    """The note's text with its front matter blanked (so line numbers stay the file's), what
    the front matter says, and a warning if it could not be read."""
    lines = text.split("\n")
    end = _front_matter_end(lines)
    if end is None:
        return text, FrontMatter(), None
    body = "\n".join([""] * (end + 1) + lines[end + 1 :])
    raw = "\n".join(lines[1:end])
    if len(raw) > MAX_FRONT_MATTER_CHARS:
        return (
            body,
            FrontMatter(),
            IngestWarning(source, f"front matter of {len(raw):,} characters not read (over 64 KB)"),
        )
    import yaml

    try:
        # The C loader reads a thousand notes' front matter in a tenth of the time.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(raw, Loader=loader) if raw.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return (
            body,
            FrontMatter(),
            IngestWarning(
                source, f"front matter is not valid YAML{where}; its tags and aliases were not read"
            ),
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return (
            body,
            FrontMatter(),
            IngestWarning(
                source, "front matter is not a list of `key: value` lines; it was not read"
            ),
        )
    tags = [t for v in _names(data.get("tags", data.get("tag"))) for t in re.split(r"[,\s]+", v)]
    aliases = _names(data.get("aliases", data.get("alias")))
    return (
        body,
        FrontMatter(
            tuple(dict.fromkeys(t for t in map(normal_tag, tags) if t)),
            tuple(dict.fromkeys(a.strip() for a in aliases if a.strip())),
        ),
        None,
    )


# -- resolving links ----------------------------------------------------------------------
@dataclass(slots=True)
class NoteLinks:
    """Links resolved to notes: concept → concept edges, and the links that name no note."""

    edges: list[tuple[str, str, dict]] = field(default_factory=list)
    unresolved: list[dict] = field(default_factory=list)


def _key(path: str) -> str:
    """A file's name as links write it: lower case, without ".md"."""
    p = PurePosixPath(path.replace("\\", "/").lower())
    return str(p.with_suffix("")) if p.suffix in (".md", ".markdown") else str(p)


def resolve(files: list, links: list[Link]) -> NoteLinks:
    """Each link from the concept it stands in to the concept it names: a heading's concept
    for [[Note#Heading]], else the note's first; a link naming no file is listed unresolved.

    files: (display path, that file's concepts) pairs, in build order.
    """
    by_name: dict[str, list[tuple[str, list]]] = {}
    concepts_of: dict[str, list] = {}
    for display, concepts in files:
        concepts_of[display] = concepts
        key = _key(display)
        names = {key, key.rsplit("/", 1)[-1]}
        for name in names:
            by_name.setdefault(name, []).append((key, concepts))
    found = NoteLinks()
    seen: dict[tuple[str, str], dict] = {}
    for link in links:
        here = _concept_at(concepts_of.get(link.source, []), link.line)
        target = _find(by_name, link.target)
        if target is None:
            found.unresolved.append(
                {"source": link.source, "line": link.line, "target": link.target}
            )
            continue
        there = _heading_concept(target, link.heading) if link.heading else target[0]
        if here is None or there is None or here.id == there.id:
            continue
        edge = seen.get((here.id, there.id))
        if edge is None:
            edge = {"lines": [], "heading": link.heading}
            seen[(here.id, there.id)] = edge
            found.edges.append((here.id, there.id, edge))
        edge["lines"].append(link.line)
    return found


def _find(by_name: dict, target: str) -> list | None:
    key = _key(target.strip().lstrip("/"))
    candidates = by_name.get(key) or by_name.get(key.rsplit("/", 1)[-1]) or []
    if "/" in key:  # a path: the file whose path ends with it
        candidates = [c for c in candidates if c[0] == key or c[0].endswith("/" + key)]
    if not candidates:
        return None
    # Obsidian prefers the file nearest the vault's root when two share a name.
    return min(candidates, key=lambda c: (c[0].count("/"), c[0]))[1] or None


def _concept_at(concepts: list, line: int):
    for concept in concepts:
        for slide in concept.slides:
            if slide.line_start <= line <= slide.line_end:
                return concept
    return concepts[0] if concepts else None


def _heading_concept(concepts: list, heading: str):
    want = heading.strip().lower()
    for concept in concepts:
        for slide in concept.slides:
            if any(h.strip().lower() == want for h in slide.heading_path):
                return concept
            if any(b.kind == "heading" and b.text.strip().lower() == want for b in slide.blocks):
                return concept
    return concepts[0]
