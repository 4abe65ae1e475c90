"""Study plans: what to learn first, in what order, and why (after Metacademy's learning plans).

A plan for some targets takes their core concepts (docs/study.md), adds the basics of each
service they build on (graph.prereqs: direct prerequisites, strongest first, each with its
reason and evidence), skips what the student knows or has learned, orders everything so each
prerequisite comes before what needs it (course order breaks ties), lists what the targets
work with but do not need first as `related`, and trims the least necessary steps to a time
budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx

from graph.evidence import quote, slide_cite
from graph.keys import progress_key
from graph.lookup import NotFound, core_concepts, resolve, suggestions, teaching_concepts
from graph.plan import Plan, Step
from graph.prereqs import CONCEPTS, SERVICE, introduced_later, prereq_graph
from graph.progress import ProgressStore
from graph.related import related_relations
from graph.search import SearchError
from graph.slidetext import concept_text
from graph.store import Build
from ingest.records import locator

__all__ = ["Plan", "Step", "StudyError", "plan_study"]

# A prerequisite service is read through its first concepts that name it.
PREREQ_CONCEPTS = 2
# Direct prerequisites from this weight, strongest first, at most this many.
MIN_PREREQ_WEIGHT = 0.2
MAX_PREREQ_SERVICES = 10
NARROW_PREREQ_SERVICES = 3
# Title-only slides (a diagram, a section title) are not worth a step of their own.
MIN_STEP_WORDS = 15
# A target of one word that names nothing is a typo ("Lamda"), answered with the nearest
# names; a phrase ("s3 mfa delete") is a question.
MAX_NAME_WORDS = 1
# A question is answered by the first hit and the next ones scoring within this share of it.
ANSWER_MARGIN = 0.15
MAX_ANSWERS = 3
SEARCH_DEPTH = 10


class StudyError(ValueError):
    """A study request that cannot be planned; the message says why."""


@dataclass(slots=True)
class _Target:
    label: str
    service: str | None
    concepts: list[str]
    focus: frozenset[str] = frozenset()  # services a concept or a question speaks of
    members: list[str] = field(default_factory=list)  # kinds of the service the plan teaches

    @property
    def narrow(self) -> bool:
        """A concept or a question, not a whole service."""
        return self.label != self.service


def _core(build: Build, service: str, members: Sequence[str] = ()) -> list[str]:
    """What studying a service covers (lookup.core_concepts), then its kinds' (members)."""
    own = core_concepts(build, service, MIN_STEP_WORDS)
    extra = sorted(
        (d for m in members for d in core_concepts(build, m, MIN_STEP_WORDS)),
        key=lambda d: d["order"],
    )
    return list(dict.fromkeys(d["id"] for d in own + extra))


def _basics_of(build: Build, service: str) -> list[str]:
    """The first concepts that name a service (see teaching_concepts), practice left out:
    what a plan reads of a service it needs first, so a slide that only mentions it is not
    taken for its basics, nor a hands-on lab for its explanation."""
    concepts = teaching_concepts(build, service, MIN_STEP_WORDS, titled=True)
    reading = [d for d in concepts if not all(s.get("hands_on") for s in d["slides"])]
    return [d["id"] for d in reading[:PREREQ_CONCEPTS]]


def _resolve_target(build: Build, text: str, searcher_factory) -> _Target:
    try:
        node = resolve(build, text)
    except NotFound as exc:
        if len(text.split()) <= MAX_NAME_WORDS or searcher_factory is None:
            raise
        return _question(build, text, searcher_factory, exc)
    data = build.graph.nodes[node]
    if data["kind"] == "service":
        members = _members(build, node)
        concepts = _core(build, data["name"], members)
        if not concepts:
            raise StudyError(f"{data['name']} is named in the notes but no concept teaches it")
        taught = {build.graph.nodes[c].get("about") for c in concepts}
        return _Target(
            data["name"], data["name"], concepts, members=[m for m in members if m in taught]
        )
    return _Target(data["title"], _service_of_concept(build, data), [node], _focus(build, node))


def _question(build: Build, text: str, searcher_factory, exc: NotFound) -> _Target:
    """A question, answered by the concepts of the slides search ranks first for it."""
    try:
        hits = searcher_factory().search(text, k=SEARCH_DEPTH)
    except SearchError:
        hits = []  # no words to search ("/ ¥"): as unanswered as a question with no hit
    if not hits:
        raise StudyError(f"nothing in the notes answers {text!r}") from exc
    top = hits[0].score
    answers, read = [], set()
    for hit in hits:
        # A slide the notes repeat later (same title, same text) is read once.
        seen = (hit.concept_title, concept_text(build, hit.concept))
        if hit.score >= top * (1 - ANSWER_MARGIN) and seen not in read:
            read.add(seen)
            answers.append(hit.concept)
    answers = answers[:MAX_ANSWERS]
    first = build.graph.nodes[answers[0]]
    focus = frozenset().union(*(_focus(build, c, text) for c in answers))
    # The label says which concept answers the question, so the plan shows what it read.
    label = f"{text} → {first['title']}"
    return _Target(label, _service_of_concept(build, first), answers, focus)


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


def _named_in(build: Build, concepts: list[str]) -> set[str]:
    """The services these concepts name."""
    return {name for c in concepts for name in build.graph.nodes[c].get("services", {})}


def _prerequisites(
    graph: nx.DiGraph, services: list[str], known: set[str], scopes: frozenset[str]
) -> dict[str, dict]:
    """Direct prerequisites of services that hold for one of `scopes`, strongest first:
    prerequisite → the edge that brings it, with the service that needs it."""
    found: dict[str, dict] = {}
    for service in services:
        if service not in graph:
            continue
        for before, _, data in graph.in_edges(service, data=True):
            if before in known or before in services or data["scope"] not in scopes:
                continue
            if data["weight"] < MIN_PREREQ_WEIGHT:
                continue
            if before not in found or data["weight"] > found[before]["weight"]:
                found[before] = {**data, "needed_for": service}
    return dict(sorted(found.items(), key=lambda kv: (-kv[1]["weight"], kv[0])))


def _broad_prerequisites(
    graph: nx.DiGraph, wanted: list[_Target], known: set[str]
) -> dict[str, dict]:
    """Direct prerequisites of the target services and of their kinds; a kind's only where
    the course teaches it before the service (a kind is one of its features: SSE-KMS needs
    KMS, which a course teaching S3 first does not need for S3)."""
    targets = [t.service for t in wanted if t.service]
    members = [m for t in wanted for m in t.members]
    found = _prerequisites(graph, targets + members, known, frozenset({SERVICE}))
    introduced = dict(graph.nodes(data="introduced"))
    kept = {
        name: edge
        for name, edge in found.items()
        if edge["needed_for"] in targets
        or any(introduced_later(introduced, t, name) for t in targets)
    }
    return dict(list(kept.items())[:MAX_PREREQ_SERVICES])


def _narrow_prerequisites(
    graph: nx.DiGraph, wanted: list[_Target], known: set[str]
) -> dict[str, dict]:
    """Direct prerequisites of the targets' services that the targets speak of (their slides
    or the question): a plan for "Queues & Lambda" needs SQS, not Kinesis; one for caching
    API responses needs no Lambda authorizer; one for "What's serverless?" needs neither."""
    services = [t.service for t in wanted if t.service]
    found = _prerequisites(graph, services, known, frozenset({SERVICE, CONCEPTS}))
    focus = set().union(*(t.focus for t in wanted))
    return dict([(n, v) for n, v in found.items() if n in focus][:NARROW_PREREQ_SERVICES])


def _basics(build: Build, target: _Target, known: list[str], seen: set[str]) -> list[Step]:
    """The first concepts of a concept's service taught before it, unless the service is known."""
    if target.service is None or target.service in known:
        return []
    before = min(build.graph.nodes[c]["order"] for c in target.concepts)
    first = build.graph.nodes[target.concepts[0]]
    why = f"{first['title']} is about {target.service}: its basics come first"
    evidence = [slide_cite(s, " › ".join(s["heading_path"])) for s in first["slides"][:1]]
    out = []
    for concept in _basics_of(build, target.service):
        if concept not in seen and build.graph.nodes[concept]["order"] < before:
            seen.add(concept)
            out.append(_step(build, concept, "prerequisite", why, 1.5, evidence))
    return out


def _step(
    build: Build, concept: str, role: str, reason: str, necessity: float, evidence=()
) -> Step:
    d = build.graph.nodes[concept]
    slides = [
        {"title": s["title"], "source": s["source"], "line_start": s["line_start"],
         "line_end": s["line_end"], **locator(s)}
        for s in d.get("slides", [])
    ]  # fmt: skip
    return Step(
        concept, d["title"], d.get("about"), reason, d["minutes"], slides, role,
        key=progress_key(build, concept), evidence=list(evidence),
        text=concept_text(build, concept), necessity=necessity,
    )  # fmt: skip


def _prereq_reason(edge: dict) -> str:
    """Why a prerequisite step is in the plan, in the words of its first statement."""
    said = f" — {quote(edge['evidence'][0]['text'])}" if edge["evidence"] else ""
    return f"needed for {edge['needed_for']}: {edge['reason']}{said}"


def _order(build: Build, steps: list[Step], graph: nx.DiGraph) -> list[Step]:
    """Topological over services (prerequisites first), course order among equals; the
    concepts a concept or question asked for last, in course order, whatever their service."""
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
            s.asked,
            s.role == "target" and s.service not in rank,
            0 if s.asked else rank.get(s.service, late),
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
        key=lambda s: (s.necessity, -_number(s)),
    )
    total = plan.minutes
    for step in candidates:
        if total <= max_minutes:
            break
        plan.steps.remove(step)
        plan.cut.append({"concept": step.concept, "title": step.title, "minutes": step.minutes})
        total -= step.minutes


def _number(step: Step) -> int:
    """Later steps in a plan go first when trimming ties (their concept id's number)."""
    try:
        return int(step.concept.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return 0


def _target_steps(build: Build, wanted: list[_Target], seen: set[str]) -> list[Step]:
    steps = []
    for t in wanted:
        for i, concept in enumerate(t.concepts):
            if concept in seen:
                continue
            seen.add(concept)
            why = f"you asked for {t.label}"
            kind = build.graph.nodes[concept].get("about")
            if kind in t.members:
                why = f"{kind} is a kind of {t.label}, which you asked for"
            step = _step(build, concept, "target", why, 3 - i / 10)
            step.asked = t.narrow
            steps.append(step)
    return steps


def _relating(wanted: list[_Target]) -> dict[str, frozenset[str] | None]:
    """Whose relations a plan lists: a service target's and its kinds' (all of them); a
    concept's or question's service (to the services it speaks of)."""
    out: dict[str, frozenset[str] | None] = {}
    for t in wanted:
        if t.narrow and t.service:
            out[t.service] = (out.get(t.service) or frozenset()) | t.focus
        elif not t.narrow:
            for s in [t.service, *t.members]:
                out[s] = None
    return out


def _apply_progress(plan: Plan, learned: set[str], skip: bool) -> None:
    """Mark learned steps done (a learned service: its steps, but not a concept or question
    asked for); move them to `skipped` unless they are to be shown."""
    done_services: dict[str, float] = {}
    for step in plan.steps:
        service_learned = step.service and f"service:{step.service}" in learned
        step.done = step.key in learned or bool(service_learned and not step.asked)
        if step.done and step.key not in learned:
            done_services[step.service] = done_services.get(step.service, 0.0) + step.minutes
    plan.minutes_done = round(sum(s.minutes for s in plan.steps if s.done), 1)
    if not skip:
        return
    for service, minutes in done_services.items():
        plan.skipped.append({"name": service, "reason": "learned", "minutes": round(minutes, 1)})
    for step in plan.steps:
        if step.done and step.key in learned:
            plan.skipped.append(
                {"name": step.title, "concept": step.concept, "key": step.key,
                 "reason": "learned", "minutes": step.minutes}
            )  # fmt: skip
    plan.steps = [s for s in plan.steps if not s.done]


def plan_study(
    build: Build,
    targets: list[str],
    known: list[str] | None = None,
    max_minutes: float | None = None,
    searcher_factory=None,
    *,
    progress: ProgressStore | None = None,
    ignore_progress: bool = False,
    pace: float = 1.0,
) -> Plan:
    """A study plan for targets (services, concept titles or questions). With a progress
    store, learned steps are skipped (kept and marked done with ignore_progress); pace
    scales every step's minutes."""
    targets = [t.strip() for t in targets if t and t.strip()]
    if not targets:
        raise StudyError("name at least one target: a service, a concept or a question")
    if max_minutes is not None and max_minutes <= 0:
        raise StudyError("--max-minutes must be more than 0")
    if not pace > 0:
        raise StudyError("--pace must be more than 0")
    known_services = _resolve_known(build, known or [])
    resolved = [_resolve_target(build, t, searcher_factory) for t in targets]
    # Knowing a service skips it as a target; a concept or question about it is still asked.
    wanted = [t for t in resolved if t.narrow or t.service not in known_services]
    known_targets = {t.service for t in resolved if t not in wanted}
    skipped = [
        {"name": k, "reason": "a target you already know" if k in known_targets else "known"}
        for k in known_services
    ]
    plan = Plan([t.label for t in resolved], [], skipped, pace=pace)
    if not wanted:
        return plan
    graph = prereq_graph(build)
    seen: set[str] = set()
    steps = _target_steps(build, wanted, seen)
    known_set = set(known_services)
    if all(t.narrow for t in wanted):
        # A question or a single concept is narrow: the basics of its service and the direct
        # prerequisites it speaks of are enough.
        steps += [s for t in wanted for s in _basics(build, t, known_services, seen)]
        prereqs = _narrow_prerequisites(graph, wanted, known_set)
    else:
        prereqs = _broad_prerequisites(graph, wanted, known_set)
    for service, edge in prereqs.items():
        for concept in _basics_of(build, service):
            if concept not in seen:
                seen.add(concept)
                why = _prereq_reason(edge)
                step = _step(build, concept, "prerequisite", why, edge["weight"], edge["evidence"])
                steps.append(step)
    plan.steps = _order(build, steps, graph)
    planned = {s.service for s in plan.steps} | known_set
    plan.related = related_relations(build, _relating(wanted), planned)
    for step in plan.steps:
        step.minutes = round(step.minutes * pace, 1)
    if progress is not None:
        _apply_progress(plan, progress.learned(), skip=not ignore_progress)
    if max_minutes is not None:
        _trim(plan, max_minutes)
    return plan
