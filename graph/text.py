"""Word-level text for search results: query tokens (the same as the stored BM25 index's,
from ingest.lexical) and marking a question's terms in snippets."""

from __future__ import annotations

import re

from ingest.lexical import STOPWORDS, WORD, tokenize, word_stems

__all__ = ["STOPWORDS", "mark_terms", "tokenize", "word_stems"]


def mark_terms(text: str, terms: set[str]) -> str:
    """Wrap words whose stem is in terms with ** (markdown bold), for snippets."""
    if not terms:
        return text

    def repl(m: re.Match) -> str:
        word = m.group(0)
        if word.lower() not in STOPWORDS and any(s in terms for s in word_stems(word)):
            return f"**{word}**"
        return word

    return WORD.sub(repl, text)
