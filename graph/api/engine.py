"""The build behind the API: opened and checked once, before anything is served."""

from __future__ import annotations

from pathlib import Path

from graph.search import Searcher
from graph.store import Build, load_build

__all__ = ["Engine", "open_engine"]


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
