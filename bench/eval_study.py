"""Study plans against the development prerequisites (../shared/eval/dev_prereqs.jsonl).

For every target: the share of its gold prerequisites whose step comes before the target's
own first step (prerequisite recall), gold prerequisites placed after it (order
violations), and the plan's length in concepts and minutes.

    python bench/eval_study.py [--build DIR] [--gold FILE] [--details]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.store import load_build  # noqa: E402
from graph.study import plan_study  # noqa: E402


def evaluate(build, gold: list[dict], details: bool = False) -> dict:
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g["target"]].add(g["prereq"])
    found = total = violations = 0
    lengths, minutes = [], []
    for target, prereqs in sorted(wanted.items()):
        plan = plan_study(build, [target])
        services = [s.service for s in plan.steps]
        own = services.index(target) if target in services else len(services)
        before = {s for s in services[:own] if s}
        after = {s for s in services[own:] if s}
        hit = prereqs & before
        late = (prereqs & after) - before
        found += len(hit)
        total += len(prereqs)
        violations += len(late)
        lengths.append(len(plan.steps))
        minutes.append(plan.minutes)
        if details:
            missing = sorted(prereqs - hit)
            print(f"{target:<24} {len(hit)}/{len(prereqs)} {len(plan.steps):>3} steps "
                  f"{plan.minutes:>5} min  missing {missing} late {sorted(late)}")  # fmt: skip
    return {
        "targets": len(wanted),
        "prerequisite_recall": round(found / total, 3),
        "order_violations": violations,
        "median_plan_concepts": statistics.median(lengths),
        "median_plan_minutes": statistics.median(minutes),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "dev_prereqs.jsonl"))
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    gold = [json.loads(x) for x in Path(args.gold).read_text().splitlines() if x.strip()]
    print(json.dumps(evaluate(load_build(args.build), gold, args.details)))


if __name__ == "__main__":
    main()
