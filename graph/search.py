"""Hybrid retrieval: dense vectors (FAISS) + BM25 + what the graph knows, fused by weight.

Dense search finds paraphrases ("my function reads a queue"), told which services a
question's everyday words stand for when it names none; BM25 finds exact names
("dynamodb gsi throttling") and, through the catalog's everyday words added to each chunk's
lexical text, a student's words for a service ("cdn", "bucket"); services the question names,
or implies through those everyday words, lift the concepts about them. The three are min-max
normalised and summed with weights; then a question naming two related services lifts the
statements that relate them, one asking for a comparison lifts the slides that compare, and
one asking what a service is puts its introduction first. A question's typos are corrected
before any of them reads it (graph.spelling).
"""

from __future__ import annotations

import bisect
import difflib
import re
import threading
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache

import numpy as np

from graph.limits import MAX_K, MAX_QUERY_CHARS, MODES
from graph.lookup import introducing_concept
from graph.relations import relation_edges
from graph.snippets import shorten
from graph.spelling import Correction, Speller, speller_for
from graph.store import Build
from graph.text import mark_terms, tokenize
from ingest.lexical import build_bm25, load_bm25
from ingest.records import locator

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "MODES", "Hit", "SearchError", "Searcher", "UnknownFilter"]

CANDIDATES = 1000
# Score fusion over min-max normalised scores. Weights were chosen with `kg eval` on the
# development questions and on our own held-out ones (bench/own_queries.jsonl), and only where
# both agree (README has the figures): dense finds paraphrases, BM25 exact names and rare
# terms, the service prior breaks near-ties.
W_DENSE = 0.6
W_BM25 = 0.4
W_GRAPH = 0.03
# A service implied by an everyday word ("bucket") is a weaker hint than one named outright.
IMPLIED_WEIGHT = 0.5
# A question asking to compare ("difference between SQS and SNS", "X vs Y", "rather than")
# is answered by a slide that compares: among the best candidates, one whose title sets
# things side by side and shares a word with the question is lifted. Measured on five
# question sets (bench/compare_queries.jsonl holds comparisons): 0.1-0.3 only gains,
# 0.4 and up loses other questions; 0.2 sits inside that range.
W_COMPARISON = 0.2
COMPARISON_DEPTH = 50
# A question that names two services the notes relate ("does kinesis or sqs keep order")
# lifts the chunks holding the statements that relate them. Measured on the five sets:
# 0.02-0.2 gain one comparison question and move nothing else; services only implied by
# everyday words ("cdn", "bucket") moved more questions down than up, so they do not count.
W_RELATED = 0.05
# A question that asks what a service is ("what is SQS", "what does SNS do", "explain X")
# is answered where the notes introduce it: the first slide of the first concept whose
# heading path names the service first ("AWS SQS"; "Elastic Beanstalk › A managed platform"
# in notes with a heading per service) comes first. Only a question that names the service
# and nothing more counts: "what is the visibility timeout of SQS" asks about the timeout.
# bench/define_queries.jsonl (46 such questions): Recall@1 0.326 -> 0.978 with any lift from
# 0.3 to 1.0 (1.000 once section covers were passed over, graph.lookup); the other sets hold
# no such question and do not move. The lift is 1.0 so an
# introduction that names the service otherwise than the question ("Application Load
# Balancer" for "what is an ALB") still wins.
W_DEFINE = 1.0
INTRO_MIN_WORDS = 15  # a title-only slide introduces nothing (as a study plan's steps)
_DEFINES = re.compile(
    r"^\W*(?:what\s+(?:is|are)|what'?s|what\s+does|define|definition\s+of|explain|describe|"
    r"tell\s+me\s+about|overview\s+of|intro(?:duction)?\s+to)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_DEFINE_FILLER = frozenset(tokenize("aws amazon service services used use"))
# "how does SQS work" wants the same slide, but a slide on how the service works ("How
# CodeBuild works") answers it better where there is one, so the lift is smaller.
# bench/howworks_queries.jsonl (20 such questions): Recall@1 0.200 -> 0.800 at 0.3 (0.650
# at 0.2, 0.750 at 0.5, 0.700 at 1.0; 0.850 at 0.3 once section covers were passed over);
# the other sets do not move.
W_HOW_IT_WORKS = 0.3
_HOW_IT_WORKS = re.compile(
    r"^\W*how\s+(?:does|do|is|are)\s+(?P<rest>.+?)\s+(?:work|works|working)\W*$", re.IGNORECASE
)
_ASKS_COMPARISON = re.compile(
    r"\bvs\b\.?|\bversus\b|\bdifferen\w*|\bcompar\w*|\brather than\b|\binstead of\b|"
    r"\bwhich one\b",
    re.IGNORECASE,
)
_COMPARING_TITLE = re.compile(r"\bvs\b\.?|\bversus\b|\bcompar", re.IGNORECASE)


class SearchError(ValueError):
    """A query or filter that cannot be answered; the message is one line for the user."""


class UnknownFilter(SearchError):
    """A --service or --section filter that names nothing in the build."""

    def __init__(self, message: str, nearest: list[str]) -> None:
        super().__init__(message)
        self.nearest = nearest


@dataclass(slots=True)
class Hit:
    """A search result with its provenance: source file and 1-based line span, and the page
    of a PDF or the slide of a PowerPoint deck (None for markdown); a note's tags."""

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
    page: int | None = None
    slide: int | None = None
    tags: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        # dataclasses.asdict deep-copies field by field: a millisecond per page of hits.
        d = {name: getattr(self, name) for name in _HIT_FIELDS}
        d["services"] = list(self.services)
        d["also"] = [dict(a) for a in self.also]
        d["tags"] = list(self.tags)
        return d


class Searcher:
    """Answers questions over one loaded build; cheap to call many times in one process."""

    def __init__(self, build: Build) -> None:
        self.build = build
        self._bm25 = None
        self._bm25_rebuilt = False
        self._speller: Speller | None = None
        self._concepts: dict[str, np.ndarray] | None = None
        self._weights: dict[str, np.ndarray] = {}
        self._by_service: tuple[dict[str, list[int]], dict[str, list[int]]] | None = None
        self._evidence: dict[frozenset, set[int]] | None = None
        self._intros: dict[str, int | None] = {}
        self._tags: dict[str, set[int]] | None = None
        self._lock = threading.Lock()
        self._about = {cid: about for cid, (_, about) in build.concepts.items()}

    # -- the three rankers -------------------------------------------------------------
    def _bm25_index(self):
        with self._lock:
            if self._bm25 is None:
                self._bm25 = self._stored_bm25()
                if self._bm25 is None:
                    self._bm25 = self._fresh_bm25()
                    self._bm25_rebuilt = True
        return self._bm25

    def keyword_index_outdated(self) -> bool:
        """True when the build's stored BM25 index was made by another version (or is
        damaged) and is rebuilt in memory at every load; `kg ingest` again stores a current one."""
        if self.build.chunks:
            self._bm25_index()
        return self._bm25_rebuilt

    def _stored_bm25(self):
        """The build's BM25 index, if this code would have written the same one."""
        return load_bm25(self.build.path, self.build.manifest, len(self.build.chunks))

    def _fresh_bm25(self):
        """BM25 built at load, for builds from before the index was stored (or stale ones)."""
        return build_bm25(self.build.chunks, self.build.catalog, self._about)

    def _dense(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        from ingest.embed import get_embedder

        n = min(n, len(self.build.chunks))
        if n == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        vec = get_embedder(self.build.model_name).encode([query])
        sims, ids = self.build.index.search(vec, n)
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), sims[0][keep]

    def _lexical(self, query: str, n: int) -> tuple[np.ndarray, np.ndarray]:
        empty = np.zeros(0, np.int64), np.zeros(0, np.float32)
        if not self.build.chunks:
            return empty
        index = self._bm25_index()
        known = [term for term in tokenize(query) if term in index.vocab_dict]
        if not known:
            return empty
        scores = index.get_scores(known)
        # Only chunks holding a term score; among them, a partial selection (a full sort, or
        # a selection over all 100k scores, costs more than the rest of BM25).
        hits = np.flatnonzero(scores > 0)
        if len(hits) > n:
            hits = hits[np.argpartition(-scores[hits], n)[:n]]
        return hits.astype(np.int64), scores[hits]

    def correct(self, query: str) -> Correction:
        """The question as it will be searched: typos taken for the closest words of the
        notes (see graph.spelling)."""
        with self._lock:
            if self._speller is None:
                self._speller = speller_for(self.build)
        return self._speller.correct(str(query)[:MAX_QUERY_CHARS])

    def bm25_scores(self, query: str, n: int = CANDIDATES) -> dict[int, float]:
        """BM25 scores of the best-matching chunks (title and section weighted up)."""
        ids, scores = self._lexical(self.correct(query).text, n)
        return dict(zip(ids.tolist(), scores.tolist(), strict=True))

    def _named(self, query: str) -> frozenset[str]:
        """The services a question names outright (abbreviations in lower case too)."""
        return frozenset(m.service for m in self.build.catalog.mentions(query, True))

    def service_prior(
        self,
        query: str,
        named: frozenset[str] | None = None,
        implied: dict[str, float] | None = None,
    ) -> np.ndarray | None:
        """How strongly each chunk is about the services the question points at (0–1), or None.

        A service the question names counts fully, one it only implies through an everyday
        word ("queue", "cdn") counts IMPLIED_WEIGHT; within that, a concept about the service
        gives its chunks 1 and a chunk that merely mentions it 0.5. Naming two services lifts
        the chunks that speak of both. `named`, `implied`: the question's named and implied
        services (catalog.implied), if the caller has them.
        """
        if implied is None:
            implied = self.build.catalog.implied(query)
        weights = {name: IMPLIED_WEIGHT * strength for name, strength in implied.items()}
        for name in self._named(query) if named is None else named:
            weights[name] = 1.0
        weights = {name: w for name, w in weights.items() if w > 0}
        if not weights:
            return None
        total = sum(w * self._service_weights(name) for name, w in weights.items())
        return total / sum(weights.values())

    def _service_weights(self, service: str) -> np.ndarray:
        with self._lock:
            cached = self._weights.get(service)
            if cached is None:
                about, mentioned = self._service_chunks()
                cached = np.zeros(len(self.build.chunks), dtype=np.float32)
                cached[mentioned.get(service, [])] = 0.5
                cached[about.get(service, [])] = 1.0
                self._weights[service] = cached
        return cached

    def _service_chunks(self) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
        """Chunk ids by the service their concept is about, and by each service they mention;
        one pass, so a service's weights cost no scan of 100k chunks (caller holds the lock)."""
        if self._by_service is None:
            about: dict[str, list[int]] = defaultdict(list)
            mentioned: dict[str, list[int]] = defaultdict(list)
            columns = self.build.chunk_columns()
            pairs = zip(*columns, strict=True) if columns else (
                (c.concept, c.services) for c in self.build.chunks
            )  # fmt: skip
            for i, (concept, services) in enumerate(pairs):
                if self._about.get(concept):
                    about[self._about[concept]].append(i)
                for name in services:
                    mentioned[name].append(i)
            self._by_service = (dict(about), dict(mentioned))
        return self._by_service

    def similar(self, concept: str, k: int = 10) -> list[dict]:
        """Concepts nearest a concept: cosine of mean chunk vectors, from the stored index."""
        graph = self.build.graph
        if concept not in graph or graph.nodes[concept].get("kind") != "concept":
            raise SearchError(f"{concept!r} is not a concept")
        vectors = self._concept_vectors()
        ids = list(vectors)
        matrix = np.stack([vectors[c] for c in ids])
        sims = matrix @ vectors[concept]
        order = [i for i in np.argsort(-sims) if ids[i] != concept][: max(1, min(k, MAX_K))]
        out = []
        for i in order:
            node = graph.nodes[ids[i]]
            out.append(
                {"concept": ids[i], "title": node["title"], "score": round(float(sims[i]), 4),
                 "source": node["source"], "line_start": node["line_start"],
                 "line_end": node["line_end"], "about": node.get("about"), **locator(node)}
            )  # fmt: skip
        return out

    def _concept_vectors(self) -> dict[str, np.ndarray]:
        with self._lock:
            if self._concepts is None:
                index = self.build.index
                vecs = index.reconstruct_n(0, index.ntotal)
                grouped: dict[str, list[int]] = defaultdict(list)
                for chunk in self.build.chunks:
                    grouped[chunk.concept].append(chunk.chunk_id)
                out = {}
                for concept, ids in grouped.items():
                    v = vecs[ids].mean(axis=0)
                    out[concept] = v / (np.linalg.norm(v) or 1.0)
                self._concepts = out
        return self._concepts

    # -- the public call ---------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        service: str | None = None,
        section: str | None = None,
        group: bool = True,
        tags: Sequence[str] = (),
    ) -> list[Hit]:
        """The k best hits for a question; one hit per concept unless group=False; tags keeps
        the notes carrying every one of them (a nested #a/b counts for #a). Typos are
        corrected first (`correct` tells what the question was taken for)."""
        query = self.correct(_check_query(query)).text
        k = max(1, min(int(k), MAX_K))
        if mode not in MODES:
            raise SearchError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        allowed = self._filter(service, section)
        for tag in [tags] if isinstance(tags, str) else tags:
            tagged = self.tagged(tag)
            allowed = tagged if allowed is None else allowed & tagged
        ids, values = self._fused(query, mode)
        scores = dict(zip(ids.tolist(), values.tolist(), strict=True))
        ordered = ids.tolist()
        if allowed is not None:
            ordered = [cid for cid in ordered if cid in allowed]
        return self._hits(query, ordered, scores, k, group)

    def _fused(self, query: str, mode: str) -> tuple[np.ndarray, np.ndarray]:
        """Candidate chunk ids and their scores, best first."""
        if mode == "dense":
            ids, scores = self._dense(query, CANDIDATES)
        elif mode == "bm25":
            ids, scores = self._lexical(query, CANDIDATES)
        else:
            named = self._named(query)
            implied = self.build.catalog.implied(query)  # read once: both below need it
            d_ids, d_scores = self._dense(self.dense_question(query, named, implied), CANDIDATES)
            b_ids, b_scores = self._lexical(query, CANDIDATES)
            ids = np.union1d(d_ids, b_ids)
            scores = W_DENSE * _minmax(d_ids, d_scores, ids) + W_BM25 * _minmax(
                b_ids, b_scores, ids
            )
            prior = self.service_prior(query, named, implied)
            if prior is not None:
                scores = scores + W_GRAPH * prior[ids]
            if _ASKS_COMPARISON.search(query):
                scores = self._lift_comparisons(query, ids, scores)
            related = self._relating_chunks(named)
            if related:
                scores = scores + W_RELATED * np.isin(ids, related)
            scores = self._lift_introductions(query, ids, scores)
        order = np.argsort(-scores, kind="stable")
        return ids[order], scores[order]

    def dense_question(
        self,
        query: str,
        named: frozenset[str] | None = None,
        implied: dict[str, float] | None = None,
    ) -> str:
        """The question as hybrid search's model reads it: one that names no service but
        points at some through words only they own ("cdn", "bucket") starts with their names
        ("CloudFront, S3: put a cdn in front of a bucket"), which the model knows better.
        `named`, `implied`: as for service_prior."""
        if named is None:
            named = self._named(query)
        if named:
            return query
        if implied is None:
            implied = self.build.catalog.implied(query)
        owned = [s for s, strength in implied.items() if strength >= 1]
        return f"{', '.join(owned)}: {query}" if owned else query

    def _relating_chunks(self, named: frozenset[str]) -> list[int]:
        """Chunks that state a relation between two of the services a question names."""
        if len(named) < 2:
            return []
        evidence = self._evidence_chunks()
        out: set[int] = set()
        ordered = sorted(named)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                out |= evidence.get(frozenset((a, b)), set())
        return sorted(out)

    def _evidence_chunks(self) -> dict[frozenset, set[int]]:
        """For each related pair of services, the chunks its evidence lines fall in."""
        with self._lock:
            if self._evidence is None:
                starts: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
                for c in self.build.chunks:
                    starts[c.source].append((c.line_start, c.line_end, c.chunk_id))
                for spans in starts.values():
                    spans.sort()
                found: dict[frozenset, set[int]] = defaultdict(set)
                for edge in relation_edges(self.build):
                    pair = frozenset((edge["source"], edge["target"]))
                    for ev in edge["evidence"]:
                        spans = starts.get(ev["source"], [])
                        at = bisect.bisect_right(spans, (ev["line_start"], 1 << 62, 0)) - 1
                        if at >= 0 and spans[at][0] <= ev["line_start"] <= spans[at][1]:
                            found[pair].add(spans[at][2])
                self._evidence = dict(found)
        return self._evidence

    def _lift_comparisons(self, query: str, ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Scores with the best candidates that compare, by title, what the question names
        lifted by W_COMPARISON."""
        # The words that ask for or make the comparison ("vs") are shared by every such
        # pair; only what is compared counts.
        terms = frozenset(tokenize(_ASKS_COMPARISON.sub(" ", query)))
        depth = min(COMPARISON_DEPTH, len(ids))
        top = np.argpartition(-scores, depth - 1)[:depth] if depth else []
        lifted = scores.copy()
        for i in top:
            title = self.build.chunks[ids[i]].title
            if not _COMPARING_TITLE.search(title):
                continue
            if terms & _line_terms(_COMPARING_TITLE.sub(" ", title)):
                lifted[i] += W_COMPARISON
        return lifted

    def explained(self, query: str) -> tuple[list[str], float]:
        """The services a question asks to have explained ("what is SQS", "how does SQS
        work"), with how far their introductions are lifted; ([], 0.0) for other questions."""
        services = self.defined(query)
        if services:
            return services, W_DEFINE
        m = _HOW_IT_WORKS.match(query)
        services = self._only_services(m.group("rest")) if m else []
        return services, W_HOW_IT_WORKS if services else 0.0

    def defined(self, query: str) -> list[str]:
        """The services a question asks to have defined ("what is SQS"), or none."""
        m = _DEFINES.match(query)
        if m is None or _ASKS_COMPARISON.search(query):
            return []
        return self._only_services(m.group("rest"))

    def _only_services(self, rest: str) -> list[str]:
        """The services text names, if it says nothing else ("Amazon SQS", "SQS and SNS")."""
        mentions = self.build.catalog.mentions(rest, True)
        left = rest
        for mention in sorted(mentions, key=lambda x: -x.start):
            left = left[: mention.start] + " " + left[mention.end :]
        if not mentions or any(t not in _DEFINE_FILLER for t in tokenize(left)):
            return []
        return list(dict.fromkeys(mention.service for mention in mentions))

    def _lift_introductions(self, query: str, ids: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Scores with the slides that introduce the services a question asks to have
        explained lifted."""
        services, lift = self.explained(query)
        intros = [self._introduction(service) for service in services]
        intros = [chunk_id for chunk_id in intros if chunk_id is not None]
        if not intros:
            return scores
        return scores + lift * np.isin(ids, intros)

    def _introduction(self, service: str) -> int | None:
        """The slide that introduces a service (None if nothing teaches it), found once."""
        with self._lock:
            if service not in self._intros:
                self._intros[service] = self._introducing_slide(service)
            return self._intros[service]

    def _introducing_slide(self, service: str) -> int | None:
        """The first slide of the concept that introduces a service (caller holds the lock)."""
        concept = introducing_concept(self.build, service, INTRO_MIN_WORDS)
        chunks = concept.get("chunks") if concept else None
        return chunks[0] if chunks else None

    def _service_names(self) -> list[str]:
        return [d["name"] for _, d in self.build.nodes_of("service")]

    def tagged(self, tag: str) -> set[int]:
        """The chunks of the notes tagged #tag or a tag nested in it (#tag/...); UnknownFilter
        naming the nearest tags when no note carries it."""
        with self._lock:
            if self._tags is None:
                index: dict[str, set[int]] = defaultdict(set)
                for c in self.build.chunks:
                    for t in c.tags:
                        parts = t.split("/")
                        for n in range(1, len(parts) + 1):
                            index["/".join(parts[:n])].add(c.chunk_id)
                self._tags = dict(index)
        want = str(tag).strip().lstrip("#").strip("/").lower()
        if want not in self._tags:
            nearest = difflib.get_close_matches(want, sorted(self._tags), n=5, cutoff=0.6)
            nearest = [f"#{t}" for t in nearest]
            if nearest:
                hint = f"; did you mean {', '.join(nearest)}?"
            else:
                hint = "; `kg stats` lists the tags" if self._tags else " (no note has tags)"
            raise UnknownFilter(f"no note is tagged #{want}{hint}", nearest)
        return self._tags[want]

    def _filter(self, service: str | None, section: str | None) -> set[int] | None:
        if not service and not section:
            return None
        chunks = self.build.chunks
        allowed = {c.chunk_id for c in chunks}
        if service:
            name = self.build.catalog.resolve(service)
            if name is None or f"service:{name}" not in self.build.graph:
                nearest = difflib.get_close_matches(service, self._service_names(), n=5)
                raise UnknownFilter(f"unknown service {service!r}; see `kg stats`", nearest)
            allowed &= {
                c.chunk_id
                for c in chunks
                if name in c.services or self._about.get(c.concept) == name
            }
        if section:
            want = section.lower()
            matching = {c.chunk_id for c in chunks if want in c.section.lower()}
            if not matching:
                titles = sorted({c.section for c in chunks})
                nearest = difflib.get_close_matches(section, titles, n=5, cutoff=0.4)
                raise UnknownFilter(f"no section matches {section!r}; see `kg stats`", nearest)
            allowed &= matching
        return allowed

    def _hits(
        self, query: str, ordered: list[int], scores: dict[int, float], k: int, group: bool
    ) -> list[Hit]:
        hits: list[Hit] = []
        by_concept: dict[str, Hit] = {}
        terms = frozenset(tokenize(query))
        # Past the k-th concept, look a little further only to list a hit's sibling chunks.
        scan_limit = 5 * k + 50
        columns = self.build.chunk_columns()
        for scanned, cid in enumerate(ordered):
            if len(hits) >= k and scanned > scan_limit:
                break
            # A chunk is read only to be shown (a lazy build reads it from disk then).
            concept = columns[0][cid] if columns else self.build.chunks[cid].concept
            if group and concept in by_concept:
                hit = by_concept[concept]
                if len(hit.also) < 5:
                    chunk = self.build.chunks[cid]
                    hit.also.append(
                        {"chunk_id": cid, "title": chunk.title, "line_start": chunk.line_start,
                         "line_end": chunk.line_end, **locator(chunk)}
                    )  # fmt: skip
                continue
            if len(hits) >= k:
                if group:
                    continue
                break
            chunk = self.build.chunks[cid]
            hit = Hit(
                rank=len(hits) + 1,
                score=round(float(scores[cid]), 6),
                chunk_id=cid,
                concept=chunk.concept,
                concept_title=self.build.concepts.get(chunk.concept, (chunk.title,))[0],
                title=chunk.title,
                section=chunk.section,
                source=chunk.source,
                line_start=chunk.line_start,
                line_end=chunk.line_end,
                services=list(chunk.services),
                snippet=snippet(chunk.text, query, terms=terms),
                page=chunk.page,
                slide=chunk.slide,
                tags=list(chunk.tags),
            )
            hits.append(hit)
            by_concept[chunk.concept] = hit
        return hits


_HIT_FIELDS = tuple(f.name for f in fields(Hit))


def _minmax(ids: np.ndarray, scores: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Scores scaled to 0–1, aligned to keys (sorted); a key the ranker did not return gets 0."""
    out = np.zeros(len(keys), dtype=np.float64)
    if len(ids) == 0:
        return out
    lo, hi = float(scores.min()), float(scores.max())
    scaled = (scores - lo) / (hi - lo) if hi > lo else np.ones(len(scores))
    out[np.searchsorted(keys, ids)] = scaled
    return out


def _check_query(query: str) -> str:
    if query is None or not str(query).strip():
        raise SearchError("empty query: type a question or a few keywords")
    query = " ".join(str(query).split())
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
    if not re.search(r"\w", query):
        raise SearchError("the query has no words in it: type a question or a few keywords")
    return query


def snippet(
    text: str, query: str, max_lines: int = 3, width: int = 220, terms: frozenset | None = None
) -> str:
    """The lines of text that share most terms with the query, with those terms marked
    (terms: the query's stems, if the caller has them, typo fixes included)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return ""
    terms = frozenset(tokenize(query)) if terms is None else terms

    def overlap(i: int) -> tuple[int, int]:
        return (-len(terms & _line_terms(lines[i])), i)

    best = sorted(range(len(lines)), key=overlap)[:max_lines]
    chosen = [shorten(lines[i], width) for i in sorted(best)]
    return mark_terms(" … ".join(chosen), terms)


@lru_cache(maxsize=65536)
def _line_terms(line: str) -> frozenset[str]:
    # Slide lines come back query after query; tokenising each once saves most snippet time.
    return frozenset(tokenize(line))
