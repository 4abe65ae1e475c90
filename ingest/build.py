"""The ingest pipeline: sources → slides → concepts → services → relations → embeddings → build dir.

The build directory is written to a temporary sibling and renamed into place, under a lock,
so a crash or a concurrent run never leaves a half-written build where a good one stood.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ingest import __version__
from ingest.buildlock import BuildLock
from ingest.catalog import Catalog, load_catalog
from ingest.concepts import build_concepts, chunk_concepts
from ingest.embed import DEFAULT_CACHE_DIR, DEFAULT_MODEL, EmbeddingCache, get_embedder
from ingest.errors import IngestError
from ingest.fingerprint import ingest_fingerprint
from ingest.graphdata import assemble_graph
from ingest.index import HNSW_THRESHOLD, build_index, write_index
from ingest.integrity import MANIFEST, file_records
from ingest.lexical import BM25_DIR, build_bm25, lexical_manifest
from ingest.outdir import check_out
from ingest.records import Chunk, Concept, IngestWarning, Section, Slide
from ingest.relations import extract_relations
from ingest.sections import assign_sections
from ingest.sources import Source, collect, parse, read
from ingest.swap import clean_leftovers, fsync_tree, replace_dir, temp_dir_for
from ingest.vault import NoteLinks, resolve

__all__ = ["FORMAT_VERSION", "BuildSummary", "IngestError", "build", "embedding_text"]

FORMAT_VERSION = 1


@dataclass(slots=True)
class BuildSummary:
    """What a build holds and what it cost, for the one summary line."""

    out: Path
    slides: int
    concepts: int
    sections: int
    services: int
    relations: int
    chunks: int
    embedded: int
    seconds: float
    warnings: list[IngestWarning] = field(default_factory=list)
    links: int = 0

    def line(self) -> str:
        links = f", {self.links} links between notes" if self.links else ""
        return (
            f"built {self.out}: {self.slides} slides, {self.concepts} concepts, "
            f"{self.sections} sections, {self.services} services, {self.relations} relations"
            f"{links}, {self.chunks} chunks ({self.embedded} newly embedded) in "
            f"{self.seconds:.1f} s"
        )


def embedding_text(chunk: Chunk) -> str:
    """What the model reads for a chunk: section and heading path give the body its context,
    and a note's aliases are other names for it."""
    path = " › ".join(chunk.heading_path)
    if chunk.aliases:
        path = f"{path} ({', '.join(chunk.aliases)})"
    return (
        f"{chunk.section} › {path}\n{chunk.text}"
        if chunk.section != path
        else f"{path}\n{chunk.text}"
    )


def _read_all(paths: list[Path], warnings: list[IngestWarning]) -> list[Source]:
    files, found_warnings = collect(paths)
    warnings.extend(found_warnings)
    sources = []
    for path in files:
        source, warning = read(path)
        if warning:
            warnings.append(warning)
        if source:
            sources.append(source)
    if not sources:
        reasons = "; ".join(f"{w.source}: {w.message}" for w in warnings) or "no input"
        raise IngestError(f"nothing to build: {reasons}")
    return sources


def _parse_all(
    sources: list[Source], catalog: Catalog, warnings: list[IngestWarning]
) -> tuple[list[Section], list[Concept], list[Slide], NoteLinks]:
    sections: list[Section] = []
    concepts: list[Concept] = []
    slides: list[Slide] = []
    files: list[tuple[str, list[Concept]]] = []
    links = []
    built: list[Source] = []
    for source in sources:
        parsed, parse_warnings = parse(source)
        warnings.extend(parse_warnings)
        if parsed is None:
            continue
        if not parsed.slides:
            warnings.append(IngestWarning(source.display, "skipped: no text found"))
            continue
        if parsed.style == "notes" and len(parsed.slides) == 1 and not _has_heading(source):
            warnings.append(IngestWarning(source.display, "no headings; read as one slide"))
        file_sections = assign_sections(parsed, len(sections), catalog)
        sections.extend(file_sections)
        file_concepts = build_concepts(parsed.slides, catalog, len(concepts), file_sections)
        concepts.extend(file_concepts)
        slides.extend(parsed.slides)
        files.append((source.display, file_concepts))
        links.extend(parsed.links)
        built.append(source)
    if not concepts:
        reasons = "; ".join(f"{w.source}: {w.message}" for w in warnings) or "no slides found"
        raise IngestError(f"nothing to build: {reasons}")
    sources[:] = built  # the manifest lists what the build holds
    return sections, concepts, slides, resolve(files, links)


def _has_heading(source: Source) -> bool:
    return source.is_deck or any(line.lstrip().startswith("#") for line in source.text.splitlines())


def _embed(chunks: list[Chunk], model: str, cache_dir: Path | None, progress: bool):
    embedder = get_embedder(model)
    texts = [embedding_text(c) for c in chunks]
    cache = EmbeddingCache(cache_dir / "embeddings.sqlite") if cache_dir else None
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(texts), desc="embedding", unit="chunk", leave=False)
    try:
        vectors, embedded = embedder.encode_cached(texts, cache, bar.update if bar else None)
    finally:
        if bar:
            bar.close()
        if cache:
            cache.close()
    return vectors, embedded, embedder.dim


def build(
    paths: list[Path],
    out: Path,
    *,
    catalog: Catalog | None = None,
    model: str = DEFAULT_MODEL,
    index_kind: str = "auto",
    hnsw_threshold: int = HNSW_THRESHOLD,
    cache_dir: Path | None = DEFAULT_CACHE_DIR,
    progress: bool = False,
) -> BuildSummary:
    """Ingest markdown files or folders into a build directory at out (replaced atomically)."""
    started = time.perf_counter()
    shown = Path(out)
    out = check_out(shown, [Path(p) for p in paths])
    warnings: list[IngestWarning] = []
    try:
        catalog = catalog or load_catalog()
    except ValueError as exc:
        raise IngestError(str(exc)) from exc
    sources = _read_all([Path(p) for p in paths], warnings)
    with BuildLock(out):
        clean_leftovers(out)
        sections, concepts, slides, links = _parse_all(sources, catalog, warnings)
        section_map = {s.id: s for s in sections}
        chunks = chunk_concepts(concepts, section_map, catalog)
        relations = extract_relations(concepts, catalog)
        vectors, embedded, dim = _embed(chunks, model, cache_dir, progress)
        index, index_info = build_index(vectors, index_kind, hnsw_threshold)
        bm25 = build_bm25(chunks, catalog, {c.id: c.about for c in concepts})
        graph = assemble_graph(sections, concepts, chunks, relations, catalog, links)
        counts = {
            "slides": len(slides),
            "concepts": len(concepts),
            "sections": len(sections),
            "services": sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "service"),
            "relations": len(relations),
            "links": len(links.edges),
            "chunks": len(chunks),
        }
        manifest = {
            "format_version": FORMAT_VERSION,
            "package_version": __version__,
            "ingest": {"fingerprint": ingest_fingerprint()},
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "model": {"name": model, "dim": int(dim)},
            "index": index_info,
            "lexical": lexical_manifest(),
            "sources": [{"path": s.display, "sha256": s.sha256, "bytes": s.size} for s in sources],
            "counts": counts,
            "warnings": [str(w) for w in warnings],
        }
        tmp = temp_dir_for(out)
        try:
            _write(tmp, manifest, chunks, graph, index, bm25)
            replace_dir(tmp, out)
        finally:
            if tmp.exists():
                import shutil

                shutil.rmtree(tmp, ignore_errors=True)
    seconds = time.perf_counter() - started
    return BuildSummary(shown, seconds=seconds, embedded=embedded, warnings=warnings, **counts)


def _write(
    tmp: Path, manifest: dict, chunks: list[Chunk], graph: nx.MultiDiGraph, index, bm25
) -> None:
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    data = nx.node_link_data(graph, edges="edges")
    (tmp / "graph.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    write_index(index, tmp / "index.faiss")
    bm25.save(str(tmp / BM25_DIR), show_progress=False)
    manifest = {**manifest, "files": file_records(tmp)}
    fsync_tree(tmp)
    # The manifest goes last: a directory without one is never mistaken for a build.
    with open(tmp / MANIFEST, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest, indent=2))
        fh.flush()
        os.fsync(fh.fileno())
    fsync_tree(tmp)
