"""Finding and reading sources (markdown notes, PDF and PowerPoint decks), each format by
its own reader, refusing what cannot be read with a clear reason."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ingest.records import IngestWarning
from ingest.slides import ParsedFile, parse_markdown

__all__ = [
    "DECK_SUFFIXES",
    "MAX_DECK_BYTES",
    "MAX_FILE_BYTES",
    "NOTE_SUFFIXES",
    "SOURCE_SUFFIXES",
    "Source",
    "SourceError",
    "collect",
    "display_path",
    "parse",
    "read",
    "save_uploads",
]

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
DECK_SUFFIXES = (".pdf", ".pptx")
SOURCE_SUFFIXES = NOTE_SUFFIXES + DECK_SUFFIXES
# A course's notes are under 1 MB of text; anything past this is not a set of notes.
MAX_FILE_BYTES = 20 * 1024 * 1024
# A deck carries its pictures: a long one with many runs to a hundred MB.
MAX_DECK_BYTES = 200 * 1024 * 1024


class SourceError(Exception):
    """Nothing usable among the given paths; the message is one line for the user."""


@dataclass(slots=True)
class Source:
    """A readable file: its display path, content hash and size; a note's text, a deck's
    bytes (dropped once parsed)."""

    path: Path
    display: str
    text: str
    sha256: str
    size: int = 0
    data: bytes | None = None

    @property
    def is_deck(self) -> bool:
        return self.path.suffix.lower() in DECK_SUFFIXES


def display_path(path: Path) -> str:
    """A file as builds name it: relative to the current directory when under it."""
    full, cwd = os.path.realpath(path), os.path.realpath(os.getcwd())
    if full.startswith(cwd + os.sep):
        return full[len(cwd) + 1 :]
    return str(path)


def _hidden(name: str) -> bool:
    """A dot-file, or an Office lock file (~$deck.pptx, there while the deck is open)."""
    return name.startswith((".", "~$"))


def _folder_files(folder: Path) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        # Dot-folders (.obsidian, .git, .trash) hold settings and deleted notes: never read.
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if os.path.splitext(name)[1].lower() in SOURCE_SUFFIXES and not _hidden(name):
                found.append(Path(root, name))
    return sorted(found)


def collect(paths: list[Path]) -> tuple[list[Path], list[IngestWarning]]:
    """Expand files and folders into the files kg reads (markdown, PDF, PowerPoint), leaving
    out dot-folders; warn about what is missing or holds nothing to read."""
    files: list[Path] = []
    warnings: list[IngestWarning] = []
    for path in paths:
        if not path.exists():
            warnings.append(IngestWarning(str(path), "no such file or folder"))
        elif path.is_dir():
            found = _folder_files(path)
            if not found:
                warnings.append(
                    IngestWarning(str(path), "folder holds no .md, .txt, .pdf or .pptx files")
                )
            files.extend(found)
        else:
            files.append(path)
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, warnings


def read(path: Path) -> tuple[Source | None, IngestWarning | None]:
    """Read one file (a note's text, a deck's bytes), or explain in one line why it was
    skipped."""
    display = display_path(path)
    deck = path.suffix.lower() in DECK_SUFFIXES
    limit = MAX_DECK_BYTES if deck else MAX_FILE_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            mb, most = size / 1024 / 1024, limit // 1024 // 1024
            return None, IngestWarning(display, f"skipped: {mb:.0f} MB is over the {most} MB limit")
        raw = path.read_bytes()
    except OSError as exc:
        return None, IngestWarning(display, f"skipped: cannot read ({exc.strerror or exc})")
    digest = hashlib.sha256(raw).hexdigest()
    if deck:
        if not raw:
            return None, IngestWarning(display, "skipped: empty file")
        return Source(path, display, "", digest, len(raw), raw), None
    if b"\0" in raw[:8192]:
        return None, IngestWarning(display, "skipped: binary file, not text")
    warning = None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        warning = IngestWarning(display, "not valid UTF-8; undecodable bytes were replaced")
    if not text.strip():
        return None, IngestWarning(display, "skipped: empty file")
    return Source(path, display, text, digest, len(raw)), warning


def parse(source: Source) -> tuple[ParsedFile | None, list[IngestWarning]]:
    """A source's slides, read by the reader of its format (a deck's bytes are let go)."""
    suffix = source.path.suffix.lower()
    if suffix in DECK_SUFFIXES:
        from ingest.pdf import read_pdf
        from ingest.pptx import read_pptx

        reader = read_pdf if suffix == ".pdf" else read_pptx
        data, source.data = source.data, None
        return reader(data if data is not None else source.path, source.display)
    return parse_markdown(source.text, source.display, source.path.stem)


def save_uploads(files: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write (name, bytes) uploads as the only files in folder, under safe distinct names:
    a browser may send any name ("../x.md", ".hidden", the same name twice)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    written: list[Path] = []
    for n, (raw, data) in enumerate(files, 1):
        name = Path(raw.replace("\\", "/")).name
        if not name or name.startswith(".") or (folder / name).exists():
            suffix = Path(name).suffix if Path(name).suffix.lower() in SOURCE_SUFFIXES else ".md"
            name = f"upload-{n}{suffix}"
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
