"""The study-time model against anchors a student knows: reading the notes once, silently
(238 words a minute, Brysbaert 2019) and aloud (183). docs/study.md, "Study time", quotes it.

    python bench/study_time.py [NOTES ...] [--slides N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.build import _parse_all, _read_all  # noqa: E402
from ingest.catalog import load_catalog  # noqa: E402
from ingest.studytime import is_hands_on, slide_minutes  # noqa: E402

SILENT_WPM = 238  # silent reading of non-fiction, adults (Brysbaert 2019)
ALOUD_WPM = 183  # reading aloud (the same meta-analysis)


def _words(slide) -> int:
    """The words a reader reads on a slide: title and text, code left out."""
    return len(slide.title.split()) + sum(
        len(b.text.split()) for b in slide.blocks if b.kind != "code"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("notes", nargs="*", default=[str(ROOT.parent / "shared" / "corpus")])
    ap.add_argument("--slides", type=int, default=5, help="sample slides to show")
    args = ap.parse_args()
    catalog, warnings = load_catalog(), []
    sources = _read_all([Path(p) for p in args.notes], warnings)
    _, concepts, _ = _parse_all(sources, catalog, warnings)
    slides = [s for c in concepts for s in c.slides]
    words = [_words(s) for s in slides]
    minutes = [slide_minutes(s) for s in slides]
    total = sum(words)
    print(f"slides {len(slides)}, words {total}, hands-on slides "
          f"{sum(map(is_hands_on, slides))}")  # fmt: skip
    print(f"model {sum(minutes) / 60:.1f} h; read once silently {total / SILENT_WPM / 60:.1f} h, "
          f"aloud {total / ALOUD_WPM / 60:.1f} h; model / aloud "
          f"{sum(minutes) / (total / ALOUD_WPM):.2f}")  # fmt: skip
    print(f"per slide: median {statistics.median(words)} words, "
          f"{statistics.median(minutes):.2f} min")  # fmt: skip
    step = max(1, len(slides) // max(1, args.slides))
    for slide, n, m in list(zip(slides, words, minutes, strict=True))[::step][: args.slides]:
        print(f"  {slide.title[:50]:50} {n:4} words  model {m:.2f} min  aloud {n / ALOUD_WPM:.2f}")


if __name__ == "__main__":
    main()
