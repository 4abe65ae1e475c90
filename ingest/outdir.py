"""Where a build may be written: a missing or empty directory, or an existing build.

Anything else (a folder of notes, a source, the current directory) is refused before a single
byte is written, so `--out` can never replace a user's files. docs/safety.md has the rule.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.errors import IngestError

__all__ = ["OutRefused", "check_out", "is_build"]


class OutRefused(IngestError):
    """The directory given for a build is not one kg may write."""


def is_build(folder: Path) -> bool:
    """A directory holding manifest.json: a build kg finished (the manifest is written last),
    damaged since or not; rebuilding it is how damage is mended."""
    return (folder / "manifest.json").is_file()


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _in_use() -> list[Path]:
    """Directories a running shell or program stands in: replacing them pulls the floor away."""
    cwd = Path.cwd().resolve()
    return [cwd, *cwd.parents, Path.home().resolve()]


def check_out(out: Path, sources: list[Path]) -> Path:
    """The resolved build directory, or OutRefused saying in one line why it may not be used."""
    target = Path(os.path.abspath(out)).resolve()
    shown = str(out)
    if target.exists() and not target.is_dir():
        raise OutRefused(f"--out {shown} is a file, not a directory; name a new folder")
    for source in sources:
        src = Path(os.path.abspath(source)).resolve()
        if _within(target, src) or _within(src, target):
            raise OutRefused(
                f"--out {shown} holds or lies inside the notes being read ({source}); "
                "write the build somewhere else, e.g. --out data/builds/mine"
            )
    if target in _in_use():
        raise OutRefused(
            f"--out {shown} is a folder in use (the current directory, one above it, or your "
            "home); name a new folder, e.g. --out data/builds/mine"
        )
    if target.is_dir() and any(target.iterdir()) and not is_build(target):
        raise OutRefused(
            f"--out {shown} is a folder that holds other files and no kg build; kg only "
            "replaces its own builds: name a new or empty folder"
        )
    return target
