"""Loading a build directory: manifest checks, the graph, the chunks and the vector index."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.catalog import Catalog
from ingest.integrity import CONCEPTS_FILE, FORMAT_VERSION

__all__ = [
    "FORMAT_VERSION",
    "Build",
    "BuildError",
    "ChunkRecord",
    "load_build",
    "verify_build",
]

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
    page: int | None = None  # from a PDF deck
    slide: int | None = None  # from a PowerPoint deck
    tags: tuple[str, ...] = ()  # a note's #tags
    aliases: tuple[str, ...] = ()  # a note's other names

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
            page=d.get("page"),
            slide=d.get("slide"),
            tags=tuple(d.get("tags", ())),
            aliases=tuple(d.get("aliases", ())),
        )


class LazyChunks(Sequence):
    """A build's chunks, each read from its line of chunks.jsonl when first asked for: a
    one-shot search over 100,000 chunks shows ten of them."""

    def __init__(self, lines: list[bytes], path: Path, manifest: dict) -> None:
        self._lines = lines
        self._records: list[ChunkRecord | None] = [None] * len(lines)
        self._path, self._manifest = path, manifest

    def __len__(self) -> int:
        return len(self._lines)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        record = self._records[i]
        if record is None:
            try:
                record = ChunkRecord.from_dict(json.loads(self._lines[i]))
            except (KeyError, ValueError, TypeError, AttributeError) as exc:
                raise _damaged(
                    self._path, f"chunks.jsonl line {int(i) + 1} is unreadable ({exc})",
                    self._manifest,
                ) from None  # fmt: skip
            self._records[i] = record
        return record

    def __iter__(self):
        return (self[i] for i in range(len(self)))


@dataclass
class Build:
    """A loaded build: chunks, catalog, and a graph and FAISS index read on first use.

    Search needs only each concept's title and service (`concepts`, from concepts.json): a
    one-shot `kg search` over 100,000 sections does not read graph.json.
    """

    path: Path
    manifest: dict
    _graph: object  # nx.MultiDiGraph once read
    chunks: list[ChunkRecord]
    catalog: Catalog
    _index: object = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # Derived structures computed once per loaded build (name index, prerequisite graph).
    cache: dict = field(default_factory=dict, repr=False)
    # concept id → (title, the service it is about); read without the graph where stored.
    _concepts: dict[str, tuple[str, str | None]] | None = field(default=None, repr=False)
    # Each chunk's concept and services, in chunk order, where concepts.json holds them.
    _columns: tuple[list[str], list[list[str]]] | None = field(default=None, repr=False)

    _slides: list[list] | None = field(default=None, repr=False)

    def slide_rows(self) -> list[list] | None:
        """Every slide as concepts.json lists it ([concept, source, line_start, line_end,
        title, heading_path, page, slide, chunk ids], in concept order), or None for a build
        from before it did (then the graph's concepts hold them)."""
        return self._slides

    def chunk_columns(self) -> tuple[list[str], list[list[str]]] | None:
        """Each chunk's concept id and the services it names, without reading the chunks
        (None for a build from before concepts.json held them)."""
        return self._columns

    @property
    def graph(self):
        """The knowledge graph (networkx), read from graph.json on first use."""
        with self._lock:
            if self._graph is None:
                self._graph = _read_graph(self.path, self.manifest)
        return self._graph

    @property
    def concepts(self) -> dict[str, tuple[str, str | None]]:
        """Each concept's title and the service it is about, by concept id."""
        if self._concepts is None:
            self._concepts = {
                n: (d["title"], d.get("about"))
                for n, d in self.graph.nodes(data=True)
                if d.get("kind") == "concept"
            }
        return self._concepts

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

                try:
                    index = faiss.read_index(str(self.path / "index.faiss"))
                except RuntimeError:
                    raise _damaged(self.path, "index.faiss is unreadable", self.manifest) from None
                if index.ntotal != len(self.chunks) or index.d != self.dim:
                    raise _damaged(
                        self.path,
                        f"index.faiss holds {index.ntotal} vectors of {index.d} dimensions for "
                        f"{len(self.chunks)} chunks of {self.dim}",
                        self.manifest,
                    )
                if hasattr(index, "hnsw"):
                    index.hnsw.efSearch = int(self.manifest["index"].get("ef_search", 96))
                self._index = index
        return self._index

    def stored_words(self) -> list[str] | None:
        """The words of the notes as ingest stored them for typo correction (None for a
        build from before they were)."""
        from ingest.lexical import WORDS_FILE

        try:
            return (self.path / WORDS_FILE).read_text(encoding="utf-8").split()
        except OSError:
            return None

    def node(self, node_id: str) -> dict:
        return self.graph.nodes[node_id]

    def ingest_outdated(self) -> bool:
        """True when other ingest code or another service catalog made this build: its
        concepts and relations may differ from what `kg ingest` makes now."""
        from ingest.fingerprint import ingest_fingerprint

        return self.manifest.get("ingest", {}).get("fingerprint") != ingest_fingerprint()

    def nodes_of(self, kind: str) -> list[tuple[str, dict]]:
        return [(n, d) for n, d in self.graph.nodes(data=True) if d.get("kind") == kind]


def _rebuild_hint(path: Path, manifest: dict | None = None) -> str:
    sources = [s.get("path") for s in (manifest or {}).get("sources", []) if isinstance(s, dict)]
    sources = [str(s) for s in sources if s]
    if len(sources) > 1:
        sources = [os.path.commonpath(sources) or "SOURCES"]
    return f"rebuild it with `kg ingest {sources[0] if sources else 'SOURCES'} --out {path}`"


def _damaged(path: Path, problem: str, manifest: dict | None = None) -> BuildError:
    return BuildError(f"{path}/{problem}: the build is damaged; {_rebuild_hint(path, manifest)}")


def _read_json(path: Path, build: Path, manifest: dict | None = None) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not valid JSON"
        raise _damaged(build, f"{path.name} is unreadable ({reason})", manifest) from None


def _model_known(name: str) -> bool:
    from ingest.embed import DEFAULT_MODEL

    return name == DEFAULT_MODEL or (Path(name) / "config.json").is_file()


def check_manifest(manifest: object, path: Path, model: str | None = None) -> None:
    """Refuse a manifest that is no object, of another format, or made with another model."""
    if not isinstance(manifest, dict):
        raise _damaged(path, "manifest.json is not a build manifest (not a JSON object)")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise BuildError(
            f"{path} is build format {version}, this kg reads format {FORMAT_VERSION}; "
            f"{_rebuild_hint(path, manifest)}"
        )
    got = manifest.get("model")
    if not isinstance(got, dict) or not got.get("name") or not got.get("dim"):
        raise _damaged(path, "manifest.json names no model", manifest)
    if model and got["name"] != model:
        raise BuildError(
            f"{path} was embedded with {got['name']}, but {model} was asked for; "
            f"rebuild with `kg ingest ... --model {model} --out {path}`"
        )
    if not _model_known(str(got["name"])):
        raise BuildError(
            f"{path} was embedded with the model {got['name']!r}, which is not installed "
            f"here; {_rebuild_hint(path, manifest)}"
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


def _check_counts(path: Path, manifest: dict, covered: int, chunks: list) -> None:
    from ingest.index import index_shape

    expected = manifest.get("counts", {}).get("chunks")
    if expected is not None and expected != len(chunks):
        raise _damaged(
            path, f"chunks.jsonl holds {len(chunks)} chunks, the manifest says {expected}", manifest
        )
    try:
        dim, vectors = index_shape(path / "index.faiss")
    except (OSError, ValueError) as exc:
        raise _damaged(path, f"index.faiss is unreadable ({exc})", manifest) from None
    if vectors != len(chunks) or dim != int(manifest["model"]["dim"]):
        raise _damaged(
            path, f"index.faiss holds {vectors} vectors for {len(chunks)} chunks", manifest
        )
    if covered != len(chunks):
        raise _damaged(path, f"the concepts cover {covered} chunks of {len(chunks)}", manifest)


def load_build(path: Path | str, model: str | None = None, *, lazy: bool = False) -> Build:
    """Open a build directory written by `kg ingest`; raises BuildError with what to do.

    lazy: read graph.json, and each chunk's line of chunks.jsonl, only when something asks
    for them (a one-shot search needs concepts.json and the chunks it shows), so damage
    there is found then rather than now.
    """
    from ingest.integrity import size_problems

    path = _located(Path(path))
    if not (path / "manifest.json").is_file():
        raise BuildError(
            f"no build at {path}; create one with `kg ingest PATH --out {path}` "
            "(or `make run` for the course slides)"
        )
    manifest = _read_json(path / "manifest.json", path)
    check_manifest(manifest, path, model)
    missing = [f for f in BUILD_FILES if not (path / f).is_file()]
    if missing:
        raise _damaged(path, f"{missing[0]} is missing", manifest)
    # The keyword index has its own check and is rebuilt in memory when stale or damaged.
    checked = (*BUILD_FILES, CONCEPTS_FILE)
    records = {n: r for n, r in (manifest.get("files") or {}).items() if n in checked}
    problems = size_problems(path, records)
    if problems:
        raise _damaged(path, problems[0], manifest)
    try:
        lines = [ln for ln in (path / "chunks.jsonl").read_bytes().split(b"\n") if ln.strip()]
    except OSError as exc:
        raise _damaged(path, f"chunks.jsonl is unreadable ({exc.strerror})", manifest) from None
    chunks = LazyChunks(lines, path, manifest)
    if not lazy:
        chunks = list(chunks)  # every line read now: damage is found at load
    table = _concept_table(path, manifest)
    columns = slides = None
    if table is None:  # a build from before concepts.json: its graph says it all
        graph = _read_graph(path, manifest)
        concepts, catalog = None, Catalog.from_list(graph.graph.get("catalog", []))
        covered = sum(len(d.get("chunks", ())) for _, d in graph.nodes(data=True))
    else:
        graph, (concepts, catalog, covered, columns, slides) = None, table
    _check_counts(path, manifest, covered, chunks)
    if graph is None and not lazy:
        graph = _read_graph(path, manifest)
    return Build(
        path, manifest, graph, chunks, catalog, _concepts=concepts, _columns=columns,
        _slides=slides,
    )  # fmt: skip


def _read_graph(path: Path, manifest: dict):
    import networkx as nx

    data = _read_json(path / "graph.json", path, manifest)
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (KeyError, ValueError, TypeError, AttributeError, nx.NetworkXError) as exc:
        raise _damaged(path, f"graph.json is unreadable ({exc})", manifest) from None


def _concept_table(path: Path, manifest: dict):
    """(concepts by id, catalog, chunks the concepts cover) from concepts.json, or None for a
    build without it."""
    if not (path / CONCEPTS_FILE).is_file():
        return None
    data = _read_json(path / CONCEPTS_FILE, path, manifest)
    try:
        rows = data["concepts"]
        concepts = {cid: (title, about) for cid, title, about, _ in rows}
        covered = sum(int(n) for *_, n in rows)
        columns = None
        if "chunk_services" in data and len(data["chunk_services"]) == covered:
            # A concept's chunks follow one another: row by row, its id that many times.
            owners = [cid for cid, *_, n in rows for _ in range(int(n))]
            columns = (owners, data["chunk_services"])
        return concepts, Catalog.from_list(data["catalog"]), covered, columns, data.get("slides")
    except (KeyError, ValueError, TypeError) as exc:
        raise _damaged(path, f"{CONCEPTS_FILE} is unreadable ({exc})", manifest) from None


def verify_build(path: Path | str) -> list[str]:
    """Everything wrong with a build, hashes included (empty when it is whole)."""
    from ingest.integrity import hash_problems

    build = load_build(path)
    records = build.manifest.get("files") or {}
    problems = [f"{build.path}/{p}" for p in hash_problems(build.path, records)]
    try:
        build.index  # noqa: B018 - opening it reads every vector
    except BuildError as exc:
        problems.append(str(exc))
    if not records:
        problems.append(
            f"{build.path} records no file hashes (built by an older kg), so its files "
            f"cannot be checked; {_rebuild_hint(build.path, build.manifest)}"
        )
    return problems
