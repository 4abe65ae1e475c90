"""Finding and reading markdown sources, refusing what cannot be notes with a clear reason."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from ingest.records import IngestWarning

__all__ = [
    "MAX_FILE_BYTES",
    "NOTE_SUFFIXES",
    "Source",
    "SourceError",
    "collect",
    "read",
    "save_uploads",
]

NOTE_SUFFIXES = (".md", ".markdown", ".txt")
# A course deck is under 1 MB; anything past this is not a set of notes.
MAX_FILE_BYTES = 20 * 1024 * 1024


class SourceError(Exception):
    """Nothing usable among the given paths; the message is one line for the user."""


@dataclass(slots=True)
class Source:
    """A readable notes file: its display path, text and content hash."""

    path: Path
    display: str
    text: str
    sha256: str


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def collect(paths: list[Path]) -> tuple[list[Path], list[IngestWarning]]:
    """Expand files and folders into markdown files, warning about what is missing or ignored."""
    files: list[Path] = []
    warnings: list[IngestWarning] = []
    for path in paths:
        if not path.exists():
            warnings.append(IngestWarning(str(path), "no such file or folder"))
        elif path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in NOTE_SUFFIXES
            )
            if not found:
                warnings.append(IngestWarning(str(path), "folder holds no .md or .txt files"))
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
    """Read one file as notes, or explain in one line why it was skipped."""
    display = _display(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = size / 1024 / 1024
            return None, IngestWarning(display, f"skipped: {mb:.0f} MB is over the 20 MB limit")
        raw = path.read_bytes()
    except OSError as exc:
        return None, IngestWarning(display, f"skipped: cannot read ({exc.strerror or exc})")
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
    return Source(path, display, text, hashlib.sha256(raw).hexdigest()), warning


def save_uploads(files: list[tuple[str, bytes]], folder: Path) -> list[Path]:
    """Write (name, bytes) uploads as the only files in folder, under safe distinct names:
    a browser may send any name ("../x.md", ".hidden", the same name twice)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    written: list[Path] = []
    for n, (raw, data) in enumerate(files, 1):
        name = Path(raw.replace("\\", "/")).name
        if not name or name.startswith(".") or (folder / name).exists():
            suffix = Path(name).suffix if Path(name).suffix in NOTE_SUFFIXES else ".md"
            name = f"upload-{n}{suffix}"
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written
