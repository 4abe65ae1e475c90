"""The prerequisite graph: "learn B before A", read from a build's relations and structure.

docs/study.md states the rule. In short, B comes before A when

1. a typed relation says A is built on B (`PREREQ_RELATIONS`: which end is learnt first,
   and whether it holds for all of A or only for the feature of A that uses B);
2. where no relation of another type settles the pair: A's catalog name extends B's
   (family), the course introduces A inside a section about B (section), or A's own
   concepts keep naming B (leaning; only where no typed relation joins the two at all);

and never for a tool, or from any other relation type. Each edge carries its reason in words
and the statements that support it. Cycles are broken by dropping the weakest edge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.evidence import cite, slide_cite
from graph.lookup import teaching_concepts
from graph.relations import relation_edges
from graph.slidetext import slide_texts
from graph.store import Build
from ingest.vocabulary import describe

__all__ = [
    "CONCEPTS", "PREREQ_RELATIONS", "SERVICE", "Prereq", "PrereqRule", "introduced_later",
    "is_tool", "prereq_graph",
]  # fmt: skip

# Where a prerequisite holds: for all of the service, or for its concepts that name it.
SERVICE = "service"
CONCEPTS = "concepts"


@dataclass(frozen=True, slots=True)
class PrereqRule:
    """How one relation type makes a prerequisite: which end is learnt first, how strongly,
    and whether it is a feature's (all of the service only where the course teaches the
    prerequisite first)."""

    first: str  # "source" | "target"
    weight: float
    feature: bool = False


PREREQ_RELATIONS: dict[str, PrereqRule] = {
    "part_of": PrereqRule("target", 1.0),
    "runs_on": PrereqRule("target", 1.0),
    "deploys_to": PrereqRule("target", 0.9),
    "orchestrates": PrereqRule("target", 0.9),
    "bundles": PrereqRule("target", 0.9),
    "pulls_from": PrereqRule("target", 0.9),
    "caches": PrereqRule("target", 0.8),
    "origin_of": PrereqRule("source", 0.9),
    "load_balances": PrereqRule("target", 0.8),
    "scales": PrereqRule("target", 0.8),
    "event_source_mapping": PrereqRule("target", 0.9, feature=True),
    "authorizes": PrereqRule("source", 0.8, feature=True),
    "authenticates": PrereqRule("source", 0.9, feature=True),
    "encrypts": PrereqRule("source", 0.7, feature=True),
}
# A monitor (what the catalog says watches others by nature) is never a prerequisite but of
# its own parts: what it adds to a service, or to a bundle, is monitoring.
WATCHING = frozenset({"monitors", "traces"})
# "Works with" says nothing of how: it neither makes a prerequisite nor settles a pair.
WORKS_WITH = "integrates_with"
# How a statement says what it says (ingest.cues.modality_of): a fact makes a prerequisite
# for all of a service, an option for the concepts that speak of it, an example none.
FACT = "fact"
OPTION = "option"
# What a balancer or scaler acts on comes first, unless the course teaches it first.
COURSE_ORDERED = frozenset({"load_balances", "scales"})
FAMILY_WEIGHT = 0.9
SECTION_WEIGHT = 0.7
LEANING_WEIGHT = 0.6
# Leaning: B named in at least this many, and this share, of the concepts teaching A; or
# this many times in the one concept that teaches A.
LEANING_CONCEPTS = 2
LEANING_SHARE = 0.25
LEANING_NAMED = 3
# Concepts shorter than this teach nothing (a title slide); comparisons name peers.
MIN_TEACHING_WORDS = 15
_COMPARISON = re.compile(r"\bvs\b\.?|\bversus\b|\bcompar", re.IGNORECASE)
MAX_EVIDENCE = 3
_NAME_PARTS = re.compile(r"[\s\-@]+")


@dataclass(frozen=True, slots=True)
class Prereq:
    """Why `before` is learnt before `after`: the reading, its reason in words, and the
    statements that support it."""

    before: str
    after: str
    weight: float
    reading: str  # "relation" | "family" | "section" | "leaning"
    reason: str
    evidence: tuple[dict, ...]
    scope: str = SERVICE
    relation: str | None = None


def is_tool(build: Build, service: str) -> bool:
    """True for a tool used to call services (AWS CLI, SDK, Console): never a prerequisite."""
    node = build.graph.nodes.get(f"service:{service}", {})
    return node.get("service_kind") == "tool"


def _watching(build: Build, p: Prereq) -> bool:
    """A monitor or tracer made a prerequisite of anything but its own part (CloudWatch
    before CloudWatch Logs): monitoring is an add-on, not a basis (docs/study.md)."""
    own_part = p.relation == "part_of" or p.reading == "family"
    service = build.catalog.services.get(p.before)
    return not own_part and service is not None and bool(WATCHING & set(service.acts))


def introduced_later(introduced: dict[str, int | None], one: str, other: str) -> bool:
    """True when the course introduces `one` after `other` (unknown order: False);
    `introduced` maps a service to its place in the course (a prereq graph's nodes carry it)."""
    a, b = introduced.get(one), introduced.get(other)
    return a is not None and b is not None and a > b


def _introduced_first(introduced: dict[str, int | None], one: str, other: str) -> bool:
    a, b = introduced.get(one), introduced.get(other)
    return a is not None and b is not None and a < b


def _pairs(build: Build, keep) -> set[frozenset]:
    return {
        frozenset((e["source"], e["target"])) for e in relation_edges(build) if keep(e["relation"])
    }


def _relation_prereqs(build: Build, introduced: dict[str, int]) -> list[Prereq]:
    out = []
    for edge in relation_edges(build):
        rule = PREREQ_RELATIONS.get(edge["relation"])
        src, dst, rel = edge["source"], edge["target"], edge["relation"]
        if rule is None or is_tool(build, src) or is_tool(build, dst):
            continue
        # An example ("resources such as …") states no dependency; an option ("encryption
        # is optional", "can also integrate with …") is how one feature may work: it holds
        # for the concepts that speak of it, never for all of the service.
        said = _modalities(edge["evidence"])
        facts = said.get(FACT) or said.get(OPTION)
        if not facts:
            continue
        before, after = (dst, src) if rule.first == "target" else (src, dst)
        if rel in COURSE_ORDERED and introduced_later(introduced, before, after):
            before, after = after, before
        feature = rule.feature and not _introduced_first(introduced, before, after)
        optional = FACT not in said
        scope = CONCEPTS if feature or optional or _placement(build, edge) else SERVICE
        reason = describe(src, rel, dst, forward=src == before)
        # A slide titled with the relation ("Lambda Execution Role (IAM Role)") says it
        # best; then the statements in course order.
        ranked = sorted(facts, key=lambda e: bool(e.get("context", "x")))
        evidence = _distinct(cite(e) for e in ranked)
        weight = rule.weight * edge["confidence"]
        out.append(Prereq(before, after, weight, "relation", reason, evidence, scope, rel))
    return out


def _modalities(evidence: list[dict]) -> dict[str, list[dict]]:
    """An edge's statements by how they say it (a build from before modality: facts)."""
    out: dict[str, list[dict]] = {}
    for e in evidence:
        out.setdefault(e.get("modality", FACT), []).append(e)
    return out


def _distinct(citations) -> tuple[dict, ...]:
    """Up to MAX_EVIDENCE citations, one per statement text (a title repeated on two
    slides says it once)."""
    out: dict[str, dict] = {}
    for c in citations:
        out.setdefault(c["text"], c)
    return tuple(out.values())[:MAX_EVIDENCE]


def _placement(build: Build, edge: dict) -> bool:
    """Running in a network ("Lambda in VPC") is a way to deploy a service, not a basis for
    learning all of it: the catalog says which hosts are networks (they receive runs_on)."""
    host = build.catalog.services.get(edge["target"])
    return edge["relation"] == "runs_on" and host is not None and "runs_on" in host.receives


def _teaching(build: Build, service: str) -> list[dict]:
    """The concepts that teach a service, less title slides and comparisons."""
    return [
        d
        for d in teaching_concepts(build, service, MIN_TEACHING_WORDS)
        if d.get("words", 0) >= MIN_TEACHING_WORDS and not _COMPARISON.search(d["title"])
    ]


def _speaking_of(build: Build, service: str) -> list[str]:
    """The concepts that teach a service; for one no concept teaches (SSE-S3 named inside
    S3's slides), those that name it."""
    taught = [d["id"] for d in _teaching(build, service)]
    if taught:
        return taught
    node = f"service:{service}"
    named = {u for u, _, key in build.graph.in_edges(node, keys=True) if key == "mentions"}
    return sorted(named, key=lambda c: build.graph.nodes[c]["order"])


def _named_lines(build: Build, service: str) -> list[tuple[dict, frozenset[str]]]:
    """The lines of the slides that speak of a service (_speaking_of) naming other
    services, each cited at its slide with the names it holds (read once per build)."""
    cache = build.cache.setdefault("named_lines", {})
    if service not in cache and f"service:{service}" in build.graph:
        lines = []
        for concept in _speaking_of(build, service):
            for slide in slide_texts(build, concept):
                where = {"source": slide.source, "line_start": slide.line_start,
                         "line_end": slide.line_end}  # fmt: skip
                for line in [slide.title, *slide.text.split("\n")]:
                    names = frozenset(m.service for m in build.catalog.mentions(line))
                    if names - {service}:
                        lines.append((slide_cite(where, line), names))
        cache[service] = lines
    return cache.get(service, [])


def _lines_naming(build: Build, service: str, *names: str) -> tuple[dict, ...]:
    """Up to MAX_EVIDENCE lines of a service's teaching slides that name all of `names`."""
    return _distinct(c for c, named in _named_lines(build, service) if set(names) <= named)


def _extends(name: str, base: str) -> bool:
    """True when a catalog name extends another word for word: "Kinesis Data Streams" of
    "Kinesis", "SSE-KMS" of "KMS", "Lambda@Edge" of "Lambda"."""
    parts = _NAME_PARTS.split(name.lower())
    base_parts = _NAME_PARTS.split(base.lower())
    n = len(base_parts)
    return len(parts) > n and (parts[:n] == base_parts or parts[-n:] == base_parts)


def _family_prereqs(build: Build, services: list[str], settled: set[frozenset]) -> list[Prereq]:
    out = []
    for a in services:
        for b in services:
            if a == b or not _extends(a, b) or frozenset((a, b)) in settled:
                continue
            evidence = _lines_naming(build, a, a, b) or _introduction(build, a)
            reason = f"{a} is named after {b}"
            out.append(Prereq(b, a, FAMILY_WEIGHT, "family", reason, evidence))
    return out


def _introduction(build: Build, service: str) -> tuple[dict, ...]:
    """The first slide that teaches a service, cited by its title."""
    concepts = teaching_concepts(build, service)
    if not concepts:
        return ()
    slide = concepts[0]["slides"][0]
    return (slide_cite(slide, slide["title"]),)


def _section_prereqs(build: Build, first: dict[str, dict], settled: set[frozenset]) -> list[Prereq]:
    """A service introduced inside a section whose heading names one other service."""
    out = []
    for service, concept in sorted(first.items()):
        section = build.graph.nodes[concept["section"]]
        # What ingest read off the section's heading (older builds have none).
        named = section.get("services", [])
        if len(named) != 1 or named[0] == service or f"service:{named[0]}" not in build.graph:
            continue
        owner = named[0]
        if frozenset((owner, service)) in settled or is_tool(build, owner):
            continue
        heading = slide_cite({**section, "line_end": section["line_start"]}, section["title"])
        evidence = (heading, *_introduction(build, service))
        reason = f"{service} is taught in the {owner} section"
        out.append(Prereq(owner, service, SECTION_WEIGHT, "section", reason, evidence))
    return out


def _leaning_prereqs(
    build: Build, services: list[str], typed: set[frozenset], introduced: dict[str, int]
) -> list[Prereq]:
    """B named in LEANING_CONCEPTS and LEANING_SHARE of A's teaching concepts, or
    LEANING_NAMED times in the one concept that teaches A; B taught before A (named ahead
    of its own chapter, B is a forward reference: the course does not need it first)."""
    out = []
    for a in services:
        concepts = _teaching(build, a)
        single = len(concepts) == 1
        counts: dict[str, int] = defaultdict(int)
        for d in concepts:
            for b, n in d.get("services", {}).items():
                counts[b] += n if single else 1
        for b, n in counts.items():
            if not _introduced_first(introduced, b, a) or frozenset((a, b)) in typed:
                continue
            share = 1.0 if single else n / len(concepts)
            enough = n >= LEANING_NAMED if single else n >= LEANING_CONCEPTS
            if not enough or share < LEANING_SHARE:
                continue
            reason = (
                f"{b} is named {n} times in the concept on {a}"
                if single
                else f"{b} comes up in {n} of the {len(concepts)} concepts on {a}"
            )
            evidence = _lines_naming(build, a, b)
            weight = LEANING_WEIGHT * min(1.0, 0.3 + share)
            out.append(Prereq(b, a, weight, "leaning", reason, evidence))
    return out


def _first_teaching(build: Build) -> dict[str, dict]:
    """Each taught service's first teaching concept: where the course introduces it."""
    services = {d["about"] for _, d in build.nodes_of("concept") if d.get("about")}
    return {s: teaching_concepts(build, s)[0] for s in services}


def _rank(p: Prereq) -> tuple[bool, float]:
    return (p.scope == SERVICE, p.weight)


def prereq_graph(build: Build) -> nx.DiGraph:
    """A DAG over service names: edge B → A (learn B first) with weight, scope, reading,
    reason and evidence."""
    cached = build.cache.get("prereq_graph")
    if cached is not None:
        return cached
    first = _first_teaching(build)
    introduced = {service: concept["order"] for service, concept in first.items()}
    services = sorted(
        d["name"] for _, d in build.nodes_of("service") if not is_tool(build, d["name"])
    )
    settled = _pairs(build, lambda r: r not in PREREQ_RELATIONS and r != WORKS_WITH)
    typed = _pairs(build, lambda r: r != WORKS_WITH)
    found = (
        _relation_prereqs(build, introduced)
        + _family_prereqs(build, services, settled)
        + _section_prereqs(build, first, settled)
        + _leaning_prereqs(build, services, typed, introduced)
    )
    best: dict[tuple[str, str], Prereq] = {}
    for p in found:
        key = (p.before, p.after)
        # A prerequisite no statement supports is not made (every step cites one).
        if p.before == p.after or not p.evidence or _watching(build, p):
            continue
        if key not in best or _rank(p) > _rank(best[key]):
            best[key] = p
    g = nx.DiGraph()
    for (before, after), p in best.items():
        g.add_edge(
            before, after, weight=p.weight, scope=p.scope, reading=p.reading,
            relation=p.relation, reason=p.reason, evidence=list(p.evidence),
        )  # fmt: skip
    _break_cycles(g, introduced)
    for node in g:
        g.nodes[node]["introduced"] = introduced.get(node)
    build.cache["prereq_graph"] = g
    return g


def _break_cycles(g: nx.DiGraph, first: dict[str, int]) -> None:
    """While a cycle remains, drop its weakest edge: one holding for some concepts before
    one holding for a whole service, then the lowest weight, then the prerequisite the
    course introduces later."""
    late = 10**9
    while True:
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            return

        def strength(e):
            data = g.edges[e[0], e[1]]
            return (data["scope"] == SERVICE, data["weight"], -first.get(e[0], late), e[0], e[1])

        weakest = min(cycle, key=strength)
        g.remove_edge(weakest[0], weakest[1])
