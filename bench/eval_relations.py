"""Relation extraction against the development relations (../shared/eval/dev_relations.jsonl).

Prints pair recall (undirected), direction and type accuracy on found pairs (each gold
relation judged on the pair's edge of its type, where the pair holds one, else on its most
confident edge; also on the most confident edge alone), the number of relation edges and of
pairs with more than one, and a random sample of extracted relations with evidence.

    python bench/eval_relations.py [--build DIR | --edges FILE] [--gold FILE]
        [--min-confidence 0.95] [--sample 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.relations import relation_edges  # noqa: E402
from graph.store import load_build  # noqa: E402
from ingest.vocabulary import vocabulary  # noqa: E402


def accepted(gold: dict) -> set[str]:
    """The types that state a gold relation: its own, its alternatives, and the types that
    narrow one of them since the gold was written (`refines`: a tool's invokes is calls)."""
    ok = {gold["relation"], *gold.get("alt_relations", [])}
    return ok | {t.name for t in vocabulary().values() if t.refines in ok}


def best_edges(edges: list[dict]) -> dict[frozenset, dict]:
    """The most confident edge of each unordered pair (specific types win ties)."""
    best: dict[frozenset, dict] = {}
    for e in edges:
        key = frozenset((e["source"], e["target"]))
        rank = (e["confidence"], e["relation"] != "integrates_with")
        if key not in best or rank > best[key][0]:
            best[key] = (rank, e)
    return {k: v[1] for k, v in best.items()}


def _symmetric(relation: str) -> bool:
    kind = vocabulary().get(relation)
    return kind is not None and kind.symmetric


def _right_way(edge: dict, gold: dict) -> bool:
    """Same direction, or an edge or a gold relation whose type reads the same both ways
    (a gold "A works with B" says nothing of which way round)."""
    same = (edge["source"], edge["target"]) == (gold["source"], gold["target"])
    return same or _symmetric(edge["relation"]) or _symmetric(gold["relation"])


def _judged(pair_edges: list[dict], best: dict, gold: dict) -> dict:
    """The edge a gold relation is judged on: the pair's edge stating it (a pair may hold
    two facts, each its own edge), else the pair's most confident edge."""
    ok = accepted(gold)
    stating = [e for e in pair_edges if e["relation"] in ok]
    stating.sort(key=lambda e: (not _right_way(e, gold), -e["confidence"]))
    return stating[0] if stating else best


def evaluate(edges: list[dict], gold: list[dict]) -> dict:
    by_pair: dict[frozenset, list[dict]] = {}
    for e in edges:
        by_pair.setdefault(frozenset((e["source"], e["target"])), []).append(e)
    best = best_edges(edges)
    found = direction = typed = strict_direction = strict_typed = 0
    misses = []
    for g in gold:
        key = frozenset((g["source"], g["target"]))
        if key not in best:
            misses.append(f"missing  {g['source']} -> {g['target']} ({g['relation']})")
            continue
        found += 1
        ok_types = accepted(g)
        e = _judged(by_pair[key], best[key], g)
        direction += _right_way(e, g)
        typed += e["relation"] in ok_types
        strict_direction += _right_way(best[key], g)
        strict_typed += best[key]["relation"] in ok_types
        if not _right_way(e, g) or e["relation"] not in ok_types:
            misses.append(
                f"wrong    {g['source']} -> {g['target']} ({g['relation']}); got "
                f"{e['source']} -> {e['target']} ({e['relation']})"
            )
    n = len(gold)
    return {
        "gold": n,
        "pair_recall": round(found / n, 3),
        "direction_accuracy": round(direction / max(found, 1), 3),
        "type_accuracy": round(typed / max(found, 1), 3),
        # judged on each pair's most confident edge only, as before pairs held two facts
        "best_edge_direction": round(strict_direction / max(found, 1), 3),
        "best_edge_type": round(strict_typed / max(found, 1), 3),
        "relation_edges": len(edges),
        "pairs": len(best),
        "pairs_with_several_edges": sum(len(v) > 1 for v in by_pair.values()),
        "misses": misses,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "dev_relations.jsonl"))
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    ap.add_argument("--edges", help="edges saved by `kg relations --json` instead of a build")
    ap.add_argument(
        "--min-confidence", type=float, default=0.0, help="only edges this confident (as shown)"
    )
    args = ap.parse_args()
    if args.edges:
        edges = json.loads(Path(args.edges).read_text())
    else:
        edges = relation_edges(load_build(args.build))
    edges = [e for e in edges if e["confidence"] >= args.min_confidence]
    gold = [json.loads(x) for x in Path(args.gold).read_text().splitlines() if x.strip()]
    result = evaluate(edges, gold)
    misses = result.pop("misses")
    print(json.dumps(result))
    if args.quiet:
        return
    print("\n".join(misses))
    rng = random.Random(args.seed)
    print(f"\n{args.sample} random relations (seed {args.seed}):")
    for e in rng.sample(edges, min(args.sample, len(edges))):
        ev = e["evidence"][0]
        print(
            f"- {e['source']} -{e['relation']}-> {e['target']} ({e['confidence']}) "
            f"{ev['source']}:{ev['line_start']} «{ev['text'][:110]}»"
        )


if __name__ == "__main__":
    main()
