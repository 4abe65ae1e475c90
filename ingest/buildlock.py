"""One writer per build directory, and pruning of the app's per-upload builds."""

from __future__ import annotations

import fcntl
import shutil
from pathlib import Path

from ingest.errors import IngestError

__all__ = ["BuildLock", "BuildLocked", "prune_builds"]


class BuildLocked(IngestError):
    """Another process is writing the same build directory."""


class BuildLock:
    """An advisory lock on `<out>.lock`; a second writer is refused at once, not queued."""

    def __init__(self, out: Path) -> None:
        self.path = out.parent / f".{out.name}.lock"
        self._fh = None

    def __enter__(self) -> BuildLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "w")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise BuildLocked(
                f"another kg ingest is writing {self.path.parent / self.path.name[1:-5]}; "
                "try again when it has finished"
            ) from None
        return self

    def __exit__(self, *exc) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()


def prune_builds(
    folder: Path, keep: int, protect: Path | None = None, inner: str = ""
) -> list[Path]:
    """Remove all but the `keep` newest entries of folder holding a build (at `entry/inner`),
    never `protect` and never one being written; returns what was removed. For the app's
    per-upload folders."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    builds = [
        d
        for d in folder.iterdir()
        if d.is_dir() and not d.name.startswith(".") and (d / inner / "manifest.json").is_file()
    ]
    builds.sort(key=lambda d: (d / inner / "manifest.json").stat().st_mtime, reverse=True)
    removed = []
    for old in builds[keep:]:
        if protect is not None and old.resolve() == Path(protect).resolve():
            continue
        build = old / inner if inner else old
        try:
            with BuildLock(build):
                shutil.rmtree(old, ignore_errors=True)
        except BuildLocked:
            continue
        (build.parent / f".{build.name}.lock").unlink(missing_ok=True)
        removed.append(old)
    return removed
