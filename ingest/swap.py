"""Putting a finished build in place with no moment where none exists, and mending after a crash.

The new build is written in a temporary sibling, flushed to disk, then exchanged with the old
one in one step (Linux renameat2 RENAME_EXCHANGE). Where that is not available, two renames
leave a moment without a build; `recover` mends it, and `clean_leftovers` removes what dead
writers left. docs/safety.md describes the whole sequence.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from pathlib import Path

__all__ = [
    "clean_leftovers",
    "fsync_tree",
    "lost_build",
    "recover",
    "replace_dir",
    "temp_dir_for",
]

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def temp_dir_for(out: Path) -> Path:
    """A fresh directory beside out (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))


def _leftovers(out: Path, kind: str) -> list[Path]:
    prefix = f".{out.name}.{kind}-"
    if not out.parent.is_dir():
        return []
    return [p for p in out.parent.iterdir() if p.name.startswith(prefix) and p.is_dir()]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_tree(folder: Path) -> None:
    """Flush every file below folder, then each directory, so a power cut keeps the build."""
    for root, _dirs, files in os.walk(folder, topdown=False):
        for name in files:
            _fsync(Path(root) / name)
        _fsync(Path(root))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories atomically; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(tmp: Path, out: Path) -> None:
    """Put the finished build tmp where out is; the old build is removed only afterwards."""
    if out.exists() and _exchange(tmp, out):
        _fsync(out.parent)
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
    try:
        os.rename(tmp, out)
    except OSError:
        if old is not None:
            os.rename(old, out)
        raise
    _fsync(out.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def lost_build(out: Path) -> Path | None:
    """The previous build a crash between two renames left beside out, if out has none."""
    if (out / "manifest.json").is_file():
        return None
    olds = [p for p in _leftovers(out, "old") if (p / "manifest.json").is_file()]
    return max(olds, key=lambda p: (p / "manifest.json").stat().st_mtime, default=None)


def recover(out: Path) -> bool:
    """Move a lost previous build back to out (call with out's lock held); True if it did."""
    found = lost_build(out)
    if found is None or (out.exists() and any(out.iterdir())):
        return False
    if out.exists():
        out.rmdir()
    os.rename(found, out)
    _fsync(out.parent)
    return True


def clean_leftovers(out: Path) -> list[Path]:
    """Remove the temporary and old directories of dead writers (call with out's lock held)."""
    recover(out)
    removed = [*_leftovers(out, "tmp"), *_leftovers(out, "old")]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed
