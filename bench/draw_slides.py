"""Print random slides that name two services or more, for writing a held-out relation set.

The draw is fixed by its seed, so the set can be traced back to the slides it was read from:

    python bench/draw_slides.py --seed 2113 --n 40
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.catalog import load_catalog  # noqa: E402
from ingest.slides import parse_markdown  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "aws-dva-slides.md"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(CORPUS))
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=40)
    args = ap.parse_args()
    catalog = load_catalog()
    path = Path(args.corpus)
    parsed, _ = parse_markdown(path.read_text(encoding="utf-8"), str(path), path.stem)
    named = [
        s for s in parsed.slides
        if len({m.service for m in catalog.mentions(f"{s.title}\n{s.body}")}) >= 2
    ]  # fmt: skip
    rng = random.Random(args.seed)
    for slide in sorted(rng.sample(named, min(args.n, len(named))), key=lambda s: s.line_start):
        print(f"=== {slide.line_start}-{slide.line_end}  # {slide.title}")
        for b in slide.blocks:
            print(f"{b.line_start:>5} {'  ' * max(0, b.depth - 1)}{b.text}")
        print()


if __name__ == "__main__":
    main()
