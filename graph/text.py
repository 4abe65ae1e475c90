"""Word-level text handling shared by lexical search and snippets: tokens, stems, marking."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["STOPWORDS", "mark_terms", "tokenize"]

_WORD = re.compile(r"[a-z0-9][a-z0-9@\-]*[a-z0-9]|[a-z0-9]", re.IGNORECASE)
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


def _pieces(word: str) -> list[str]:
    # "x-forwarded-for" is findable as the whole and as its parts.
    parts = [p for p in word.split("-") if p]
    return [word.replace("-", ""), *parts] if len(parts) > 1 else [word]


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens without stop words (hyphenated words also split)."""
    out = []
    for match in _WORD.finditer(text.lower()):
        for piece in _pieces(match.group(0)):
            if piece not in STOPWORDS:
                out.append(_stem(piece))
    return out


def mark_terms(text: str, terms: set[str]) -> str:
    """Wrap words whose stem is in terms with ** (markdown bold), for snippets."""
    if not terms:
        return text

    def repl(m: re.Match) -> str:
        word = m.group(0)
        low = word.lower()
        if low not in STOPWORDS and any(_stem(p) in terms for p in _pieces(low)):
            return f"**{word}**"
        return word

    return _WORD.sub(repl, text)
