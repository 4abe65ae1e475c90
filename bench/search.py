"""Search speed and scale: warm latency, one-shot CLI wall time, batch throughput, 100k chunks.

    python bench/search.py [--build DIR] [--queries FILE] [--scale 100000] [--skip-scale]

Figures go to stdout as one JSON object per measurement; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.search import Searcher  # noqa: E402
from graph.store import load_build  # noqa: E402


def report(name: str, **figures) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def load_queries(path: Path | None, build) -> list[str]:
    if path and path.is_file():
        return [json.loads(x)["query"] for x in path.read_text().splitlines() if x.strip()]
    # Without a question file, slide titles make a fair stand-in for short questions.
    return [c.title for c in build.chunks[:: max(1, len(build.chunks) // 50)]]


def warm_latency(build_dir: Path, queries: list[str], rounds: int = 5) -> None:
    searcher = Searcher(load_build(build_dir))
    searcher.search("warm up the model and indexes")
    for mode in ("hybrid", "dense", "bm25"):
        times = []
        for _ in range(rounds):
            for q in queries:
                t = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                times.append((time.perf_counter() - t) * 1000)
        report("warm_query_ms", mode=mode, n=len(times), p50=round(percentile(times, 50), 2),
               p95=round(percentile(times, 95), 2))  # fmt: skip


def one_shot(build_dir: Path) -> None:
    kg = [sys.executable, "-m", "graph.cli"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args in (["search", "how does my function read from a queue?", "-k", "5"], ["stats"]):
        walls = []
        for _ in range(3):
            t = time.perf_counter()
            subprocess.run([*kg, *args, "--build", str(build_dir)], check=True,
                           capture_output=True, env=env)  # fmt: skip
            walls.append(time.perf_counter() - t)
        report("one_shot_wall_s", command=args[0], best=round(min(walls), 2),
               median=round(statistics.median(walls), 2))  # fmt: skip
    probe = "import sys, graph.cli, graph.store, graph.search; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    report("lazy_imports", torch_loaded_by_cli_import=out.stdout.strip() == "True")


def batch(build_dir: Path, queries: list[str]) -> None:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
        fh.write("\n".join(queries * 4))
        path = fh.name
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graph.cli", "search", "--batch", path, "--build",
                    str(build_dir)], check=True, capture_output=True, env=env)  # fmt: skip
    wall = time.perf_counter() - t
    n = len(queries) * 4
    report("batch_search", queries=n, wall_s=round(wall, 2), queries_per_s=round(n / wall, 1))
    os.unlink(path)


def rss_mb() -> float:
    """Current resident memory (the peak would be the model load's, not the index's)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale(n: int, dim: int = 384, queries: int = 200) -> None:
    from ingest.index import build_index

    rng = np.random.default_rng(7)
    # Clustered vectors behave like text embeddings far more than uniform noise does.
    centres = rng.normal(size=(max(10, n // 200), dim)).astype(np.float32)
    data = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.normal(size=(n, dim))
    data = (data / np.linalg.norm(data, axis=1, keepdims=True)).astype(np.float32)
    qs = data[rng.integers(0, n, queries)] + 0.05 * rng.normal(size=(queries, dim))
    qs = (qs / np.linalg.norm(qs, axis=1, keepdims=True)).astype(np.float32)
    results = {}
    for kind in ("flat", "hnsw"):
        before = rss_mb()
        t = time.perf_counter()
        index, _ = build_index(data, kind)
        build_s = time.perf_counter() - t
        times = []
        found = []
        for q in qs:
            t = time.perf_counter()
            _, ids = index.search(q[None, :], 10)
            times.append((time.perf_counter() - t) * 1000)
            found.append(ids[0])
        results[kind] = found
        report(
            "scale_index",
            kind=kind,
            chunks=n,
            build_s=round(build_s, 2),
            rss_growth_mb=round(rss_mb() - before, 1),
            p50_ms=round(percentile(times, 50), 3),
            p95_ms=round(percentile(times, 95), 3),
        )
    recall = np.mean(
        [len(set(a) & set(b)) / 10 for a, b in zip(results["hnsw"], results["flat"], strict=True)]
    )
    report("scale_hnsw_recall_at_10", chunks=n, recall=round(float(recall), 4))


def _stored_bm25_load(index, n: int) -> float:
    """Seconds to open the BM25 index as `kg ingest` stores it in a build (written here) and
    answer a first query from it (the index is memory-mapped, so that query pages it in)."""
    from ingest.lexical import BM25_DIR, lexical_manifest, load_bm25

    with tempfile.TemporaryDirectory() as tmp:
        index.save(str(Path(tmp) / BM25_DIR), show_progress=False)
        t = time.perf_counter()
        loaded = load_bm25(Path(tmp), {"lexical": lexical_manifest()}, n)
        assert loaded is not None
        loaded.get_scores(list(loaded.vocab_dict)[:5])
        seconds = time.perf_counter() - t
    return seconds


def scale_search(build_dir: Path, n: int, queries: list[str], dim: int = 384) -> None:
    """The whole hybrid search path over n chunks: the build's texts repeated to n, with
    clustered vectors around the real ones, in an HNSW index (what `kg ingest` picks)."""
    from dataclasses import replace

    from graph.store import Build
    from ingest.index import build_index

    base = load_build(build_dir)
    rng = np.random.default_rng(11)
    real = base.index.reconstruct_n(0, base.index.ntotal)
    chunks, rows = [], []
    for i in range(n):
        src = base.chunks[i % len(base.chunks)]
        chunks.append(replace(src, chunk_id=i, text=f"{src.text} (copy {i // len(base.chunks)})"))
        rows.append(i % len(base.chunks))
    vectors = real[rows] + 0.08 * rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    before = rss_mb()
    t = time.perf_counter()
    index, info = build_index(vectors.astype(np.float32), "auto")
    build_s = time.perf_counter() - t
    manifest = {**base.manifest, "index": info}
    big = Build(base.path, manifest, base.graph, chunks, base.catalog, _index=index)
    searcher = Searcher(big)
    t = time.perf_counter()
    searcher.correct("warm up")  # the typo corrector reads every chunk's words once
    speller_s = time.perf_counter() - t
    t = time.perf_counter()
    searcher.search("warm up")
    bm25_s = time.perf_counter() - t
    bm25_load_s = _stored_bm25_load(searcher._bm25_index(), n)
    times = []
    for q in queries * 2:
        t = time.perf_counter()
        searcher.search(q, k=10)
        times.append((time.perf_counter() - t) * 1000)
    report(
        "scale_search",
        chunks=n,
        index=info["kind"],
        index_build_s=round(build_s, 1),
        bm25_build_s=round(bm25_s, 1),
        bm25_load_s=round(bm25_load_s, 2),
        speller_build_s=round(speller_s, 2),
        rss_growth_mb=round(rss_mb() - before, 1),
        p50_ms=round(percentile(times, 50), 2),
        p95_ms=round(percentile(times, 95), 2),
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", type=Path, default=ROOT / "data" / "build")
    ap.add_argument(
        "--queries", type=Path, default=ROOT.parent / "shared" / "eval" / "dev_queries.jsonl"
    )
    ap.add_argument("--scale", type=int, default=100_000)
    ap.add_argument("--skip-scale", action="store_true")
    args = ap.parse_args()
    build = load_build(args.build)
    queries = load_queries(args.queries, build)
    report("build", path=str(args.build), chunks=len(build.chunks), queries=len(queries))
    warm_latency(args.build, queries)
    one_shot(args.build)
    batch(args.build, queries)
    if not args.skip_scale:
        scale(args.scale)
        scale_search(args.build, args.scale, queries)


if __name__ == "__main__":
    main()
