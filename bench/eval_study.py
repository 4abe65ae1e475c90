"""Study plans against prerequisite sets: recall, order, precision, evidence and size.

- recall (gold pairs "know prereq before target", ../shared/eval/dev_prereqs.jsonl by
  default): the share of gold prerequisites whose step comes before the target's own first
  step, and the gold prerequisites placed after it (order violations);
- precision (bench/teacher_prereqs.jsonl: for each target, the services a teacher accepts as
  prerequisites, written before any plan was read): the share of the prerequisite services
  plans add that are on the target's list, and the share of required ones found;
- every prerequisite step citing evidence, and the plans' length in steps and minutes.

    python bench/eval_study.py [--build DIR] [--gold FILE] [--teacher FILE] [--details]
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

from graph.prereqs import prereq_graph  # noqa: E402
from graph.store import load_build  # noqa: E402
from graph.study import StudyError, plan_study  # noqa: E402


def _read_jsonl(path: str) -> list[dict]:
    return [json.loads(x) for x in Path(path).read_text().splitlines() if x.strip()]


def _plan(build, target: str):
    """The plan for one target, or None where the notes teach no concept of it."""
    try:
        return plan_study(build, [target])
    except StudyError as exc:
        print(f"no plan   {target:<24} {exc}", file=sys.stderr)
        return None


def _split(plan, target: str) -> tuple[set[str], set[str]]:
    """The services a plan reaches before the target's own first step, and from it on."""
    services = [s.service for s in plan.steps]
    own = services.index(target) if target in services else len(services)
    return {s for s in services[:own] if s}, {s for s in services[own:] if s}


def _added(plan, target: str) -> set[str]:
    """The prerequisite services a plan adds for a target (not the target's own kinds)."""
    return {s.service for s in plan.steps if s.role == "prerequisite" and s.service} - {target}


def recall(build, gold: list[dict], details: bool = False) -> dict:
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g["target"]].add(g["prereq"])
    found = total = violations = 0
    for target, prereqs in sorted(wanted.items()):
        plan = _plan(build, target)
        if plan is None:
            total += len(prereqs)
            continue
        before, after = _split(plan, target)
        hit, late = prereqs & before, (prereqs & after) - before
        found, total, violations = found + len(hit), total + len(prereqs), violations + len(late)
        if details:
            print(f"recall  {target:<24} {len(hit)}/{len(prereqs)} "
                  f"missing {sorted(prereqs - hit)} late {sorted(late)}")  # fmt: skip
    return {
        "targets": len(wanted),
        "prerequisite_recall": round(found / total, 3),
        "order_violations": violations,
    }


def _reading(build, before: str, after: str) -> str:
    graph = prereq_graph(build)
    edge = graph.edges[before, after] if graph.has_edge(before, after) else {}
    return edge.get("relation") or edge.get("reading") or "other"


def precision(build, teacher: list[dict], details: bool = False) -> dict:
    added = accepted = required = required_found = 0
    by_reading: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for entry in teacher:
        target = entry["target"]
        plan = _plan(build, target)
        if plan is None:
            required += len(entry["require"])
            continue
        services = _added(plan, target)
        before, _ = _split(plan, target)
        ok = services & set(entry["accept"])
        need = set(entry["require"])
        added, accepted = added + len(services), accepted + len(ok)
        for service in services:
            tally = by_reading[_reading(build, service, target)]
            tally[0] += service in ok
            tally[1] += 1
        required, required_found = required + len(need), required_found + len(need & before)
        if details:
            print(f"teacher {target:<24} {len(ok)}/{len(services)} accepted; "
                  f"not accepted {sorted(services - ok)}; "
                  f"required missing {sorted(need - before)}")  # fmt: skip
    return {
        "teacher_targets": len(teacher),
        "prerequisites_added": added,
        "prerequisite_precision": round(accepted / added, 3) if added else None,
        "required_recall": round(required_found / required, 3) if required else None,
        "accepted_by_reading": {k: f"{a}/{n}" for k, (a, n) in sorted(by_reading.items())},
    }


def shape(build, targets: list[str]) -> dict:
    """Evidence on every prerequisite step; plan length in steps and minutes."""
    lengths, minutes, prereq_steps, cited = [], [], 0, 0
    for target in targets:
        plan = _plan(build, target)
        if plan is None:
            continue
        lengths.append(len(plan.steps))
        minutes.append(plan.minutes)
        for step in plan.steps:
            if step.role == "prerequisite":
                prereq_steps += 1
                cited += bool(getattr(step, "evidence", None))
    return {
        "plans": len(targets),
        "prerequisite_steps": prereq_steps,
        "prerequisite_steps_with_evidence": cited,
        "median_plan_steps": statistics.median(lengths),
        "max_plan_steps": max(lengths),
        "median_plan_minutes": statistics.median(minutes),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=str(ROOT / "data" / "build"))
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "eval" / "dev_prereqs.jsonl"))
    ap.add_argument("--teacher", default=str(ROOT / "bench" / "teacher_prereqs.jsonl"))
    ap.add_argument("--details", action="store_true")
    args = ap.parse_args()
    build = load_build(args.build)
    gold, teacher = _read_jsonl(args.gold), _read_jsonl(args.teacher)
    targets = sorted({g["target"] for g in gold} | {t["target"] for t in teacher})
    result = {
        **recall(build, gold, args.details),
        **precision(build, teacher, args.details),
        **shape(build, targets),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
