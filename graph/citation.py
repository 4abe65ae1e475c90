"""Where an answer comes from, as a person reads it: "aws-dva-slides · slide 412 · Lambda –
Event Source Mapping", never a file path and line numbers (those stay in JSON).

A deck is cited by slide (or page) number, counted in the file; notes with a heading per
section by their heading path ("01-iam · IAM basics › Policies in practice"). Every hit,
plan step and piece of evidence names a line span of a source; `cite` finds the slide that
holds it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import PurePath

from graph.store import Build

__all__ = [
    "Citation", "SlideIndex", "SlideRef", "cite", "document_names", "merged_labels",
    "slide_index",
]  # fmt: skip

# Extensions that say nothing to a reader: "aws-dva-slides", not "aws-dva-slides.md". A
# PDF or PowerPoint deck keeps its own ("deck.pdf"), which says what to open.
_PLAIN_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
PATH_SEPARATOR = " › "


@dataclass(frozen=True, slots=True)
class SlideRef:
    """One slide of the build, in course order."""

    position: int  # 0-based, over the whole build in course order
    number: int  # 1-based within its file (a PDF's page, a deck's slide)
    unit: str  # "slide" | "page"
    source: str
    line_start: int
    line_end: int
    title: str
    heading_path: tuple[str, ...]
    concept: str
    chunks: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Citation:
    """A slide as a reader names it; `chunk` opens it (None when no slide holds the span)."""

    document: str
    unit: str  # "slide", "page", "line", or "" for notes cited by their heading path
    number: int | None
    title: str
    chunk: int | None
    source: str
    line_start: int
    line_end: int

    @property
    def place(self) -> str:
        return f"{self.unit} {self.number}" if self.unit else ""

    @property
    def label(self) -> str:
        return " · ".join(part for part in (self.document, self.place, self.title) if part)

    def to_dict(self) -> dict:
        return {
            "label": self.label, "document": self.document, "unit": self.unit,
            "number": self.number,
            "title": self.title, "chunk_id": self.chunk, "source": self.source,
            "line_start": self.line_start, "line_end": self.line_end,
        }  # fmt: skip


class SlideIndex:
    """Every slide of a build in course order, found by chunk or by a line of its file."""

    def __init__(self, build: Build) -> None:
        self.names = document_names(build)
        self._build = build
        # Slide objects are made a source at a time, when a citation asks for one: naming a
        # one-shot search's ten hits over 100,000 sections makes ten sources' worth, not all.
        self._found, self._chunks = _slides(build)
        self._rows: dict[str, list[int]] = {}
        for i, found in enumerate(self._found):
            self._rows.setdefault(found[2], []).append(i)
        self._counts = {source: len(rows) for source, rows in self._rows.items()}
        self._by_source: dict[str, tuple[list[int], list[SlideRef]]] = {}
        self._all: list[SlideRef] | None = None
        self._by_chunk: dict[int, SlideRef] | None = None

    def _source(self, source: str) -> tuple[list[int], list[SlideRef]]:
        """A source's slides by first line, and those first lines."""
        made = self._by_source.get(source)
        if made is None:
            refs = [self._ref(i, n) for n, i in enumerate(self._rows.get(source, ()), 1)]
            refs.sort(key=lambda r: r.line_start)
            made = self._by_source[source] = ([r.line_start for r in refs], refs)
        return made

    def _ref(self, position: int, counted: int) -> SlideRef:
        _, start, source, node, s = self._found[position]
        s = _slide_fields(s)
        return SlideRef(
            position=position,
            number=int(s.get("page") or s.get("slide") or counted),
            unit="page" if s.get("page") else "slide",
            source=source,
            line_start=start,
            line_end=s["line_end"],
            title=s.get("title") or self._build.concepts[node][0],
            heading_path=tuple(s.get("heading_path") or ()),
            concept=node,
            chunks=tuple(self._chunks.get((source, start), ())),
        )

    @property
    def slides(self) -> list[SlideRef]:
        """Every slide in course order."""
        if self._all is None:
            refs = [r for source in self._rows for r in self._source(source)[1]]
            self._all = sorted(refs, key=lambda r: r.position)
        return self._all

    def of_chunk(self, chunk_id: int) -> SlideRef | None:
        if self._by_chunk is None:
            self._by_chunk = {c: ref for ref in self.slides for c in ref.chunks}
        return self._by_chunk.get(chunk_id)

    def at(self, source: str, line: int) -> SlideRef | None:
        """The slide of source whose line span holds line."""
        starts, refs = self._source(source)
        if not starts:
            return None
        i = bisect.bisect_right(starts, line) - 1
        if i < 0:
            return None
        ref = refs[i]
        return ref if line <= ref.line_end else None

    def around(self, ref: SlideRef, before: int, after: int) -> tuple[list, list]:
        """The slides just before and just after ref in course order."""
        at = ref.position
        return self.slides[max(0, at - before) : at], self.slides[at + 1 : at + 1 + after]

    def citation(self, ref: SlideRef) -> Citation:
        unit, title = ref.unit, ref.title
        if len(ref.heading_path) > 1:  # notes: the heading path says where
            unit, title = "", PATH_SEPARATOR.join(ref.heading_path)
        elif self._counts.get(ref.source, 0) == 1 and ref.unit == "slide":
            unit = ""  # a note of one section: its name is enough
        return Citation(
            document=self.names.get(ref.source, _stem(ref.source)),
            unit=unit,
            number=ref.number if unit else None,
            title=title,
            chunk=ref.chunks[0] if ref.chunks else None,
            source=ref.source,
            line_start=ref.line_start,
            line_end=ref.line_end,
        )


def _slides(build: Build) -> tuple[list[tuple], dict[tuple, list[int]]]:
    """(order, line_start, source, concept, slide) for every slide in course order, and each
    slide's chunk ids by (source, first line): from concepts.json where the build has it (a
    search over 100,000 sections then reads no graph), else from the graph."""
    rows = build.slide_rows()
    if rows is None:
        found = [
            (d.get("order", 0), s["line_start"], s["source"], node, s)
            for node, d in build.nodes_of("concept") for s in d.get("slides", [])
        ]  # fmt: skip
        found.sort(key=lambda f: f[:3])
        return found, _chunks_by_slide(build, [(f[2], f[4]) for f in found])
    # Rows come in concept order, a concept's slides in line order: already course order.
    # Each keeps its row; _slide_fields reads it only when its slide is cited.
    found, chunks = [], {}
    order: dict[str, int] = {}
    for row in rows:
        concept, source, start = row[0], row[1], row[2]
        found.append((order.setdefault(concept, len(order)), start, source, concept, row))
        chunks[(source, start)] = row[8]
    return found, chunks


def _slide_fields(s) -> dict:
    """A slide as the graph's concepts hold it, from a concepts.json row where it is one."""
    if isinstance(s, dict):
        return s
    _, source, start, end, title, path, page, slide, _ = s
    return {"source": source, "line_start": start, "line_end": end, "title": title,
            "heading_path": path, "page": page, "slide": slide}  # fmt: skip


def _chunks_by_slide(build: Build, slides: list[tuple[str, dict]]) -> dict[tuple, list[int]]:
    """Chunk ids of each slide ((source, first line) -> ids), by where each chunk starts."""
    starts: dict[str, list[int]] = {}
    for source, s in sorted(slides, key=lambda x: (x[0], x[1]["line_start"])):
        starts.setdefault(source, []).append(s["line_start"])
    out: dict[tuple, list[int]] = {}
    for chunk in build.chunks:
        lines = starts.get(chunk.source)
        if not lines:
            continue
        i = bisect.bisect_right(lines, chunk.line_start) - 1
        if i >= 0:
            out.setdefault((chunk.source, lines[i]), []).append(chunk.chunk_id)
    return out


def slide_index(build: Build) -> SlideIndex:
    """The build's slides, read once per loaded build."""
    index = build.cache.get("slide_index")
    if index is None:
        index = build.cache["slide_index"] = SlideIndex(build)
    return index


def cite(build: Build, source: str, line_start: int, line_end: int | None = None) -> Citation:
    """The slide holding a line span of source, as a reader names it."""
    index = slide_index(build)
    ref = index.at(source, line_start)
    if ref is not None:
        return index.citation(ref)
    # A span no slide holds (a build of other ingest code): the document and the line.
    end = line_start if line_end is None else line_end
    return Citation(
        index.names.get(source, _stem(source)), "line", line_start, "", None, source,
        line_start, end,
    )  # fmt: skip


def merged_labels(citations: list[Citation]) -> list[str]:
    """Labels for a run of citations, consecutive slides of one title told once
    ("aws-dva-slides · slides 11–13 · IAM Introduction")."""
    runs: list[list[Citation]] = []
    for c in citations:
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and c.unit
            and (c.document, c.unit, c.title) == (last.document, last.unit, last.title)
            and c.number == (last.number or 0) + 1
        ):
            runs[-1].append(c)
        else:
            runs.append([c])
    labels = []
    for run in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            labels.append(first.label)
        else:
            place = f"{first.unit}s {first.number}–{last.number}"
            labels.append(" · ".join(p for p in (first.document, place, first.title) if p))
    return labels


def _stem(source: str) -> str:
    # String operations, not PurePath: a build of 33,000 notes names each at every start.
    name = source.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and f".{suffix.lower()}" in _PLAIN_SUFFIXES else name


def document_names(build: Build) -> dict[str, str]:
    """Each source's name for a reader: its file name without a plain-text extension, with
    as many parent folders as it takes to tell two files of one name apart."""
    rows = build.slide_rows()
    sources = sorted({r[1] for r in rows} if rows is not None else {c.source for c in build.chunks})
    names = {s: _stem(s) for s in sources}
    depth = 1
    while len(set(names.values())) < len(names) and depth < 8:
        seen: dict[str, int] = {}
        for name in names.values():
            seen[name] = seen.get(name, 0) + 1
        for s in sources:
            if seen[names[s]] > 1:
                parents = PurePath(s).parent.parts[-depth:]
                names[s] = "/".join([*parents, _stem(s)])
        depth += 1
    return names
