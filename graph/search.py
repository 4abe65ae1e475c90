"""Hybrid retrieval: dense vectors (FAISS) + BM25 + what the graph knows, fused by rank.

Dense search finds paraphrases ("my function reads a queue"), BM25 finds exact names
("dynamodb gsi throttling"), and the catalog turns names and everyday words in the question
into services whose concepts get lifted. Reciprocal-rank fusion combines the three lists.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import numpy as np

from graph.store import Build, ChunkRecord
from graph.text import mark_terms, tokenize

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "MODES", "Hit", "SearchError", "Searcher"]

MAX_QUERY_CHARS = 2000
MAX_K = 100
MODES = ("dense", "bm25", "hybrid")
RRF_K = 60
CANDIDATES = 100
# Fusion weights; chosen on the dev questions with `kg eval` (README has the figures).
W_DENSE = 1.0
W_BM25 = 1.0
W_GRAPH = 0.6
# BM25 document fields: the title says what a slide is about better than its bullets.
TITLE_REPEAT = 3
SECTION_REPEAT = 1


class SearchError(ValueError):
    """A query or filter that cannot be answered; the message is one line for the user."""


@dataclass(slots=True)
class Hit:
    """A search result with its provenance (source file and 1-based line span)."""

    rank: int
    score: float
    chunk_id: int
    concept: str
    concept_title: str
    title: str
    section: str
    source: str
    line_start: int
    line_end: int
    services: list[str]
    snippet: str
    also: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _bm25_text(chunk: ChunkRecord) -> str:
    head = " ".join(chunk.heading_path)
    return " ".join([head] * TITLE_REPEAT + [chunk.section] * SECTION_REPEAT + [chunk.text])


class Searcher:
    """Answers questions over one loaded build; cheap to call many times in one process."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self._bm25 = None
        self._lock = threading.Lock()
        self._about = {
            n: d.get("about") for n, d in build.graph.nodes(data=True) if d["kind"] == "concept"
        }
        self._word_services = _everyday_index(build)

    # -- the three rankers -------------------------------------------------------------
    def _bm25_index(self):
        with self._lock:
            if self._bm25 is None:
                import bm25s

                corpus = [tokenize(_bm25_text(c)) for c in self.build.chunks]
                index = bm25s.BM25(k1=1.2, b=0.75)
                index.index(corpus, show_progress=False)
                self._bm25 = index
        return self._bm25

    def dense_ranking(self, query: str, n: int = CANDIDATES) -> list[int]:
        from ingest.embed import get_embedder

        vec = get_embedder(self.build.model_name).encode([query])
        n = min(n, len(self.build.chunks))
        if n == 0:
            return []
        _, ids = self.build.index.search(vec, n)
        return [int(i) for i in ids[0] if i >= 0]

    def bm25_ranking(self, query: str, n: int = CANDIDATES) -> list[int]:
        tokens = tokenize(query)
        if not tokens or not self.build.chunks:
            return []
        index = self._bm25_index()
        vocab = index.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return []
        scores = index.get_scores(known)
        top = np.argsort(-scores)[:n]
        return [int(i) for i in top if scores[i] > 0]

    def query_services(self, query: str) -> tuple[list[str], list[str]]:
        """Services the question names, and services its everyday words point at."""
        named = list(dict.fromkeys(m.service for m in self.build.catalog.mentions(query, True)))
        low = f" {_norm_words(query)} "
        hinted = []
        for phrase, services in self._word_services:
            if f" {phrase} " in low:
                hinted.extend(s for s in services if s not in named and s not in hinted)
        return named, hinted

    def graph_ranking(self, query: str) -> list[int]:
        """Chunks about, then mentioning, the services the question names or implies."""
        named, hinted = self.query_services(query)
        if not named and not hinted:
            return []
        weights = {s: 1.0 for s in named}
        weights.update({s: 0.4 for s in hinted if s not in weights})
        scored = []
        for chunk in self.build.chunks:
            about = self._about.get(chunk.concept)
            score = 0.0
            for service, w in weights.items():
                if about == service:
                    score += 2 * w
                elif service in chunk.services:
                    score += w
            if score:
                scored.append((score, chunk.chunk_id))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [cid for _, cid in scored[:CANDIDATES]]

    # -- the public call ---------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        service: str | None = None,
        section: str | None = None,
        group: bool = True,
    ) -> list[Hit]:
        """The k best hits for a question; one hit per concept unless group=False."""
        query = _check_query(query)
        k = max(1, min(int(k), MAX_K))
        if mode not in MODES:
            raise SearchError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        allowed = self._filter(service, section)
        scores = self._fused(query, mode)
        ordered = sorted(scores, key=lambda cid: -scores[cid])
        if allowed is not None:
            ordered = [cid for cid in ordered if cid in allowed]
        return self._hits(query, ordered, scores, k, group)

    def _fused(self, query: str, mode: str) -> dict[int, float]:
        lists: list[tuple[float, list[int]]] = []
        if mode in ("dense", "hybrid"):
            lists.append((W_DENSE, self.dense_ranking(query)))
        if mode in ("bm25", "hybrid"):
            lists.append((W_BM25, self.bm25_ranking(query)))
        if mode == "hybrid":
            lists.append((W_GRAPH, self.graph_ranking(query)))
        scores: dict[int, float] = defaultdict(float)
        for weight, ranking in lists:
            for rank, cid in enumerate(ranking):
                scores[cid] += weight / (RRF_K + rank + 1)
        return scores

    def _filter(self, service: str | None, section: str | None) -> set[int] | None:
        if not service and not section:
            return None
        chunks = self.build.chunks
        allowed = {c.chunk_id for c in chunks}
        if service:
            name = self.build.catalog.resolve(service)
            if name is None or f"service:{name}" not in self.build.graph:
                raise SearchError(f"unknown service {service!r}; see `kg stats` for the list")
            allowed &= {
                c.chunk_id
                for c in chunks
                if name in c.services or self._about.get(c.concept) == name
            }
        if section:
            want = section.lower()
            matching = {c.chunk_id for c in chunks if want in c.section.lower()}
            if not matching:
                raise SearchError(f"no section matches {section!r}; see `kg stats`")
            allowed &= matching
        return allowed

    def _hits(
        self, query: str, ordered: list[int], scores: dict[int, float], k: int, group: bool
    ) -> list[Hit]:
        hits: list[Hit] = []
        by_concept: dict[str, Hit] = {}
        for cid in ordered:
            chunk = self.build.chunks[cid]
            if group and chunk.concept in by_concept:
                hit = by_concept[chunk.concept]
                if len(hit.also) < 5:
                    hit.also.append(
                        {"chunk_id": cid, "title": chunk.title, "line_start": chunk.line_start,
                         "line_end": chunk.line_end}
                    )  # fmt: skip
                continue
            if len(hits) >= k:
                if group:
                    continue
                break
            node = self.build.graph.nodes[chunk.concept]
            hit = Hit(
                rank=len(hits) + 1,
                score=round(float(scores[cid]), 6),
                chunk_id=cid,
                concept=chunk.concept,
                concept_title=node.get("title", chunk.title),
                title=chunk.title,
                section=chunk.section,
                source=chunk.source,
                line_start=chunk.line_start,
                line_end=chunk.line_end,
                services=list(chunk.services),
                snippet=snippet(chunk.text, query),
            )
            hits.append(hit)
            by_concept[chunk.concept] = hit
        return hits


def _check_query(query: str) -> str:
    if query is None or not str(query).strip():
        raise SearchError("empty query: type a question or a few keywords")
    query = " ".join(str(query).split())
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
    if not re.search(r"\w", query):
        raise SearchError("the query has no words in it: type a question or a few keywords")
    return query


def _norm_words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9/@\-]+", text.lower()))


def _everyday_index(build: Build) -> list[tuple[str, list[str]]]:
    """Everyday phrase → services it suggests, longest phrases first."""
    index: dict[str, list[str]] = defaultdict(list)
    for svc in build.catalog.services.values():
        if f"service:{svc.name}" not in build.graph:
            continue
        for word in svc.words:
            index[_norm_words(word)].append(svc.name)
    return sorted(index.items(), key=lambda kv: -len(kv[0]))


def snippet(text: str, query: str, max_lines: int = 3, width: int = 220) -> str:
    """The lines of text that share most terms with the query, with those terms marked."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return ""
    terms = set(tokenize(query))
    scored = sorted(range(len(lines)), key=lambda i: (-len(terms & set(tokenize(lines[i]))), i))[
        :max_lines
    ]
    chosen = [lines[i][:width] for i in sorted(scored)]
    return mark_terms(" … ".join(chosen), terms)
