"""A random audit of the relations a build shows: the edges `kg relations --sample N --seed
S` draws, each with the verdict and reason recorded for it in a label file.

    python bench/audit_relations.py --build data/build \\
        --labels bench/relation_labels_slides.jsonl --n 60 --seed 2124
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.limits import MIN_CONFIDENCE  # noqa: E402
from graph.relations import relation_edges, sample_edges, statement  # noqa: E402
from graph.store import load_build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--labels", required=True)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--seed", type=int, required=True)
    args = ap.parse_args()
    labels = {
        (d["source"], d["target"], d["relation"]): d
        for d in map(json.loads, Path(args.labels).read_text().splitlines())
    }
    edges = relation_edges(load_build(args.build), min_confidence=MIN_CONFIDENCE)
    drawn = sample_edges(edges, args.n, args.seed)
    right = 0
    for i, e in enumerate(drawn, 1):
        label = labels[(e["source"], e["target"], e["relation"])]
        right += label["right"]
        verdict = "right" if label["right"] else "WRONG"
        ev = e["evidence"][0]
        print(f"{i:>2}. {verdict:<5} {e['text']} ({e['confidence']:.2f}) — {label['reason']}")
        print(f"      {Path(ev['source']).name}:{ev['line_start']}  {statement(ev, 110)}")
    print(f"\n{right} of {len(drawn)} right (seed {args.seed}, {len(edges)} edges shown)")


if __name__ == "__main__":
    main()
