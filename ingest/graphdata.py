"""The knowledge graph written to graph.json: sections, concepts, services and their edges."""

from __future__ import annotations

import bisect
import functools
import itertools
import json
from pathlib import Path

import networkx as nx

from ingest.catalog import Catalog
from ingest.integrity import CONCEPTS_FILE
from ingest.records import Chunk, Concept, Section, locator
from ingest.studytime import is_hands_on, slide_minutes
from ingest.vault import NoteLinks

__all__ = ["CONCEPTS_FILE", "assemble_graph", "concept_table", "service_id", "write_graph"]


def service_id(name: str) -> str:
    """The node id of a service in the graph."""
    return f"service:{name}"


def concept_table(concepts: list[Concept], chunks: list[Chunk], catalog: Catalog) -> dict:
    """The contents of concepts.json."""
    counts: dict[str, int] = {}
    for chunk in chunks:
        counts[chunk.concept] = counts.get(chunk.concept, 0) + 1
    return {
        "concepts": [[c.id, c.title, c.about, counts.get(c.id, 0)] for c in concepts],
        "chunk_services": [c.services for c in chunks],  # in chunk order
        "slides": _slide_rows(concepts, chunks),
        "catalog": catalog.to_list(),
    }


def _slide_rows(concepts: list[Concept], chunks: list[Chunk]) -> list[list]:
    """Every slide as citations name it, in concept order: [concept, source, line_start,
    line_end, title, heading_path, page, slide, chunk ids], so a search cites its hits
    without reading graph.json. A slide's chunks are those starting in its span."""
    starts: dict[str, list[int]] = {}
    for c in concepts:
        for s in c.slides:
            starts.setdefault(s.source, []).append(s.line_start)
    for lines in starts.values():
        lines.sort()
    owned: dict[tuple[str, int], list[int]] = {}
    for chunk in chunks:
        lines = starts.get(chunk.source, [])
        i = bisect.bisect_right(lines, chunk.line_start) - 1
        if i >= 0:
            owned.setdefault((chunk.source, lines[i]), []).append(chunk.chunk_id)
    return [
        [c.id, s.source, s.line_start, s.line_end, s.title, s.heading_path, s.page, s.slide,
         owned.get((s.source, s.line_start), [])]
        for c in concepts for s in c.slides
    ]  # fmt: skip


class _Locator:
    """The page or slide number of a line of a deck, from the slides read from it."""

    def __init__(self, concepts: list[Concept]) -> None:
        self._spans: dict[str, list[tuple[int, int, dict]]] = {}
        for concept in concepts:
            for s in concept.slides:
                if where := locator(s):
                    self._spans.setdefault(s.source, []).append((s.line_start, s.line_end, where))

    def __call__(self, source: str, line: int) -> dict:
        for start, end, where in self._spans.get(source, ()):
            if start <= line <= end:
                return where
        return {}


def _note_names(c: Concept) -> dict:
    """A note's tags and aliases, on the concepts read from it (absent when it has none)."""
    tags = list(dict.fromkeys(t for s in c.slides for t in s.tags))
    aliases = list(dict.fromkeys(a for s in c.slides for a in s.aliases))
    return {k: v for k, v in (("tags", tags), ("aliases", aliases)) if v}


def assemble_graph(
    sections: list[Section],
    concepts: list[Concept],
    chunks: list[Chunk],
    relations: list,
    catalog: Catalog,
    links: NoteLinks | None = None,
) -> nx.MultiDiGraph:
    """Nodes: section, concept, service. Edges: contains, next, mentions, about, relation,
    links_to (a note's [[link]] to another)."""
    links = links or NoteLinks()
    g = nx.MultiDiGraph(catalog=catalog.to_list(), unresolved_links=links.unresolved)
    for s in sections:
        g.add_node(
            s.id, kind="section", title=s.title, subtitle=s.subtitle, source=s.source,
            line_start=s.line_start, line_end=s.line_end, services=list(s.services),
        )  # fmt: skip
    chunk_ids: dict[str, list[int]] = {}
    for c in chunks:
        chunk_ids.setdefault(c.concept, []).append(c.chunk_id)
    totals: dict[str, int] = {}
    for order, c in enumerate(concepts):
        minutes = [round(slide_minutes(s), 2) for s in c.slides]
        g.add_node(
            c.id, kind="concept", title=c.title, section=c.section_id, source=c.source,
            line_start=c.line_start, line_end=c.line_end, order=order, words=c.words,
            minutes=round(sum(minutes), 1), about=c.about, services=c.services,
            chunks=chunk_ids.get(c.id, []),
            slides=[
                {"title": s.title, "heading_path": s.heading_path, "source": s.source,
                 "line_start": s.line_start, "line_end": s.line_end, "minutes": m,
                 "hands_on": is_hands_on(s), **locator(s)}
                for s, m in zip(c.slides, minutes, strict=True)
            ],
            **locator(c.slides[0]), **_note_names(c),
        )  # fmt: skip
        g.add_edge(c.section_id, c.id, key="contains", kind="contains")
        for name, count in c.services.items():
            totals[name] = totals.get(name, 0) + count
            g.add_edge(c.id, service_id(name), key="mentions", kind="mentions", count=count)
        if c.about:
            g.add_edge(c.id, service_id(c.about), key="about", kind="about")
            totals.setdefault(c.about, 0)  # named only by its section's title
    for prev, nxt in itertools.pairwise(concepts):
        if prev.source == nxt.source:
            g.add_edge(prev.id, nxt.id, key="next", kind="next")
    for name, count in totals.items():
        svc = catalog.services[name]
        g.add_node(
            service_id(name), kind="service", name=name, title=name, full=svc.full,
            category=svc.category, service_kind=svc.kind, mentions=count,
        )  # fmt: skip
    locate = _Locator(concepts)
    for rel in relations:
        evidence = [e.to_dict() for e in rel.evidence]
        for ev in evidence:
            ev.update(locate(ev["source"], ev["line_start"]))
        g.add_edge(
            service_id(rel.source), service_id(rel.target), key=f"relation:{rel.relation}",
            kind="relation", relation=rel.relation, confidence=rel.confidence,
            basis=rel.basis, modality=rel.modality, evidence=evidence,
        )  # fmt: skip
    for source, target, data in links.edges:
        g.add_edge(source, target, key="links_to", kind="links_to", **data)
    return g


def write_graph(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write graph.json as networkx's node-link data (edges under "edges"), one node or edge
    at a time: at 100,000 sections, building the whole document first held two more copies of
    the graph in memory."""
    dumps = functools.partial(json.dumps, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"directed": true, "multigraph": true, "graph": ')
        fh.write(dumps(graph.graph))
        fh.write(', "nodes": [')
        for n, (node, data) in enumerate(graph.nodes(data=True)):
            fh.write((", " if n else "") + dumps({**data, "id": node}))
        fh.write('], "edges": [')
        for n, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True)):
            fh.write((", " if n else "") + dumps({**data, "source": u, "target": v, "key": key}))
        fh.write("]}")
