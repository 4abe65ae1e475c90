"""Rebuilding when notes change: poll the files' sizes and times, wait until they have been
quiet for a moment (an editor saves in bursts), then update the build.

Polling, not file-system events: it works the same on every system and on network or synced
folders (where events go missing), and a stat of a thousand files costs milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ingest.sources import collect

__all__ = ["DEBOUNCE_SECONDS", "POLL_SECONDS", "snapshot", "watch"]

POLL_SECONDS = 0.5
# How long the files must stay unchanged before a rebuild: long enough for an editor's
# save-and-rename, short enough to feel immediate.
DEBOUNCE_SECONDS = 1.0

Snapshot = dict[Path, tuple[int, int]]


def snapshot(paths: list[Path]) -> Snapshot:
    """Each file kg would read under paths, with its size and modification time."""
    files, _ = collect(paths)
    found: Snapshot = {}
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue  # removed between the listing and the stat
        found[path] = (st.st_size, st.st_mtime_ns)
    return found


def watch(
    paths: list[Path],
    rebuild: Callable[[Callable[[], bool]], None],
    *,
    poll: float = POLL_SECONDS,
    debounce: float = DEBOUNCE_SECONDS,
    stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Call rebuild(settled) each time the files under paths change and then stay quiet for
    debounce seconds; settled() tells rebuild whether they are still quiet (so it can leave
    slow work for later). Runs until stop() is true."""
    last = snapshot(paths)
    changed_at: float | None = None
    while not stop():
        sleep(poll)
        now = snapshot(paths)
        if now != last:
            last, changed_at = now, time.monotonic()
            continue
        if changed_at is not None and time.monotonic() - changed_at >= debounce:
            changed_at = None
            quiet = last
            rebuild(lambda quiet=quiet: snapshot(paths) == quiet)
