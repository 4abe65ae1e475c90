"""Records that cross module borders inside ingest and into the build directory."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass

__all__ = [
    "Block", "Chunk", "Concept", "IngestWarning", "Link", "Section", "Slide", "listed", "locator",
    "record_dict",
]  # fmt: skip


@dataclass(slots=True)
class Block:
    """One block of slide text (a paragraph, bullet, table row or code block) with its lines."""

    text: str
    line_start: int
    line_end: int
    kind: str = "paragraph"  # paragraph | bullet | heading | code | table | notes
    depth: int = 0  # nesting depth for bullets
    # A table row's cells, empty ones kept, and the cells of its table's header row (empty
    # for the header row itself): a cell is read with the header of its column.
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(slots=True)
class Slide:
    """A unit of reading: one deck slide or one section of a note, with exact 1-based lines.

    A slide read from a PDF also carries its `page`, one from a PowerPoint deck its `slide`
    number (both 1-based); its lines then count the lines of the deck's text, in reading
    order (docs/formats.md). A note's `tags` and `aliases` are the note's own, on each of
    its slides.
    """

    title: str
    heading_path: list[str]
    source: str
    line_start: int
    line_end: int
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""
    section: str = ""
    opens_section: bool = False
    page: int | None = None
    slide: int | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @property
    def body(self) -> str:
        return "\n".join(b.text for b in self.blocks)

    @property
    def words(self) -> int:
        return len(self.title.split()) + sum(len(b.text.split()) for b in self.blocks)


@dataclass(slots=True)
class Section:
    """A course section (or a notes file): the slides between two section openers."""

    id: str
    title: str
    subtitle: str
    source: str
    line_start: int
    line_end: int
    # The services its heading names, each once, in order: one names what the section is
    # about ("Route 53 Section"); several name peers taught side by side ("SQS, SNS & Kinesis").
    services: tuple[str, ...] = ()


@dataclass(slots=True)
class Concept:
    """Consecutive slides on one topic; each slide is kept as a chunk of it."""

    id: str
    title: str
    section_id: str
    slides: list[Slide]
    services: dict[str, int] = field(default_factory=dict)
    about: str | None = None
    # "section" when `about` is the one service the section's heading names; "" when the
    # concept's title names it or it is only the service the concept names most
    about_source: str = ""

    @property
    def source(self) -> str:
        return self.slides[0].source

    @property
    def line_start(self) -> int:
        return self.slides[0].line_start

    @property
    def line_end(self) -> int:
        return self.slides[-1].line_end

    @property
    def words(self) -> int:
        return sum(s.words for s in self.slides)


@dataclass(slots=True)
class Chunk:
    """The unit of retrieval: a slide, or a window of a long slide, with its line span."""

    chunk_id: int
    concept: str
    title: str
    heading_path: list[str]
    section: str
    source: str
    line_start: int
    line_end: int
    text: str
    services: list[str] = field(default_factory=list)
    page: int | None = None
    slide: int | None = None
    tags: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        # Fields only some formats fill are left out when empty: chunks.jsonl of 100,000
        # markdown sections stays as small (and as quick to load) as before. (asdict deep-
        # copies field by field: ten times slower over a build's chunks.)
        return {
            name: list(value) if isinstance(value, list) else value
            for name in _CHUNK_FIELDS
            if (value := getattr(self, name)) or name not in _OPTIONAL
        }


_CHUNK_FIELDS = tuple(f.name for f in fields(Chunk))
_OPTIONAL = frozenset({"page", "slide", "tags", "aliases"})


def record_dict(record) -> dict:
    """A Block, Slide or Section as a plain dict (blocks and tuples as lists), quickly."""
    out = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, list | tuple):
            value = [record_dict(v) if is_dataclass(v) else v for v in value]
        out[f.name] = value
    return out


def locator(record) -> dict[str, int]:
    """Where in its deck a slide-like record sits: {"page": n} from a PDF, {"slide": n} from
    a PowerPoint deck, {} from markdown (whose line span says it)."""
    out = {}
    for key in ("page", "slide"):
        value = record.get(key) if isinstance(record, dict) else getattr(record, key, None)
        if value:
            out[key] = int(value)
    return out


@dataclass(slots=True)
class Link:
    """A [[wikilink]] in a note: where it stands, the note it names, and the heading in it."""

    source: str
    line: int
    target: str
    heading: str = ""


def listed(noun: str, numbers: list[int], shown: int = 10) -> str:
    """Numbers for a warning: "page 4", "slides 3, 7 and 12 more"."""
    more = f" and {len(numbers) - shown} more" if len(numbers) > shown else ""
    return f"{noun}{'s' * (len(numbers) > 1)} {', '.join(map(str, numbers[:shown]))}{more}"


@dataclass(slots=True)
class IngestWarning:
    """A problem with one input that was skipped or repaired, reported once to the user."""

    source: str
    message: str

    def __str__(self) -> str:
        return f"warning: {self.source}: {self.message}"
