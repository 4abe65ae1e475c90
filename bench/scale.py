"""Scale: a build of 100,000 sections (bench/synthetic.py's vault, 3 sections a note) — the
ingest's peak memory and time, one-shot `kg search` and warm query latency over it.

    python bench/scale.py [--notes 33334] [--out bench/out/scale] [--skip-ingest]

Embedding 100,000 chunks takes the model most of an hour on this shared machine, and says
nothing about the rest of the pipeline: the cache is filled beforehand with unit vectors
drawn from each chunk text's hash (so the model is never loaded by the ingest), and the
ingest runs under /usr/bin/time -v for its peak RSS. Searching loads the model as usual.
Figures go to stdout as JSON lines; nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_vault  # noqa: E402

QUERIES = [
    "how does the consumer retry failed calls",
    "encrypt each key before the deploy",
    "what limits traffic spikes in api gateway",
    "keep a second copy across zones",
    "rotate the secret once per minute",
    "why does my function throttle every write",
    "lambda cold start",
    "dynamodb backups",
    "monitoring the pipeline",
    "cache the response behind a load balancer",
]


def report(name: str, **figures) -> None:
    print(json.dumps({"bench": name, **figures}), flush=True)


def fill_cache(vault: Path, cache: Path) -> int:
    """Put a vector for every chunk the vault will give into an embedding cache."""
    from ingest.build import embedding_text
    from ingest.catalog import load_catalog
    from ingest.embed import DEFAULT_MODEL, EmbeddingCache
    from ingest.fileparts import make_part, number
    from ingest.sources import collect, parse, read

    catalog = load_catalog()
    store = EmbeddingCache(cache / "embeddings.sqlite")
    files, _ = collect([vault])
    count = 0
    for start in range(0, len(files), 2000):
        parts = []
        for path in files[start : start + 2000]:
            source, _ = read(path)
            parsed, warnings = parse(source)
            parts.append(make_part(source, parsed, catalog, warnings))
        number(parts)
        batch = {}
        for chunk in (c for p in parts for c in p.chunks):
            text = embedding_text(chunk)
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vec = np.random.default_rng(seed).normal(size=384).astype(np.float32)
            batch[EmbeddingCache.key(DEFAULT_MODEL, text)] = vec / np.linalg.norm(vec)
        store.put_many(batch)
        count += len(batch)
    store.close()
    return count


def timed_ingest(vault: Path, out: Path, cache: Path) -> None:
    code = (
        f"import sys; from pathlib import Path; sys.path.insert(0, {str(ROOT)!r});"
        "from ingest.build import build;"
        f"s = build([Path({str(vault)!r})], Path({str(out)!r}), cache_dir=Path({str(cache)!r}));"
        "print(s.line())"
    )
    t = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-c", code],
                          capture_output=True, text=True, cwd=ROOT)  # fmt: skip
    wall = time.perf_counter() - t
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    report("scale_ingest", wall_s=round(wall, 1), peak_rss_mb=round(int(peak.group(1)) / 1024)
           if peak else None, line=done.stdout.strip()[-200:], ok=done.returncode == 0)  # fmt: skip


def one_shot(out: Path) -> None:
    walls = []
    for q in QUERIES[:3]:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "graph.cli", "search", q, "-k", "5", "--build",
                        str(out)], check=True, capture_output=True, cwd=ROOT)  # fmt: skip
        walls.append(time.perf_counter() - t)
    report("scale_one_shot_search_s", runs=[round(w, 2) for w in walls])


def warm(out: Path) -> None:
    from graph.search import Searcher
    from graph.store import load_build

    t = time.perf_counter()
    searcher = Searcher(load_build(out))
    searcher.search("warm up")
    ready = time.perf_counter() - t
    times = []
    for _ in range(5):
        for q in QUERIES:
            t = time.perf_counter()
            searcher.search(q, k=10)
            times.append((time.perf_counter() - t) * 1000)
    report("scale_warm_query_ms", load_and_first_s=round(ready, 2), n=len(times),
           p50=round(statistics.median(times), 2),
           p95=round(float(np.percentile(times, 95)), 2))  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notes", type=int, default=33_334)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "scale")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    vault, out, cache = args.out / "vault", args.out / "build", args.out / "cache"
    if not args.skip_ingest:
        if not vault.is_dir():
            write_vault(vault, args.notes)
        if not (cache / "embeddings.sqlite").is_file():
            report("scale_cache", vectors=fill_cache(vault, cache))
        timed_ingest(vault, out, cache)
    one_shot(out)
    warm(out)


if __name__ == "__main__":
    main()
