"""Study plans: what to learn first, in what order, and why (after Metacademy's learning plans).

A plan for some targets takes the targets' core concepts, adds the core concepts of their
prerequisite services (transitively, two steps deep, strongest first; a second-hand one
only if the course introduces it earlier than what needs it, the chain is strong enough, and
the basics the plan reads of what needs it name it), skips what the
student already knows (and whatever is reachable only through it), orders everything so
each prerequisite comes before what needs it (course order breaks ties), and trims the
least necessary steps to a time budget.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import networkx as nx

from graph.lookup import NotFound, resolve, suggestions, teaching_concepts
from graph.prereqs import introduced_later, prereq_graph
from graph.search import SearchError
from graph.store import Build

__all__ = ["Plan", "Step", "StudyError", "plan_study"]

# How much of a target service a plan covers, and how much of each prerequisite.
TARGET_MINUTES = 30.0
TARGET_CONCEPTS = 10
PREREQ_MINUTES = 2.5
PREREQ_CONCEPTS = 2
# Prerequisites: direct ones from this weight; second-hand ones when the chain's weights,
# multiplied, reach the higher one (a strong link behind a weak one is a weak reason).
MIN_DIRECT_WEIGHT = 0.2
MIN_INDIRECT_WEIGHT = 0.6
MAX_PREREQ_SERVICES = 10
NARROW_PREREQ_SERVICES = 3
# Title-only slides (a diagram, a section title) are not worth a step of their own.
MIN_STEP_WORDS = 15
# A target of one word that names nothing is a typo ("Lamda"), answered with the nearest
# names; a phrase ("s3 mfa delete") is a question.
MAX_NAME_WORDS = 1


class StudyError(ValueError):
    """A study request that cannot be planned; the message says why."""


@dataclass(slots=True)
class Step:
    """One concept to read, with why it is in the plan and where to read it."""

    concept: str
    title: str
    service: str | None
    reason: str
    minutes: float
    slides: list[dict]
    role: str  # "prerequisite" | "target"
    necessity: float = field(default=1.0, repr=False)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.pop("necessity")
        return d


@dataclass(slots=True)
class Plan:
    """An ordered plan with what was skipped as known and what a time budget cut."""

    targets: list[str]
    steps: list[Step]
    skipped: list[dict] = field(default_factory=list)
    cut: list[dict] = field(default_factory=list)

    @property
    def minutes(self) -> float:
        return round(sum(s.minutes for s in self.steps), 1)

    def to_dict(self) -> dict:
        return {
            "targets": self.targets,
            "skipped": self.skipped,
            "steps": [s.to_dict() for s in self.steps],
            "cut": self.cut,
            "minutes": self.minutes,
        }

    def markdown(self) -> str:
        lines = [
            f"# Study plan: {', '.join(self.targets)}",
            "",
            f"{len(self.steps)} steps, ~{self.minutes:g} min.",
        ]
        lines.append("")
        for step in self.steps:
            where = ", ".join(
                f"{s['source']}:{s['line_start']}-{s['line_end']}" for s in step.slides
            )
            service = f" ({step.service})" if step.service else ""
            lines.append(f"- [ ] **{step.title}**{service}, {step.minutes:g} min: {step.reason}")
            lines.append(f"  - read {where}")
        if self.skipped:
            lines += ["", "Skipped as known: " + ", ".join(s["name"] for s in self.skipped)]
        if self.cut:
            lines += ["", "Cut for time: " + ", ".join(c["title"] for c in self.cut)]
        return "\n".join(lines) + "\n"


@dataclass(slots=True)
class _Target:
    label: str
    service: str | None
    concepts: list[str]
    focus: frozenset[str] = frozenset()  # services a concept or a question speaks of
    members: list[str] = field(default_factory=list)  # kinds of the service the plan teaches


def _core(
    build: Build,
    service: str,
    minutes: float,
    count: int,
    members: Sequence[str] = (),
    titled: bool = False,
) -> list[str]:
    """The first concepts that teach a service, in course order, up to a time and count;
    then, while there is room, those of its kinds (members), in course order. titled: only
    concepts that name the service, where some do (see teaching_concepts)."""
    chosen, total = [], 0.0
    extra = sorted(
        (d for m in members for d in teaching_concepts(build, m, MIN_STEP_WORDS)),
        key=lambda d: d["order"],
    )
    for d in teaching_concepts(build, service, MIN_STEP_WORDS, titled) + extra:
        if chosen and (total + d["minutes"] > minutes or len(chosen) >= count):
            break
        chosen.append(d["id"])
        total += d["minutes"]
    return chosen


def _basics_of(build: Build, service: str) -> list[str]:
    """The few concepts a plan reads for a service it needs first: ones whose title (or
    heading path) names the service where any does, so a slide that only mentions it (a
    Parameter Store slide for CloudWatch Events) is not read as its basics."""
    return _core(build, service, PREREQ_MINUTES, PREREQ_CONCEPTS, titled=True)


def _resolve_target(build: Build, text: str, searcher_factory) -> _Target:
    try:
        node = resolve(build, text)
    except NotFound as exc:
        if len(text.split()) <= MAX_NAME_WORDS or searcher_factory is None:
            raise
        try:
            hits = searcher_factory().search(text, k=1)
        except SearchError:
            hits = []  # no words to search ("/ ¥"): as unanswered as a question with no hit
        if not hits:
            raise StudyError(f"nothing in the notes answers {text!r}") from exc
        concept = build.graph.nodes[hits[0].concept]
        focus = _focus(build, hits[0].concept, text)
        # The label says which concept answers the question, so the plan shows what it read.
        label = f"{text} → {concept['title']}"
        return _Target(label, _service_of_concept(build, concept), [hits[0].concept], focus)
    data = build.graph.nodes[node]
    if data["kind"] == "service":
        members = _members(build, node)
        concepts = _core(build, data["name"], TARGET_MINUTES, TARGET_CONCEPTS, members)
        if not concepts:
            raise StudyError(f"{data['name']} is named in the notes but no concept teaches it")
        taught = {build.graph.nodes[c].get("about") for c in concepts}
        return _Target(
            data["name"], data["name"], concepts, members=[m for m in members if m in taught]
        )
    return _Target(data["title"], _service_of_concept(build, data), [node], _focus(build, node))


def _members(build: Build, node: str) -> list[str]:
    """The services the notes call kinds of this one (User Pools of Cognito): a family's
    head often has one overview slide, and studying it means studying its kinds."""
    return _part_of(build, node, kinds=True)


def _families(build: Build, node: str) -> list[str]:
    """The services the notes call this one a kind of (Cognito for User Pools)."""
    return _part_of(build, node, kinds=False)


def _part_of(build: Build, node: str, kinds: bool) -> list[str]:
    """The other ends of a service's part_of relations: its kinds, or its families."""
    if node not in build.graph:
        return []
    graph = build.graph
    edges = graph.in_edges(node, data=True) if kinds else graph.out_edges(node, data=True)
    return sorted(
        graph.nodes[u if kinds else v]["name"]
        for u, v, d in edges
        if d.get("kind") == "relation" and d.get("relation") == "part_of"
    )


def _focus(build: Build, concept: str, question: str = "") -> frozenset[str]:
    """Services a concept's slides name, or the question that found it names or points at
    through everyday words ("queue" for SQS). Slides are not read for everyday words: they
    use them in senses of their own (an SQS "redrive policy" is no IAM policy)."""
    catalog = build.catalog
    named = _named_in(build, [concept]) | {m.service for m in catalog.mentions(question, True)}
    # A kind speaks of its family: VPC Flow Logs of the VPC, whether or not it says "VPC".
    about = build.graph.nodes[concept].get("about")
    family = set(_families(build, f"service:{about}")) if about else set()
    return frozenset(named | family | set(catalog.implied(question)))


def _service_of_concept(build: Build, concept: dict) -> str | None:
    """What a concept is about, else the service it names most. Ingest already gave a
    concept that names none its section's service, where the heading names just one; a
    heading listing several ("Regions, IAM & EC2") names peers, none of them the topic."""
    if concept.get("about"):
        return concept["about"]
    return next(iter(concept.get("services") or {}), None)


def _resolve_known(build: Build, names: list[str]) -> list[str]:
    known = []
    for name in names:
        service = build.catalog.resolve(name)
        if not service or f"service:{service}" not in build.graph:
            near = [s for s in suggestions(build, name) if build.catalog.resolve(s)]
            raise NotFound(name, near)
        known.append(service)
    return known


def _prerequisites(
    graph: nx.DiGraph,
    targets: list[str],
    known: set[str],
    depth_limit: int,
    limit: int,
    basics_name: Callable[[str], set[str]] | None = None,
    placements: bool = False,
) -> dict[str, tuple[float, str, str, dict | None]]:
    """Prerequisite services → (score, the service it is needed for, reason, evidence).

    Direct prerequisites of a target rank before second-hand ones, each by weight. A plan
    reads only the basics of a prerequisite, so a second-hand one must be named in those
    (basics_name(service) → services they name): Lambda needs SQS for its event source
    mappings, which a plan for Lambda@Edge does not read.
    """
    found: dict[str, tuple[float, str, str, dict | None]] = {}
    depth_of: dict[str, int] = {}
    introduced = dict(graph.nodes(data="introduced"))
    frontier = [(t, 1.0, 0) for t in targets if t in graph]
    while frontier:
        service, score, depth = frontier.pop(0)
        if depth == depth_limit:
            continue
        for before, _, data in graph.in_edges(service, data=True):
            if before in known or before in targets:
                continue  # known: skipped, and nothing is reached through it
            if data.get("placement") and not placements:
                continue  # "Lambda in VPC" needs the VPC; all of Lambda does not
            floor = MIN_DIRECT_WEIGHT if depth == 0 else MIN_INDIRECT_WEIGHT
            if score * data["weight"] < floor:
                continue
            if depth > 0 and introduced_later(introduced, before, service):
                continue
            if depth > 0 and basics_name is not None and before not in basics_name(service):
                continue
            value = score * data["weight"]
            better = before not in found or (depth + 1, -value) < (
                depth_of[before],
                -found[before][0],
            )
            if better:
                found[before] = (value, service, data["reason"], data.get("evidence"))
                depth_of[before] = depth + 1
                frontier.append((before, value, depth + 1))
    ranked = sorted(found.items(), key=lambda kv: (depth_of[kv[0]], -kv[1][0], kv[0]))
    return dict(ranked[:limit])


def _named_in(build: Build, concepts: list[str]) -> set[str]:
    """The services these concepts name."""
    return {name for c in concepts for name in build.graph.nodes[c].get("services", {})}


def _named_in_basics(build: Build, service: str) -> set[str]:
    """The services named in the concepts a plan reads for a prerequisite."""
    return _named_in(build, _basics_of(build, service))


def _narrow_prerequisites(
    graph: nx.DiGraph, wanted: list[_Target], known: set[str], read: set[str]
) -> dict[str, tuple[float, str, str, dict | None]]:
    """Direct prerequisites of the targets' services that the targets, or the basics the plan
    reads before them (`read`: the services those name), speak of: a plan for "Queues &
    Lambda" needs SQS, not Kinesis; one for "What's serverless?" needs neither."""
    services = [t.service for t in wanted if t.service]
    found = _prerequisites(graph, services, known, 1, len(graph), placements=True)
    focus = set().union(*(t.focus for t in wanted))
    # What the targets name first, then what only their basics name.
    spoken = [(n, v) for n, v in found.items() if n in focus]
    spoken += [(n, v) for n, v in found.items() if n in read and n not in focus]
    return dict(spoken[:NARROW_PREREQ_SERVICES])


def _basics(build: Build, target: _Target, known: list[str], seen: set[str]) -> list[Step]:
    """The first concepts of a concept's service taught before it, unless the service is known."""
    if target.service is None or target.service in known:
        return []
    core = _basics_of(build, target.service)
    before = min(build.graph.nodes[c]["order"] for c in target.concepts)
    why = f"the basics of {target.service}, which this builds on"
    out = []
    for concept in core:
        if concept not in seen and build.graph.nodes[concept]["order"] < before:
            seen.add(concept)
            out.append(_step(build, concept, "prerequisite", why, 1.5))
    return out


def _step(build: Build, concept: str, role: str, reason: str, necessity: float) -> Step:
    d = build.graph.nodes[concept]
    slides = [
        {"source": s["source"], "line_start": s["line_start"], "line_end": s["line_end"]}
        for s in d.get("slides", [])
    ]
    return Step(concept, d["title"], d.get("about"), reason, d["minutes"], slides, role, necessity)


def _order(build: Build, steps: list[Step], graph: nx.DiGraph) -> list[Step]:
    """Topological over services (prerequisites first), course order among equals."""
    services = {s.service for s in steps if s.service}
    sub = graph.subgraph(services).copy()
    first = {}
    for s in steps:
        order = build.graph.nodes[s.concept]["order"]
        if s.service and (s.service not in first or order < first[s.service]):
            first[s.service] = order
    rank = {
        svc: i
        for i, svc in enumerate(nx.lexicographical_topological_sort(sub, key=lambda n: first[n]))
    }
    late = len(rank)
    return sorted(
        steps,
        key=lambda s: (
            s.role == "target" and s.service not in rank,
            rank.get(s.service, late),
            build.graph.nodes[s.concept]["order"],
        ),
    )


def _trim(plan: Plan, max_minutes: float) -> None:
    """Drop the least necessary steps until the plan fits; keep one step of each target."""
    keep_first = {}
    for step in plan.steps:
        if step.role == "target":
            keep_first.setdefault(step.service or step.concept, step.concept)
    protected = set(keep_first.values())
    candidates = sorted(
        (s for s in plan.steps if s.concept not in protected),
        key=lambda s: (s.necessity, -build_order(s)),
    )
    total = plan.minutes
    for step in candidates:
        if total <= max_minutes:
            break
        plan.steps.remove(step)
        plan.cut.append({"concept": step.concept, "title": step.title, "minutes": step.minutes})
        total -= step.minutes


def build_order(step: Step) -> int:
    """Later steps in a plan go first when trimming ties (their concept id's number)."""
    try:
        return int(step.concept.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def plan_study(
    build: Build,
    targets: list[str],
    known: list[str] | None = None,
    max_minutes: float | None = None,
    searcher_factory=None,
) -> Plan:
    """A study plan for targets (services, concept titles or questions)."""
    targets = [t.strip() for t in targets if t and t.strip()]
    if not targets:
        raise StudyError("name at least one target: a service, a concept or a question")
    if max_minutes is not None and max_minutes <= 0:
        raise StudyError("--max-minutes must be more than 0")
    known_services = _resolve_known(build, known or [])
    resolved = [_resolve_target(build, t, searcher_factory) for t in targets]
    # Knowing a service skips it as a target; a concept or question about it is still asked.
    wanted = [t for t in resolved if not (t.label == t.service and t.service in known_services)]
    known_targets = {t.service for t in resolved if t not in wanted}
    skipped = [
        {"name": k, "reason": "a target you already know" if k in known_targets else "known"}
        for k in known_services
    ]
    plan = Plan([t.label for t in resolved], [], skipped)
    if not wanted:
        return plan
    graph = prereq_graph(build)
    target_services = [s for t in wanted for s in ([t.service] if t.service else []) + t.members]
    seen: set[str] = set()
    steps: list[Step] = []
    for t in wanted:
        for i, concept in enumerate(t.concepts):
            if concept not in seen:
                seen.add(concept)
                why = f"you asked for {t.label}"
                kind = build.graph.nodes[concept].get("about")
                if kind in t.members:
                    why = f"{kind} is a kind of {t.label}, which you asked for"
                steps.append(_step(build, concept, "target", why, 3 - i / 10))
    # A question or a single concept is narrow: the basics of its service and the direct
    # prerequisites it speaks of are enough.
    narrow = all(t.service is None or t.label != t.service for t in wanted)
    if narrow:
        basics = [s for t in wanted for s in _basics(build, t, known_services, seen)]
        steps += basics
        read = _named_in(build, [s.concept for s in basics])
        prereqs = _narrow_prerequisites(graph, wanted, set(known_services), read)
    else:
        prereqs = _prerequisites(
            graph,
            target_services,
            set(known_services),
            2,
            MAX_PREREQ_SERVICES,
            lambda service: _named_in_basics(build, service),
        )
    for service, (score, needed_by, reason, _) in prereqs.items():
        for concept in _basics_of(build, service):
            if concept not in seen:
                seen.add(concept)
                why = f"needed for {needed_by}: {reason}"
                steps.append(_step(build, concept, "prerequisite", why, score))
    plan.steps = _order(build, steps, graph)
    if max_minutes is not None:
        _trim(plan, max_minutes)
    return plan
