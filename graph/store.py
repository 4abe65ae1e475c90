"""Loading a build directory: manifest checks, the graph, the chunks and the vector index."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ingest.build import FORMAT_VERSION
from ingest.catalog import Catalog

__all__ = ["FORMAT_VERSION", "Build", "BuildError", "ChunkRecord", "load_build"]

BUILD_FILES = ("manifest.json", "chunks.jsonl", "graph.json", "index.faiss")


class BuildError(Exception):
    """The build cannot be used; the message says why and what to run."""


@dataclass(frozen=True, slots=True)
class ChunkRecord:
    """One retrievable piece of a slide, with the provenance every answer carries."""

    chunk_id: int
    concept: str
    title: str
    heading_path: tuple[str, ...]
    section: str
    source: str
    line_start: int
    line_end: int
    text: str
    services: tuple[str, ...]

    @classmethod
    def from_dict(cls, d: dict) -> ChunkRecord:
        return cls(
            chunk_id=int(d["chunk_id"]),
            concept=d["concept"],
            title=d["title"],
            heading_path=tuple(d.get("heading_path", [d["title"]])),
            section=d.get("section", ""),
            source=d["source"],
            line_start=int(d["line_start"]),
            line_end=int(d["line_end"]),
            text=d.get("text", ""),
            services=tuple(d.get("services", [])),
        )


@dataclass
class Build:
    """A loaded build: read-only graph, chunks, catalog, and a lazily opened FAISS index."""

    path: Path
    manifest: dict
    graph: nx.MultiDiGraph
    chunks: list[ChunkRecord]
    catalog: Catalog
    _index: object = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Derived structures computed once per loaded build (name index, prerequisite graph).
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def model_name(self) -> str:
        return self.manifest["model"]["name"]

    @property
    def dim(self) -> int:
        return int(self.manifest["model"]["dim"])

    @property
    def index(self):
        """The FAISS index, read from disk on first use (faiss is imported only then)."""
        with self._lock:
            if self._index is None:
                import faiss

                index = faiss.read_index(str(self.path / "index.faiss"))
                if index.ntotal != len(self.chunks) or index.d != self.dim:
                    raise BuildError(
                        f"{self.path}: index.faiss does not match chunks.jsonl; "
                        "rebuild with `kg ingest`"
                    )
                if hasattr(index, "hnsw"):
                    index.hnsw.efSearch = int(self.manifest["index"].get("ef_search", 96))
                self._index = index
        return self._index

    def node(self, node_id: str) -> dict:
        return self.graph.nodes[node_id]

    def ingest_outdated(self) -> bool:
        """True when other ingest code or another service catalog made this build: its
        concepts and relations may differ from what `kg ingest` makes now."""
        from ingest.fingerprint import ingest_fingerprint

        return self.manifest.get("ingest", {}).get("fingerprint") != ingest_fingerprint()

    def nodes_of(self, kind: str) -> list[tuple[str, dict]]:
        return [(n, d) for n, d in self.graph.nodes(data=True) if d.get("kind") == kind]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path} is unreadable ({exc}); rebuild with `kg ingest`") from exc


def check_manifest(manifest: dict, path: Path, model: str | None = None) -> None:
    """Refuse a build of another format, or made with another model than expected."""
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BuildError(
            f"{path} is build format {version}, this kg reads format {FORMAT_VERSION}; "
            f"rebuild it with `kg ingest ... --out {path}`"
        )
    got = manifest.get("model", {})
    if not got.get("name") or not got.get("dim"):
        raise BuildError(f"{path}/manifest.json names no model; rebuild with `kg ingest`")
    if model and got["name"] != model:
        raise BuildError(
            f"{path} was embedded with {got['name']}, but {model} was asked for; "
            f"rebuild with `kg ingest ... --model {model} --out {path}`"
        )


def _located(path: Path) -> Path:
    """Where the build at path is: path itself, or its previous build that a crash between
    two renames left beside it (moved back when no ingest holds the lock, else read there)."""
    from ingest.buildlock import BuildLock, BuildLocked
    from ingest.swap import lost_build, recover

    if (path / "manifest.json").is_file() or lost_build(path) is None:
        return path
    try:
        with BuildLock(path):
            recover(path)
    except (BuildLocked, OSError):
        return lost_build(path) or path
    return path


def load_build(path: Path | str, model: str | None = None) -> Build:
    """Open a build directory written by `kg ingest`; raises BuildError with what to do."""
    path = _located(Path(path))
    if not (path / "manifest.json").is_file():
        raise BuildError(
            f"no build at {path}; create one with `kg ingest PATH --out {path}` "
            "(or `make run` for the course slides)"
        )
    manifest = _read_json(path / "manifest.json")
    check_manifest(manifest, path, model)
    missing = [f for f in BUILD_FILES if not (path / f).is_file()]
    if missing:
        raise BuildError(f"{path} is incomplete (missing {', '.join(missing)}); rebuild it")
    data = _read_json(path / "graph.json")
    try:
        graph = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
        with open(path / "chunks.jsonl", encoding="utf-8") as fh:
            chunks = [ChunkRecord.from_dict(json.loads(line)) for line in fh if line.strip()]
    except (KeyError, ValueError, TypeError) as exc:
        raise BuildError(f"{path} is damaged ({exc}); rebuild with `kg ingest`") from exc
    catalog = Catalog.from_list(graph.graph.get("catalog", []))
    return Build(path, manifest, graph, chunks, catalog)
