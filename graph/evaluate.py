"""Retrieval quality on a question set: Recall@1/5/10, MRR@10, nDCG@10 per search mode.

A question is a JSON line with `query` and `gold_lines`: the 1-based lines of the slide
headings that answer it. A hit is correct when its line span contains a gold line.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from graph.search import Searcher

__all__ = ["Question", "evaluate", "load_questions"]


@dataclass(frozen=True, slots=True)
class Question:
    """One evaluation question with the heading lines of the slides that answer it."""

    id: str
    query: str
    gold_lines: tuple[int, ...]


def load_questions(path: Path) -> list[Question]:
    """Read a JSONL question file; raises ValueError naming the first bad line."""
    questions = []
    text = Path(path).read_text(encoding="utf-8")
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            gold = tuple(int(x) for x in d["gold_lines"])
            questions.append(Question(str(d.get("id", n)), str(d["query"]), gold))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(
                f"{path}:{n}: not a question with query and gold_lines ({exc})"
            ) from None
    if not questions:
        raise ValueError(f"{path} holds no questions")
    return questions


def _relevance(hits, gold: tuple[int, ...]) -> list[int]:
    credited: set[int] = set()
    rel = []
    for hit in hits:
        inside = {g for g in gold if hit.line_start <= g <= hit.line_end} - credited
        credited |= inside
        rel.append(1 if inside else 0)
    return rel


def _scores(rel: list[int], n_gold: int) -> dict[str, float]:
    first = next((i for i, r in enumerate(rel) if r), None)
    dcg = sum(r / math.log2(i + 2) for i, r in enumerate(rel[:10]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(n_gold, 10)))
    return {
        "recall@1": float(first is not None and first < 1),
        "recall@5": float(first is not None and first < 5),
        "recall@10": float(first is not None and first < 10),
        "mrr@10": 1.0 / (first + 1) if first is not None and first < 10 else 0.0,
        "ndcg@10": dcg / ideal if ideal else 0.0,
    }


def evaluate(searcher: Searcher, questions: list[Question], mode: str) -> dict:
    """Mean metrics over the questions for one mode, plus each question's first correct rank."""
    totals: dict[str, float] = {}
    per_question = []
    for q in questions:
        hits = searcher.search(q.query, k=10, mode=mode)
        rel = _relevance(hits, q.gold_lines)
        scores = _scores(rel, len(q.gold_lines))
        for key, value in scores.items():
            totals[key] = totals.get(key, 0.0) + value
        first = next((i + 1 for i, r in enumerate(rel) if r), None)
        per_question.append({"id": q.id, "query": q.query, "first_correct_rank": first})
    n = len(questions)
    return {
        "mode": mode,
        "questions": n,
        **{k: round(v / n, 4) for k, v in totals.items()},
        "per_question": per_question,
    }
