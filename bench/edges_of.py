"""The relation edges of some notes, read without a build (no embeddings): quick to rerun
while working on the extractor. Each edge is a record as `kg relations --json` prints it.

    python bench/edges_of.py data/sample-notes data/other-notes [--min-confidence 0.9]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.build import _parse_all, _read_all  # noqa: E402
from ingest.catalog import load_catalog  # noqa: E402
from ingest.relations import extract_relations  # noqa: E402
from ingest.vocabulary import describe  # noqa: E402


def edges_of(paths: list[str], min_confidence: float = 0.0) -> list[dict]:
    """The relation edges extract_relations finds in the notes at paths, as records."""
    catalog = load_catalog()
    warnings: list = []
    _, concepts, _ = _parse_all(_read_all([Path(p) for p in paths], warnings), catalog, warnings)
    out = []
    for r in extract_relations(concepts, catalog):
        if r.confidence < min_confidence:
            continue
        out.append(
            {"source": r.source, "target": r.target, "relation": r.relation,
             "text": describe(r.source, r.relation, r.target), "confidence": r.confidence,
             "basis": r.basis, "evidence": [e.to_dict() for e in r.evidence]}
        )  # fmt: skip
    out.sort(key=lambda e: (-e["confidence"], e["source"], e["target"], e["relation"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--min-confidence", type=float, default=0.0)
    args = ap.parse_args()
    print(json.dumps(edges_of(args.paths, args.min_confidence), indent=1))


if __name__ == "__main__":
    main()
