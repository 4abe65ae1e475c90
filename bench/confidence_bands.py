"""How often edges of each confidence band are right, on edges judged by hand.

Reads one or more label files (JSONL: source, target, relation, right, reason, by) against
the builds they were made on, prints the share of right edges per confidence band, per
basis (all labels, and those not by the first round's helper), per labeller and per build,
and the lowest --min-confidence whose shown edges are right 95% of the time or more.
The builds: the slides (data/build), `kg ingest data/sample-notes data/other-notes`, the
reviewer's notes (/work/audit/notes) and the fresh notes (bench/fresh-notes).

    python bench/confidence_bands.py data/build:bench/relation_labels_slides.jsonl \\
        /tmp/notes-build:bench/relation_labels_notes.jsonl \\
        /tmp/reviewer-build:bench/relation_labels_reviewer_notes.jsonl \\
        /tmp/fresh-build:bench/relation_labels_fresh_notes.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.relations import relation_edges  # noqa: E402
from graph.store import load_build  # noqa: E402
from ingest.relations import BASIS_CONFIDENCE  # noqa: E402

# Bands of the calibrated confidence (ingest.relations.BASIS_CONFIDENCE): implied, joined,
# stated, framed and catalog, and edges with several statements.
BANDS = ((0.0, 0.95), (0.95, 0.96), (0.96, 0.97), (0.97, 0.98), (0.98, 1.01))
TARGET = 0.95


def judged(build_dir: str, labels: str) -> list[tuple[dict, bool, str, str]]:
    edges = {
        (e["source"], e["target"], e["relation"]): e for e in relation_edges(load_build(build_dir))
    }
    out = []
    for line in Path(labels).read_text().splitlines():
        if line.strip():
            lab = json.loads(line)
            edge = edges.get((lab["source"], lab["target"], lab["relation"]))
            if edge is None:
                raise SystemExit(f"{labels}: no such edge in {build_dir}: {lab}")
            out.append((edge, lab["right"], lab.get("by", "helper1"), labels))
    if len(out) != len(edges):
        raise SystemExit(f"{labels} judges {len(out)} of the {len(edges)} edges of {build_dir}")
    return out


def share(rows: list[tuple]) -> str:
    right = sum(row[1] for row in rows)
    return f"{right}/{len(rows)} = {right / len(rows):.3f}" if rows else "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pairs", nargs="+", help="BUILD:LABELS, one per judged build")
    args = ap.parse_args()
    rows = [r for pair in args.pairs for r in judged(*pair.split(":", 1))]
    print(f"{len(rows)} edges judged, right: {share(rows)}")
    print("| confidence | edges | right |")
    print("| --- | --- | --- |")
    for low, high in BANDS:
        band = [r for r in rows if low <= r[0]["confidence"] < high]
        print(f"| {low:.2f}–{min(high, 1):.2f} | {len(band)} | {share(band)} |")
    print("\n| basis | confidence of one statement | edges | right | not by helper1 |")
    print("| --- | --- | --- | --- | --- |")
    for basis, confidence in BASIS_CONFIDENCE.items():
        rows_of = [r for r in rows if r[0]["basis"] == basis]
        apart = [r for r in rows_of if r[2] != "helper1"]
        shares = f"{share(rows_of)} | {share(apart)}"
        print(f"| {basis} | {confidence:.2f} | {len(rows_of)} | {shares} |")
    several = [r for r in rows if len(r[0]["evidence"]) > 1]
    print(f"\nedges with two statements or more: {share(several)}")
    for key, name in ((2, "labeller"), (3, "label file")):
        print(f"\nby {name}:")
        for value in sorted({r[key] for r in rows}):
            print(f"  {value}: {share([r for r in rows if r[key] == value])}")
    # The default is the lowest threshold whose shown edges are right at least TARGET of the
    # time; a higher one keeps only the bands above it.
    for low in sorted({round(r[0]["confidence"], 2) for r in rows}):
        shown = [r for r in rows if r[0]["confidence"] >= low]
        if sum(r[1] for r in shown) >= TARGET * len(shown):
            print(
                f"\nlowest --min-confidence whose shown edges are right >= {TARGET}: {low:.2f} "
                f"({len(shown)} of {len(rows)} edges shown, right {share(shown)})"
            )
            break


if __name__ == "__main__":
    main()
