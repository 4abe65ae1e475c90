"""The ingest pipeline: sources → slides → concepts → services → relations → embeddings → build dir.

The build directory is written to a temporary sibling and renamed into place, under a lock,
so a crash or a concurrent run never leaves a half-written build where a good one stood.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest import __version__
from ingest.buildlock import BuildLock
from ingest.catalog import Catalog, load_catalog
from ingest.embed import DEFAULT_CACHE_DIR, DEFAULT_MODEL, EmbeddingCache, get_embedder
from ingest.errors import IngestError
from ingest.fileparts import PARTS, FilePart, make_part, number, skipped_part, write_parts
from ingest.fingerprint import ingest_fingerprint
from ingest.graphdata import (
    CONCEPTS_FILE,
    assemble_graph,
    concept_table,
    service_id,
    write_graph,
)  # fmt: skip
from ingest.index import HNSW_THRESHOLD, build_index, write_index
from ingest.integrity import FORMAT_VERSION, MANIFEST, file_records
from ingest.lexical import BM25_DIR, WORDS_FILE, bm25_index, lexical_manifest, note_words
from ingest.outdir import check_out
from ingest.previous import PreviousBuild, previous_build, remember
from ingest.records import Chunk, Concept, IngestWarning, Section, Slide
from ingest.relations import extract_relations
from ingest.sources import Source, collect, display_path, parse, read
from ingest.swap import clean_leftovers, fsync_tree, replace_dir, temp_dir_for
from ingest.vault import NoteLinks, resolve

__all__ = ["FORMAT_VERSION", "BuildSummary", "IngestError", "build", "embedding_text"]


@dataclass(slots=True)
class BuildSummary:
    """What a build holds and what it cost, for the one summary line."""

    out: Path
    slides: int = 0
    concepts: int = 0
    sections: int = 0
    services: int = 0
    relations: int = 0
    chunks: int = 0
    embedded: int = 0
    seconds: float = 0.0  # until the build was in place (an update's first swap)
    warnings: list[IngestWarning] = field(default_factory=list)
    links: int = 0
    read: int = 0  # files read (an update reads only those that changed)
    up_to_date: bool = False  # an update found nothing changed and wrote nothing
    relations_seconds: float = 0.0  # an update's second swap, with every relation read again
    relations_pending: bool = False  # that second swap was left for later (kg watch)
    note: str = ""  # why an update read every file

    def line(self) -> str:
        if self.up_to_date:
            return f"{self.out} is up to date ({self.chunks} chunks; nothing changed)"
        links = f", {self.links} links between notes" if self.links else ""
        line = (
            f"built {self.out}: {self.slides} slides, {self.concepts} concepts, "
            f"{self.sections} sections, {self.services} services, {self.relations} relations"
            f"{links}, {self.chunks} chunks ({self.embedded} newly embedded) in "
            f"{self.seconds:.1f} s"
        )
        if self.relations_seconds:
            line += f"; {self.read} read, relations read again in {self.relations_seconds:.1f} s"
        elif self.relations_pending:
            line += f"; {self.read} read, relations carried over until the notes settle"
        return line


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


def _stat_matches(part: FilePart, path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    return part.mtime_ns == st.st_mtime_ns and part.size == st.st_size


def _read_part(path: Path, catalog: Catalog, warnings: list[IngestWarning]) -> FilePart | None:
    """One file read and taken apart (None when it cannot be read at all)."""
    source, warning = read(path)
    found = [warning] if warning else []
    if source is None:
        warnings.extend(found)
        return None
    parsed, parse_warnings = parse(source)
    found += parse_warnings
    if parsed is not None and not parsed.slides:
        found.append(IngestWarning(source.display, "skipped: no text found"))
        parsed = None
    one_slide = parsed is not None and parsed.style == "notes" and len(parsed.slides) == 1
    if one_slide and not _has_heading(source):
        found.append(IngestWarning(source.display, "no headings; read as one slide"))
    warnings.extend(found)
    if parsed is None:
        return skipped_part(path, source.display, source.sha256, source.size, found)
    return make_part(source, parsed, catalog, found)


def _gather(
    paths: list[Path], previous: PreviousBuild | None, catalog: Catalog, warnings: list
) -> tuple[list[FilePart], int]:
    """Every file's part: an unchanged file's from the previous build (same size and time,
    or same content), the others read again; returns the parts and how many were read."""
    files, found = collect(paths)
    warnings.extend(found)
    parts, read_count = [], 0
    for path in files:
        old = previous.parts.get(display_path(path)) if previous else None
        if old is not None and _stat_matches(old, path):
            parts.append(old)
            continue
        part = _read_part(path, catalog, warnings)
        read_count += 1
        if part is None:
            continue
        if old is not None and old.sha256 == part.sha256:
            old.mtime_ns, old.line = part.mtime_ns, ""  # touched, not changed: keep the rest
            part = old
        parts.append(part)
    return parts, read_count


def _has_heading(source: Source) -> bool:
    return source.is_deck or any(line.lstrip().startswith("#") for line in source.text.splitlines())


@dataclass(slots=True)
class _Contents:
    """A build's contents, from its parts in order."""

    parts: list[FilePart]
    sections: list[Section]
    concepts: list[Concept]
    slides: list[Slide]
    chunks: list[Chunk]
    links: NoteLinks


def _contents(parts: list[FilePart], warnings: list[IngestWarning]) -> _Contents:
    built = [p for p in parts if not p.skipped]
    if not built:
        said = [f"{w.source}: {w.message}" for w in warnings]
        said += [w.removeprefix("warning: ") for p in parts for w in p.warnings]
        raise IngestError(f"nothing to build: {'; '.join(dict.fromkeys(said)) or 'no input'}")
    number(built)
    links = resolve([(p.path, p.concepts) for p in built], [x for p in built for x in p.links])
    return _Contents(
        built,
        [s for p in built for s in p.sections],
        [c for p in built for c in p.concepts],
        [s for p in built for s in p.slides],
        [c for p in built for c in p.chunks],
        links,
    )


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


def _vectors(contents: _Contents, previous, model, cache_dir, progress):
    """Each chunk's vector: an unchanged file's from the previous build, the rest embedded
    (through the cache); returns the vectors, how many were embedded, and the dimension."""
    reused: dict[int, np.ndarray] = {}
    if previous is not None:
        for part in contents.parts:
            old = previous.parts.get(part.path)
            rows = previous.vectors(part) if old is part else None
            if rows is not None and len(rows) == len(part.chunks):
                reused.update(zip((c.chunk_id for c in part.chunks), rows, strict=True))
    missing = [c for c in contents.chunks if c.chunk_id not in reused]
    fresh, embedded, dim = _embed(missing, model, cache_dir, progress)
    if not reused:
        return fresh, embedded, dim
    vectors = np.zeros((len(contents.chunks), dim), dtype=np.float32)
    for chunk_id, row in reused.items():
        vectors[chunk_id] = row
    for chunk, row in zip(missing, fresh, strict=True):
        vectors[chunk.chunk_id] = row
    return vectors, embedded, dim


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
    update: bool = False,
    settle: Callable[[], bool] | None = None,
) -> BuildSummary:
    """Ingest notes and decks (files or folders) into a build directory at out, replaced
    atomically.

    update: reuse what the build at out made of every file that did not change, read only
    the others, drop the removed ones (no PATHS: the paths it was built from). The build is
    then replaced twice: at once with the relations of the unchanged files carried over,
    then with every relation read again, unless settle() says to wait (more changes are
    coming; kg watch).
    """
    started = time.perf_counter()
    shown = Path(out)
    target = Path(os.path.abspath(out)).resolve()
    previous = previous_build(target, model) if update else None
    if update and not paths:
        paths = previous.roots
        if not paths:
            raise IngestError(f"{previous.reason or 'nothing recorded'}; give the PATHS to build")
    paths = [Path(p) for p in paths]
    out = check_out(shown, paths)
    warnings: list[IngestWarning] = []
    try:
        catalog = catalog or load_catalog()
    except ValueError as exc:
        raise IngestError(str(exc)) from exc
    with BuildLock(out):
        clean_leftovers(out)
        parts, read_count = _gather(paths, previous, catalog, warnings)
        summary = BuildSummary(shown, warnings=warnings, read=read_count)
        if previous is not None and not previous.parts:
            summary.note = f"every file read: {previous.reason or 'the build holds no parts'}"
        changed = _changed(previous, parts)
        carried_over = previous is not None and previous.manifest.get("relations") == "carried"
        if previous is not None and previous.parts and not changed and not carried_over:
            summary.up_to_date = True
            summary.seconds = time.perf_counter() - started
            return _counted(summary, previous.manifest)
        contents = _contents(parts, warnings)
        vectors, embedded, dim = _vectors(contents, previous, model, cache_dir, progress)
        index, index_info = build_index(vectors, index_kind, hnsw_threshold)
        del vectors
        bm25 = bm25_index([t for p in contents.parts for t in p.tokens])
        write = functools.partial(
            _write_build, out, contents, catalog, index, bm25, paths,
            {"model": {"name": model, "dim": int(dim)}, "index": index_info},
        )  # fmt: skip
        summary.embedded = embedded
        if previous is not None and previous.parts and changed:
            carried = previous.relation_edges(changed)
            _counted(summary, write(carried=carried, warnings=warnings))
            summary.seconds = time.perf_counter() - started
            if settle is not None and not settle():
                summary.relations_pending = True
                return summary
        relations = extract_relations(contents.concepts, catalog)
        _counted(summary, write(relations=relations, warnings=warnings))
        summary.relations_seconds = time.perf_counter() - started - summary.seconds
        if not summary.seconds:
            summary.seconds, summary.relations_seconds = summary.relations_seconds, 0.0
    return summary


def _changed(previous: PreviousBuild | None, parts: list[FilePart]) -> set[str]:
    """The paths whose part was made anew, or is gone, since the previous build."""
    if previous is None:
        return {p.path for p in parts}
    now = {p.path: p for p in parts}
    made = {path for path, part in now.items() if previous.parts.get(path) is not part}
    return made | (set(previous.parts) - set(now))


def _counted(summary: BuildSummary, manifest: dict) -> BuildSummary:
    for key, value in manifest.get("counts", {}).items():
        if hasattr(summary, key):
            setattr(summary, key, value)
    return summary


def _write_build(
    out: Path,
    contents: _Contents,
    catalog: Catalog,
    index,
    bm25,
    paths: list[Path],
    model_index: dict,
    *,
    warnings: list[IngestWarning],
    relations: list | None = None,
    carried: list | None = None,
) -> dict:
    """Write the build into a temporary sibling of out and swap it in; returns its manifest.
    relations: extracted now; carried: relation edges kept from the previous build."""
    graph = assemble_graph(
        contents.sections, contents.concepts, contents.chunks, relations or [], catalog,
        contents.links,
    )  # fmt: skip
    for u, v, key, data in carried or []:
        if u in graph and v in graph:
            graph.add_edge(u, v, key=key, **data)  # as the previous build held it
    edges = [(u, v, key, data) for u, v, key, data in carried or [] if u in graph and v in graph]
    edges += [(service_id(r.source), service_id(r.target), f"relation:{r.relation}", {})
              for r in relations or []]  # fmt: skip
    counts = {
        "slides": len(contents.slides),
        "concepts": len(contents.concepts),
        "sections": len(contents.sections),
        "services": sum(1 for n in graph if n.startswith(service_id(""))),
        "relations": len(edges),
        "links": len(contents.links.edges),
        "chunks": len(contents.chunks),
    }
    own = {str(w) for w in warnings}
    stored = [w for p in contents.parts for w in p.warnings if w not in own]
    manifest = {
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "ingest": {"fingerprint": ingest_fingerprint()},
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **model_index,
        "lexical": lexical_manifest(),
        "roots": [str(Path(os.path.abspath(p))) for p in paths],
        "sources": [{"path": p.path, "sha256": p.sha256, "bytes": p.size} for p in contents.parts],
        "counts": counts,
        # Relations carried over from the previous build until they are read again.
        "relations": "carried" if carried is not None else "read",
        "warnings": [*own, *stored],
    }
    tmp = temp_dir_for(out)
    try:
        text = _write(tmp, manifest, contents, catalog, graph, index, bm25)
        replace_dir(tmp, out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    remember(
        out, text, contents.parts, index, [(u, v, k, graph.edges[u, v, k]) for u, v, k, _ in edges]
    )
    return manifest


def _write(
    tmp: Path, manifest: dict, contents: _Contents, catalog: Catalog, graph, index, bm25
) -> str:
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for chunk in contents.chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    write_graph(graph, tmp / "graph.json")
    table = concept_table(contents.concepts, contents.chunks, catalog)
    (tmp / CONCEPTS_FILE).write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    write_index(index, tmp / "index.faiss")
    bm25.save(str(tmp / BM25_DIR), show_progress=False)
    write_parts(tmp / PARTS, contents.parts)
    (tmp / WORDS_FILE).write_text("\n".join(note_words(contents.chunks)), encoding="utf-8")
    manifest = {**manifest, "files": file_records(tmp)}
    fsync_tree(tmp)
    # The manifest goes last: a directory without one is never mistaken for a build.
    text = json.dumps(manifest, indent=2)
    with open(tmp / MANIFEST, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    fsync_tree(tmp)
    return text
