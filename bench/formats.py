"""Formats: retrieval on a PDF deck, a PowerPoint deck and an Obsidian vault of our own
making, ingest time per 100 pages, and the time to update one changed note in 1,000.

    python bench/formats.py [--out bench/out/formats] [--skip-update] [--notes 1000]

The material is bench/formats_corpus.py (written before any tuning, as were the questions in
bench/formats_questions.jsonl). A question is answered when a hit's page (PDF), slide
(PowerPoint) or note (vault) is one of its gold ones. Figures go to stdout as JSON lines;
nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.formats_corpus import PDF_DECK, write_all, write_pdf  # noqa: E402
from bench.synthetic import write_vault  # noqa: E402
from graph.search import Searcher  # noqa: E402
from graph.store import load_build  # noqa: E402
from ingest.build import build  # noqa: E402

QUESTIONS = ROOT / "bench" / "formats_questions.jsonl"
KG = [sys.executable, "-m", "graph.cli"]


def report(name: str, **figures) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def _answers(hit, kind: str, gold: list) -> bool:
    if kind == "pdf":
        return hit.page in gold
    if kind == "pptx":
        return hit.slide in gold
    return any(hit.source.endswith("/" + g) for g in gold)


def recall(builds: dict[str, Path]) -> None:
    questions = [json.loads(x) for x in QUESTIONS.read_text().splitlines() if x.strip()]
    for kind, out in builds.items():
        searcher = Searcher(load_build(out))
        ranks = []
        for q in (q for q in questions if q["set"] == kind):
            hits = searcher.search(q["query"], k=10)
            first = next((i for i, h in enumerate(hits, 1) if _answers(h, kind, q["gold"])), None)
            ranks.append(first)
            report("formats_question", set=kind, id=q["id"], first_correct_rank=first)
        n = len(ranks)
        report(
            "formats_recall", set=kind, questions=n,
            recall_at_1=round(sum(r == 1 for r in ranks) / n, 3),
            recall_at_5=round(sum(r is not None and r <= 5 for r in ranks) / n, 3),
            mrr_at_10=round(sum(1 / r for r in ranks if r) / n, 3),
        )  # fmt: skip


def ingest_speed(folder: Path) -> None:
    """Seconds per 100 pages: the PDF reader alone, and a whole ingest (cold and cached)."""
    from ingest.pdf import read_pdf
    from ingest.pptx import read_pptx

    big = folder / "deck-x4.pdf"
    write_pdf(PDF_DECK * 4, big)
    for path, reader in ((big, read_pdf), (folder / "deck.pptx", read_pptx)):
        data = path.read_bytes()
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            parsed, _ = reader(data, path.name)
            runs.append(time.perf_counter() - t)
        pages = len(parsed.slides)
        per_100 = [round(r / pages * 100, 3) for r in (min(runs), max(runs))]
        report("read_per_100_pages_s", file=path.name, pages=pages, best=per_100[0],
               worst=per_100[1])  # fmt: skip
    for label, cache in (("cold", None), ("cached", folder / "cache")):
        runs = []
        for _ in range(2 if cache else 1):
            out = folder / f"speed-{label}"
            t = time.perf_counter()
            summary = build([big], out, cache_dir=cache)
            runs.append(time.perf_counter() - t)
        report("ingest_per_100_pages_s", pdf_pages=summary.slides, mode=label,
               seconds=[round(r / summary.slides * 100, 2) for r in runs])  # fmt: skip


def _edit(path: Path, n: int) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"\nEdit {n}: a consumer retries the message after a timeout in SQS.\n")


def update_speed(folder: Path, notes: int) -> None:
    """One changed note in a vault of `notes`: kg ingest --update as a command, and the
    update kg watch runs in its long-lived process."""
    vault = folder / f"vault-{notes}"
    shutil.rmtree(vault, ignore_errors=True)
    paths = write_vault(vault, notes)
    out = folder / f"vault-{notes}-build"
    t = time.perf_counter()
    summary = build([vault], out)
    report("vault_full_ingest_s", notes=notes, chunks=summary.chunks,
           seconds=round(time.perf_counter() - t, 1))  # fmt: skip
    for n in range(3):
        _edit(paths[n * 97], n)
        t = time.perf_counter()
        done = subprocess.run([*KG, "ingest", "--update", "--out", str(out), "-q"], cwd=ROOT,
                              capture_output=True, text=True, check=True)  # fmt: skip
        report("update_command_s", notes=notes, wall=round(time.perf_counter() - t, 2),
               line=done.stdout.strip())  # fmt: skip
    for n in range(3, 8):
        _edit(paths[n * 97], n)
        t = time.perf_counter()
        summary = build([vault], out, update=True, settle=lambda: False)
        first = time.perf_counter() - t
        report("update_watch_first_swap_s", notes=notes, seconds=round(first, 2),
               read=summary.read)  # fmt: skip
    t = time.perf_counter()
    build([vault], out, update=True)
    report("update_relations_pass_s", notes=notes, seconds=round(time.perf_counter() - t, 2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "formats")
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--skip-update", action="store_true")
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    paths = write_all(args.out)
    builds = {}
    for kind in ("pdf", "pptx", "vault"):
        builds[kind] = args.out / f"build-{kind}"
        build([paths[kind]], builds[kind])
    recall(builds)
    ingest_speed(args.out)
    if not args.skip_update:
        update_speed(args.out, args.notes)


if __name__ == "__main__":
    main()
