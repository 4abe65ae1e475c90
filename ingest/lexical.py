"""Lexical side of search: word tokens and stems, and the BM25 index a build stores.

Ingest builds the index from each chunk's lexical text; graph/search.py reads it back and
tokenizes questions with the same function, so both sides must change together: bump
TOKENIZER_VERSION whenever tokens change, and older builds get their index rebuilt at load.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

__all__ = [
    "BM25_DIR",
    "BM25_PARAMS",
    "LETTERS",
    "STOPWORDS",
    "TOKENIZER_VERSION",
    "WORD",
    "StoredBM25",
    "bm25_index",
    "build_bm25",
    "lexical_manifest",
    "lexical_tokens",
    "load_bm25",
    "note_words",
    "tokenize",
    "word_stems",
]

TOKENIZER_VERSION = 2
BM25_DIR = "bm25"
# b below Lucene's 0.75: slides are short and their titles are repeated into the text, so full
# length normalisation mostly penalises a detailed slide for the words that make it the answer.
# Measured on three question sets (bench/): Recall@1 up on each, MRR@10 up on each.
BM25_PARAMS = {"k1": 1.2, "b": 0.4}
# BM25 document fields: the title says what a slide is about better than its bullets.
TITLE_REPEAT = 3
SECTION_REPEAT = 1

WORD = re.compile(r"[a-z0-9][a-z0-9@\-]*[a-z0-9]|[a-z0-9]", re.IGNORECASE)
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
    ]
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


# Parts of a camel-case name: "GetSessionToken" → get, session, token; "DynamoDBCrudPolicy"
# → dynamo, db, crud, policy.
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")


def _pieces(word: str) -> list[str]:
    """A word in lower case, then its parts: "x-forwarded-for" and "ChangeSets" are findable
    as the whole and as their parts ("change sets" finds the slide that writes "ChangeSets")."""
    low = word.lower()
    parts = [p for p in low.split("-") if p]
    pieces = [low.replace("-", ""), *parts] if len(parts) > 1 else [low]
    # Mixed-case words with digits ("IPv4", "EC2") are names, not camel-case compounds.
    if not word.islower() and not word.isupper() and not any(c.isdigit() for c in word):
        camel = [p.lower() for seg in word.split("-") for p in _CAMEL.findall(seg)]
        if len(camel) > 1:
            pieces.extend(p for p in camel if p not in pieces)
    return pieces


def tokenize(text: str) -> list[str]:
    """Stemmed lower-case word tokens without stop words (hyphenated and camel-case words
    also give their parts)."""
    out = []
    for match in WORD.finditer(text):
        for piece in _pieces(match.group(0)):
            if piece not in STOPWORDS:
                out.append(_stem(piece))
    return out


@lru_cache(maxsize=65536)
def word_stems(word: str) -> tuple[str, ...]:
    """The stems one word (a WORD match) gives, stop words left out."""
    # Snippet marking asks this for every word of every hit; slide words recur constantly.
    return tuple(_stem(p) for p in _pieces(word) if p not in STOPWORDS)


def _everyday_words(catalog, heading_path: Sequence[str], about: str | None) -> str:
    """The catalog's everyday words for the services a chunk is about, so a question in a
    student's words ("put a CDN in front of my bucket") meets slides that only say names."""
    names = [m.service for m in catalog.mentions(" ".join(heading_path))]
    if about:
        names.insert(0, about)
    return " ".join(w for n in dict.fromkeys(names) for w in catalog.services[n].words)


def _lexical_text(chunk, catalog, about: str | None) -> str:
    """What BM25 reads for a chunk: heading path weighted up, section, body, everyday words."""
    head = " ".join([*chunk.heading_path, *chunk.aliases])  # a note's aliases name it too
    everyday = _everyday_words(catalog, chunk.heading_path, about)
    return " ".join(
        [head] * TITLE_REPEAT + [chunk.section] * SECTION_REPEAT + [chunk.text, everyday]
    )


# The words typo correction knows: runs of letters (graph.spelling reads them the same way).
LETTERS = re.compile(r"[A-Za-z]+")
WORDS_FILE = "words.txt"


def note_words(chunks: Sequence) -> list[str]:
    """The distinct words (lower case, letters only) of the chunks' headings, sections and
    text: stored with a build so that opening it does not read every chunk for them."""
    found: set[str] = set()
    for chunk in chunks:
        for text in (*chunk.heading_path, chunk.section, chunk.text):
            found.update(w.lower() for w in LETTERS.findall(text))
    return sorted(found)


def lexical_tokens(chunks: Sequence, catalog, about: Mapping[str, str | None]) -> list[list[str]]:
    """Each chunk's BM25 tokens, from its lexical text. Chunks are ingest's or a loaded build's
    records (heading_path, aliases, section, text, concept); about maps a concept id to the
    service it is about."""
    return [tokenize(_lexical_text(c, catalog, about.get(c.concept))) for c in chunks]


def bm25_index(tokens: Sequence[list[str]]):
    """A bm25s index over chunks' tokens, in chunk order (an update reuses unchanged files'
    tokens rather than reading their text again)."""
    import bm25s

    index = bm25s.BM25(**BM25_PARAMS)
    index.index(list(tokens), show_progress=False)
    return index


def build_bm25(chunks: Sequence, catalog, about: Mapping[str, str | None]):
    """A bm25s index over the chunks' lexical texts, in chunk order."""
    return bm25_index(lexical_tokens(chunks, catalog, about))


def lexical_manifest() -> dict:
    """The manifest's `lexical` entry for an index this code writes."""
    return {"tokenizer": TOKENIZER_VERSION, **BM25_PARAMS, "dir": BM25_DIR}


class StoredBM25:
    """A stored bm25s index read without bm25s: its vocabulary and its precomputed scores
    (one sparse column per token), memory-mapped. bm25s pulls in scipy, a second of a
    one-shot `kg search`; scoring a question is a sum of a few columns, done here as bm25s
    does it for the methods whose scores are all stored (not bm25l or bm25+)."""

    EAGER_METHODS = frozenset({"lucene", "robertson", "atire"})

    def __init__(self, folder: Path) -> None:
        import numpy as np

        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method") not in self.EAGER_METHODS:
            raise ValueError(f"bm25 method {params.get('method')!r} stores no eager scores")
        self.num_docs = int(params["num_docs"])
        self.vocab_dict: dict[str, int] = json.loads(
            (folder / "vocab.index.json").read_text(encoding="utf-8")
        )
        self._dtype = np.dtype(params.get("dtype", "float32"))
        # Plain views of the memory maps: slicing a memmap object costs a Python call each.
        self._data, self._indices, self._indptr = (
            np.load(folder / f"{name}.csc.index.npy", mmap_mode="r").view(np.ndarray)
            for name in ("data", "indices", "indptr")
        )
        # bm25s keeps "" in the vocabulary, with no column of its own.
        if len(self._indptr) < len(self.vocab_dict):
            raise ValueError("vocabulary and scores disagree")

    def get_scores(self, tokens: list[str]):
        """Each document's BM25 score for the query tokens (all in the vocabulary)."""
        import numpy as np

        scores = np.zeros(self.num_docs, dtype=self._dtype)
        for token in tokens:
            t = self.vocab_dict[token]
            if t + 1 >= len(self._indptr):
                continue
            start, end = self._indptr[t], self._indptr[t + 1]
            # A token's column names each chunk once, so a plain += adds as np.add.at would.
            scores[self._indices[start:end]] += self._data[start:end]
        return scores


def load_bm25(build: Path, manifest: Mapping, documents: int):
    """A build's stored index, or None if it was made with another tokenizer or other
    parameters (bm25s bakes k1 and b into its scores), or is missing, unreadable or not for
    `documents` chunks."""
    if manifest.get("lexical") != lexical_manifest():
        return None
    try:
        index = StoredBM25(build / BM25_DIR)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return index if index.num_docs == documents else None
