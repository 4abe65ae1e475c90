"""The build behind the API: opened and checked once, and reopened between requests when a
new build is swapped in at the same path (see docs/api.md, "A new build")."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from graph.search import Searcher
from graph.store import Build, load_build

__all__ = ["Engine", "LiveEngine", "open_engine"]

log = logging.getLogger("uvicorn.error")  # the server's own log: one line per event


class Engine:
    """A build and its searcher, shared by every request (thread-safe reads)."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self.searcher = Searcher(build)

    def warm(self) -> None:
        # Load the model and BM25 now, not on the first user's request.
        self.searcher.search("warm up")


def open_engine(path: Path | str, warm: bool = True) -> Engine:
    """Open a build ready to answer: its files read and checked against each other, and
    (with warm) the model loaded. Raises BuildError, with what to do, for a damaged build."""
    build = load_build(path)
    build.index  # reads index.faiss now and checks it against chunks.jsonl  # noqa: B018
    engine = Engine(build)
    if warm:
        engine.warm()
    return engine


@dataclass(frozen=True, slots=True)
class _Stamp:
    """What changes when another manifest.json is swapped in: its inode, mtime and size."""

    device: int
    inode: int
    mtime_ns: int
    size: int


def _stamp(path: Path) -> _Stamp | None:
    try:
        st = os.stat(path / "manifest.json")
    except OSError:
        return None  # mid-swap or removed: keep serving what is loaded
    return _Stamp(st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


class LiveEngine:
    """The engine over a build path. Each request asks for `current()`, which stats the
    manifest; a new one is opened once, in a background thread, and swapped in when ready,
    so no request waits for it. A build that cannot be opened is logged once and the
    previous one keeps serving."""

    def __init__(self, path: Path | str, warm: bool = True) -> None:
        self.path = Path(path)
        self._warm = warm
        self._stamp = _stamp(self.path)
        self._engine = open_engine(self.path, warm)
        self._refused: _Stamp | None = None
        self._loading = False
        self._lock = threading.Lock()

    def current(self) -> Engine:
        """The engine to answer this request with (starting a reload if the build changed)."""
        stamp = _stamp(self.path)
        if stamp is not None and stamp not in (self._stamp, self._refused):
            self._start_reload()
        return self._engine

    def _start_reload(self) -> None:
        with self._lock:
            if self._loading:
                return
            self._loading = True
        threading.Thread(target=self._reload, name="kg-reload", daemon=True).start()

    def _reload(self) -> None:
        try:
            before = _stamp(self.path)
            try:
                engine = open_engine(self.path, self._warm)
            except Exception as exc:  # a damaged build must never stop the one in service
                if _stamp(self.path) == before:  # not a swap half-seen: do not retry it
                    self._refused = before
                    log.warning(
                        "new build at %s not loaded, still serving the previous one: %s",
                        self.path,
                        _one_line(exc),
                    )
                return
            if _stamp(self.path) == before:  # else a newer swap came mid-load: next request
                self._engine, self._stamp = engine, before
                log.info("serving the new build at %s", self.path)
        finally:
            self._loading = False


def _one_line(exc: Exception) -> str:
    from graph.store import BuildError

    text = " ".join(str(exc).split())
    return text if isinstance(exc, BuildError) else f"{type(exc).__name__}: {text}"
