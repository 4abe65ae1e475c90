"""Typo correction for questions, against the words of the notes.

A question word the notes never use may be a typo ("lamda", "concurency"): it is taken for
the closest word they do use. Words the embedding model knows whole ("weather", "authored")
are left alone even when the notes lack them, so a real word is never bent into another
("whether", "authorized"). Correcting before both rankers matters most for dense search,
which reads a typo as unrelated word pieces.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph.store import Build
from graph.text import word_stems
from ingest.lexical import LETTERS, note_words

__all__ = ["Correction", "Speller", "speller_for"]

# difflib ratio a known word must reach; among words of the same first letter.
TYPO_CUTOFF = 0.85
# Shorter words are too ambiguous to correct ("cdn", "iam").
MIN_LETTERS = 4
# Lookups per question: bounds the work a long hostile query can cause.
MAX_LOOKUPS = 8
MAX_REMEMBERED = 50_000
_WORD = LETTERS
_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class Correction:
    """A question as searched: its text with typos replaced, and each (typed, taken as) pair."""

    text: str
    fixes: tuple[tuple[str, str], ...] = ()


class Speller:
    """Corrects a question's typos to the closest words of the notes."""

    def __init__(self, words: Iterable[str], protected: frozenset[str] = frozenset()) -> None:
        self._known = {w.lower() for w in words}
        # An inflection of a word the notes use ("installs" beside "install") is no typo.
        self._stems = {s for w in self._known for s in word_stems(w)}
        self._protected = protected
        self._by_letter: dict[str, list[str]] = {}
        for word in sorted(self._known):
            self._by_letter.setdefault(word[0], []).append(word)
        self._memory: dict[str, str | None] = {}

    def correct(self, query: str) -> Correction:
        """The query with each likely typo replaced by the closest word of the notes."""
        if not self._known:
            return Correction(query)
        fixes: list[tuple[str, str]] = []
        lookups = 0

        def replace(match: re.Match) -> str:
            nonlocal lookups
            word = match.group(0)
            low = word.lower()
            if lookups >= MAX_LOOKUPS or not self._suspect(low):
                return word
            lookups += 1
            fix = self._closest(low)
            if fix is None:
                return word
            fixes.append((word, fix))
            return fix

        text = _WORD.sub(replace, query)
        return Correction(text, tuple(fixes))

    def _suspect(self, low: str) -> bool:
        return (
            len(low) >= MIN_LETTERS
            and low not in self._known
            and low not in self._protected
            and not any(s in self._stems for s in word_stems(low))
        )

    def _closest(self, low: str) -> str | None:
        # One read: another thread may clear the memory between a check and a lookup.
        fix = self._memory.get(low, _UNSEEN)
        if fix is _UNSEEN:
            if len(self._memory) > MAX_REMEMBERED:
                self._memory.clear()  # a server fed random words must not grow forever
            near = difflib.get_close_matches(
                low, self._by_letter.get(low[0], []), n=1, cutoff=TYPO_CUTOFF
            )
            fix = near[0] if near else None
            self._memory[low] = fix
        return fix


def _build_words(build: Build) -> Iterator[str]:
    stored = build.stored_words()
    if stored is not None:
        yield from stored
    else:  # a build from before its words were stored
        yield from note_words(build.chunks)
    for service in build.catalog.services.values():
        for text in (service.name, service.full, *service.aliases, *service.abbr, *service.words):
            yield from _WORD.findall(text)


def speller_for(build: Build) -> Speller:
    """A speller over a build's words (titles, sections, text, the catalog's names and words).

    With a model whose vocabulary cannot be read, real words could not be told from typos,
    so nothing is corrected.
    """
    from ingest.embed import model_words

    protected = model_words(build.model_name)
    return Speller(_build_words(build) if protected else (), protected)
