"""One writer per build directory, and pruning of the app's per-upload builds."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from ingest.errors import IngestError

__all__ = ["BuildLock", "BuildLocked", "InUse", "prune_builds"]


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


class InUse:
    """A reader's shared hold on a build (`.<name>.in-use` beside it): while any reader holds
    one, pruning leaves the build alone. Each `touch` marks it used now, for LRU pruning."""

    def __init__(self, build: Path) -> None:
        self.path = build.parent / f".{build.name}.in-use"
        self._fh = open(self.path, "a")  # noqa: SIM115 - held open for the reader's lifetime
        fcntl.flock(self._fh, fcntl.LOCK_SH)
        self.touch()

    def touch(self) -> None:
        os.utime(self.path)

    def release(self) -> None:
        if not self._fh.closed:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()

    __del__ = release


def _last_used(build: Path) -> float:
    stamp = build.parent / f".{build.name}.in-use"
    return (stamp if stamp.exists() else build / "manifest.json").stat().st_mtime


def _remove_unused(entry: Path, build: Path) -> bool:
    """Remove entry unless a reader holds its build or a writer is writing it."""
    stamp = build.parent / f".{build.name}.in-use"
    with open(stamp, "a") as held:
        try:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        try:
            with BuildLock(build):
                shutil.rmtree(entry, ignore_errors=True)
        except BuildLocked:
            return False
    (build.parent / f".{build.name}.lock").unlink(missing_ok=True)
    stamp.unlink(missing_ok=True)
    return True


def prune_builds(
    folder: Path, keep: int, protect: Path | None = None, inner: str = ""
) -> list[Path]:
    """Remove all but the `keep` most recently used entries of folder holding a build (at
    `entry/inner`), never `protect`, one a reader holds (InUse) or one being written;
    returns what was removed. For the app's per-upload folders."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    builds = [
        d
        for d in folder.iterdir()
        if d.is_dir() and not d.name.startswith(".") and (d / inner / "manifest.json").is_file()
    ]
    builds.sort(key=lambda d: _last_used(d / inner if inner else d), reverse=True)
    removed = []
    for old in builds[keep:]:
        if protect is not None and old.resolve() == Path(protect).resolve():
            continue
        if _remove_unused(old, old / inner if inner else old):
            removed.append(old)
    return removed
