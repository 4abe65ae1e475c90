"""Search quality when students mistype: each question set, clean and with two typos per
question (a dropped, swapped, doubled or replaced letter in words of five letters or more,
seeded so every run types the same typos).

    python bench/typos.py [--build DIR] [QUESTIONS.jsonl ...]

Prints one JSON object per set and mode; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.evaluate import Question, evaluate, load_questions  # noqa: E402
from graph.search import Searcher  # noqa: E402
from graph.store import load_build  # noqa: E402

SETS = [
    ROOT.parent / "shared" / "eval" / "dev_queries.jsonl",
    ROOT / "bench" / "own_queries.jsonl",
    ROOT / "bench" / "holdout_queries.jsonl",
]
METRICS = ("recall@1", "recall@5", "mrr@10")


def mistype(text: str, rng: random.Random, typos: int = 2) -> str:
    """The text with a typo in each of up to `typos` words of five letters or more."""
    words = list(re.finditer(r"[A-Za-z]{5,}", text))
    for match in sorted(rng.sample(words, min(typos, len(words))), key=lambda m: -m.start()):
        word = match.group(0)
        i = rng.randrange(1, len(word) - 1)
        edit = rng.choice(["drop", "swap", "double", "replace"])
        if edit == "drop":
            typo = word[:i] + word[i + 1 :]
        elif edit == "swap":
            typo = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        elif edit == "double":
            typo = word[:i] + word[i] + word[i:]
        else:
            typo = word[:i] + rng.choice("aeioulnrst".replace(word[i], "")) + word[i + 1 :]
        text = text[: match.start()] + typo + text[match.end() :]
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", type=Path, default=SETS)
    parser.add_argument("--build", type=Path, default=ROOT / "data" / "build")
    args = parser.parse_args()
    searcher = Searcher(load_build(args.build))
    for path in args.questions:
        if not path.is_file():
            print(json.dumps({"bench": "typos", "set": str(path), "skipped": "not found"}))
            continue
        clean = load_questions(path)
        rng = random.Random(2026)
        typed = [Question(q.id, mistype(q.query, rng), q.gold_lines) for q in clean]
        for mode in ("hybrid", "dense"):
            row = {"bench": "typos", "set": path.name, "mode": mode}
            for label, questions in (("clean", clean), ("typos", typed)):
                result = evaluate(searcher, questions, mode)
                row[label] = {m: result[m] for m in METRICS}
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
