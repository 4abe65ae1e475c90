"""Relations read from a folder of notes against what their author expects them to state.

Recall: the share of expected relations (JSONL: source, target, relation, alt_relations)
found with their direction and one of their types. Precision: the share of extracted edges
that are right, each judged as, in this order: an expected relation (right); a trap, a
relation the notes must not yield (wrong: a pair, a pair and type, or an edge whose every
statement lies in the trap's lines); true and stated in passing (`--acceptable`, right);
a verdict recorded by hand (`--labels`: source, target, relation, right, reason, by).
Edges left unjudged are listed, and the precision says how many there are.

    python bench/eval_notes.py /work/audit/notes \\
        --gold bench/reviewer_notes_relations.jsonl --traps bench/reviewer_notes_traps.jsonl \\
        --acceptable bench/reviewer_notes_acceptable.jsonl \\
        --labels bench/reviewer_notes_labels.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from edges_of import edges_of  # noqa: E402

from graph.limits import MIN_CONFIDENCE  # noqa: E402
from ingest.vocabulary import relation_type  # noqa: E402


def _rows(path: str | None) -> list[dict]:
    if not path:
        return []
    return [json.loads(x) for x in Path(path).read_text().splitlines() if x.strip()]


def _states(edge: dict, gold: dict) -> bool:
    """The edge states the relation: its type (or an accepted one) and its direction."""
    if edge["relation"] not in {gold["relation"], *gold.get("alt_relations", [])}:
        return False
    same = (edge["source"], edge["target"]) == (gold["source"], gold["target"])
    flipped = (edge["target"], edge["source"]) == (gold["source"], gold["target"])
    return same or (flipped and relation_type(edge["relation"]).symmetric)


def _trapped(edge: dict, trap: dict) -> bool:
    if "file" in trap:
        low, high = trap["lines"]
        return all(
            Path(ev["source"]).name == trap["file"] and low <= ev["line_start"] <= high
            for ev in edge["evidence"]
        )
    ends = {edge["source"], edge["target"]}
    named = {trap["a"], trap["b"]} - {None}
    if not named <= ends:
        return False
    if trap["a"] and trap["b"] is None and edge["source"] != trap["a"]:
        return False
    if trap["b"] and trap["a"] is None and edge["target"] != trap["b"]:
        return False
    return trap["relation"] in (None, edge["relation"])


def judge(edge: dict, gold, traps, acceptable, labels) -> tuple[bool | None, str]:
    for g in gold:
        if _states(edge, g):
            return True, f"expected {g['id']}"
    for t in traps:
        if _trapped(edge, t):
            return False, f"trap {t['id']}: {t['why']}"
    for a in acceptable:
        if _states(edge, {**a, "alt_relations": []}):
            return True, "acceptable"
    label = labels.get((edge["source"], edge["target"], edge["relation"]))
    if label is not None:
        return label["right"], f"{label.get('by', 'label')}: {label['reason']}"
    return None, "unjudged"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notes", nargs="+")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--traps")
    ap.add_argument("--acceptable")
    ap.add_argument("--labels")
    ap.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE)
    ap.add_argument("--quiet", action="store_true", help="figures and unjudged edges only")
    args = ap.parse_args()
    edges = edges_of(args.notes, args.min_confidence)
    gold, traps, acceptable = _rows(args.gold), _rows(args.traps), _rows(args.acceptable)
    labels = {(x["source"], x["target"], x["relation"]): x for x in _rows(args.labels)}
    found = [g for g in gold if any(_states(e, g) for e in edges)]
    verdicts = [(e, *judge(e, gold, traps, acceptable, labels)) for e in edges]
    judged = [v for v in verdicts if v[1] is not None]
    right = sum(1 for v in judged if v[1])
    hits = sorted({v[2] for v in verdicts if v[2].startswith("trap")})
    print(json.dumps({
        "edges": len(edges), "recall": f"{len(found)}/{len(gold)} = {len(found) / len(gold):.3f}",
        "precision": f"{right}/{len(judged)} = {right / max(len(judged), 1):.3f}",
        "unjudged": len(verdicts) - len(judged), "traps_hit": len(hits),
    }))  # fmt: skip
    for e, ok, why in verdicts:
        if args.quiet and ok is not None:
            continue
        mark = {True: "right", False: "WRONG", None: "?"}[ok]
        ev = e["evidence"][0]
        where = f"{Path(ev['source']).name}:{ev['line_start']}"
        print(f"{mark:<5} {e['text']} ({e['confidence']}) [{why}] {where} «{ev['text'][:90]}»")
    if not args.quiet:
        for g in gold:
            if g not in found:
                print(f"missed {g['id']} {g['source']} {g['relation']} {g['target']}")


if __name__ == "__main__":
    main()
