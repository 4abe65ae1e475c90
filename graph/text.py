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
    for match in _WORD.finditer(text):
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
        if word.lower() not in STOPWORDS and any(_stem(p) in terms for p in _pieces(word)):
            return f"**{word}**"
        return word

    return _WORD.sub(repl, text)
