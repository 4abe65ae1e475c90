"""The prerequisite graph: "know B before A", derived from a build's relations and mentions.

Rules (an edge B → A means B is learnt first):

- typed relations, read through `PREREQ_RULES`: A runs_on / deploys_to / part_of /
  stores_in / orchestrates / caches / event_source_mapping B, A load_balances / scales B
  (unless the course teaches A first: then A comes first), B origin_of A, B authorizes /
  authenticates / encrypts A, and A integrates_with B (weaker); the cross-cutting ones
  (authorizes, authenticates, encrypts) only where the course introduces B before A;
  running in a network (A runs_on a VPC) is a way to deploy A, not a basis for all of it:
  its edge is marked `placement`, for plans about the concepts that speak of it only;
- concepts that lean on services taught elsewhere: B is named in several (and a tenth) of
  A's teaching concepts (not its section's title slide, not a comparison; a quarter if the
  course introduces B after A, and then not if A only acts on B: ALB invokes Lambda), or
  several times in the one concept that teaches A, and B has concepts of its own,
  weighted by how many;
- the course section a service is introduced in: when the section's heading names one
  other service ("Amazon S3" for SSE-KMS), that service comes first; a heading that lists
  several ("SQS, SNS & Kinesis") names peers, so there only a family name counts
  ("Kinesis" before "Kinesis Data Streams");
- nothing else: invokes, publishes_to, monitors, traces and logs_to describe what a service
  does to others, not what a student must know first.

Cycles are broken deterministically: while the graph has a cycle, its weakest edge is
removed (lowest weight, then the one whose prerequisite is taught later in the course, then
by name), so the stronger and course-ordered direction survives.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from graph.lookup import teaching_concepts
from graph.relations import relation_edges
from graph.store import Build

__all__ = ["PREREQ_RULES", "Prereq", "introduced_later", "prereq_graph"]

# relation → (who is learnt first: "target" or "source", weight)
PREREQ_RULES: dict[str, tuple[str, float]] = {
    "runs_on": ("target", 1.0),
    "deploys_to": ("target", 1.0),
    "part_of": ("target", 1.0),
    "stores_in": ("target", 0.7),
    "orchestrates": ("target", 0.9),
    "caches": ("target", 0.8),
    "event_source_mapping": ("target", 1.0),
    "origin_of": ("source", 1.0),
    "authorizes": ("source", 0.8),
    "authenticates": ("source", 0.9),
    "load_balances": ("target", 0.8),
    "scales": ("target", 0.8),
    "encrypts": ("source", 0.7),
    "integrates_with": ("target", 0.5),
}
# Features any service can have (it is secured, signs users in, is encrypted): the service
# behind them is a prerequisite only where the course teaches it first (IAM early on), not
# where it comes later (KMS near the end is not needed before SQS).
CROSS_CUTTING = frozenset({"authorizes", "authenticates", "encrypts"})
# What a load balancer or a scaling group acts on comes first (EC2 before ELB and ASG), unless
# the course teaches the balancer or scaler first: ECS, taught after them, runs behind an ALB.
COURSE_ORDERED = frozenset({"load_balances", "scales"})
# A service named in this many of another's concepts is leant on by it. Only concepts that
# teach count: a section's title slide lists what is coming, and a comparison ("CloudTrail
# vs CloudWatch vs X-Ray") names peers; neither says one needs the other.
MIN_SHARED_CONCEPTS = 2
# ... and in this share of them: Lambda, taught in 53 concepts, names VPC in four (its VPC
# options), which makes VPC one of Lambda's topics, not a basis for learning Lambda.
MIN_SHARE = 0.1
MIN_TEACHING_WORDS = 15
# A service the course introduces later, named in a few of another's concepts, is a forward
# reference ("we will see SQS later" on EC2 slides); named in a quarter or more of them, the
# other leans on it all the same (SSE-KMS on KMS: three of its four concepts).
FORWARD_SHARE = 0.25
_COMPARISON = re.compile(r"\bvs\b\.?|\bversus\b|\bcompar", re.IGNORECASE)
MENTION_WEIGHT = 0.6
SECTION_WEIGHT = 0.7

_PHRASES = {
    "runs_on": "{a} runs on {b}",
    "deploys_to": "{a} deploys to {b}",
    "part_of": "{a} is a kind of {b}",
    "stores_in": "{a} stores data in {b}",
    "orchestrates": "{a} creates and manages {b}",
    "caches": "{a} caches data from {b}",
    "event_source_mapping": "{a} reads from {b} through an event source mapping",
    "origin_of": "{b} serves content from {a} as its origin",
    "authorizes": "access to {b} is controlled with {a}",
    "authenticates": "{b} signs users in with {a}",
    "load_balances": "{b} runs behind {a}",
    "scales": "{b} is scaled by {a}",
    "encrypts": "{b} is encrypted with {a} keys",
    "integrates_with": "{a} works with {b}",
}


@dataclass(frozen=True, slots=True)
class Prereq:
    """Why `before` should be learnt before `after`, with the statement that says so."""

    before: str
    after: str
    weight: float
    reason: str
    evidence: dict | None
    placement: bool = False  # a prerequisite of the concepts that place `after` in it only


def _relation_prereqs(build: Build, introduced: dict[str, int]) -> list[Prereq]:
    out = []
    for edge in relation_edges(build):
        rule = PREREQ_RULES.get(edge["relation"])
        if rule is None:
            continue
        first, weight = rule
        a, b = edge["source"], edge["target"]
        placement = _placement(build, edge)
        before, after = (b, a) if first == "target" else (a, b)
        if edge["relation"] in COURSE_ORDERED and introduced_later(introduced, before, after):
            before, after = after, before
        if edge["relation"] in CROSS_CUTTING and introduced_later(introduced, before, after):
            continue
        reason = _PHRASES[edge["relation"]].format(a=a, b=b)
        ev = edge["evidence"][0] if edge["evidence"] else None
        out.append(Prereq(before, after, weight * edge["confidence"], reason, ev, placement))
    return out


def _placement(build: Build, edge: dict) -> bool:
    """Running in a network ("Lambda in VPC") is a way to deploy a service, not a basis for
    learning all of it: the network is a prerequisite of the concepts that speak of it, and
    of the whole service only through mentions, where it is one of its main topics
    (CodeBuild, not Lambda)."""
    host = build.catalog.services.get(edge["target"])
    return edge["relation"] == "runs_on" and host is not None and "runs_on" in host.receives


def introduced_later(introduced: dict[str, int | None], one: str, other: str) -> bool:
    """True when the course introduces `one` after `other` (unknown order: False);
    `introduced` maps a service to its place in the course (a prereq graph's nodes carry it)."""
    a, b = introduced.get(one), introduced.get(other)
    return a is not None and b is not None and a > b


def _mention_prereqs(build: Build, introduced: dict[str, int]) -> list[Prereq]:
    """B named in at least MIN_SHARED_CONCEPTS (and MIN_SHARE) of A's concepts, B taught in
    its own; a B the course introduces after A must be named in FORWARD_SHARE of them."""
    taught = {d["about"] for _, d in build.nodes_of("concept") if d.get("about")}
    concepts_of: dict[str, list[dict]] = defaultdict(list)
    for _, d in build.nodes_of("concept"):
        if d.get("about"):
            concepts_of[d["about"]].append(d)
    acts_on = _acts_on(build)
    out = []
    for a, concepts in concepts_of.items():
        shared: dict[str, int] = defaultdict(int)
        # A service taught in one concept (Lambda@Edge) leans on what that concept names
        # again and again (CloudFront, seven times), counted in mentions instead.
        single = len(concepts) == 1
        for d in concepts:
            if d.get("words", 0) < MIN_TEACHING_WORDS or _COMPARISON.search(d["title"]):
                continue
            for b, count in d.get("services", {}).items():
                if b != a and b in taught:
                    shared[b] += count if single else 1
        for b, n in shared.items():
            share = 1.0 if single else n / len(concepts)
            forward = introduced_later(introduced, b, a)
            if n < MIN_SHARED_CONCEPTS or share < MIN_SHARE or (forward and share < FORWARD_SHARE):
                continue
            if forward and (a, b) in acts_on:
                continue  # ALB's slides name Lambda as what it invokes, not as a basis
            reason = (
                f"{b} is named {n} times in the concept on {a}"
                if single
                else f"{b} comes up in {n} of the {len(concepts)} concepts on {a}"
            )
            out.append(Prereq(b, a, MENTION_WEIGHT * min(1.0, 0.3 + share), reason, None))
    return out


def _acts_on(build: Build) -> set[tuple[str, str]]:
    """(A, B) where A does something to B that is no prerequisite (invokes, publishes to,
    monitors...): A's slides name B as what it acts on."""
    return {
        (e["source"], e["target"])
        for e in relation_edges(build)
        if e["relation"] not in PREREQ_RULES and e["relation"] != "alternative_to"
    }


def _section_prereqs(build: Build, first: dict[str, dict]) -> list[Prereq]:
    """The service a section is about comes before services introduced inside it.

    A service is introduced where its first teaching concept is (one whose title names it):
    CloudWatch is named in a Route 53 health-check slide, but introduced in its own section.
    """
    out = []
    for service, concept in sorted(first.items()):
        # What ingest read off the section's heading (builds before it stored this have
        # none: `kg stats` calls them outdated).
        named = build.graph.nodes[concept["section"]].get("services", [])
        umbrella = _umbrella(service, named)
        if umbrella is None or f"service:{umbrella}" not in build.graph:
            continue
        reason = f"{service} is taught as part of the {umbrella} section"
        out.append(Prereq(umbrella, service, SECTION_WEIGHT, reason, None))
    return out


def _umbrella(service: str, named: list[str]) -> str | None:
    """The service a section heading puts over `service`, if any.

    A heading naming one service ("Amazon S3") is about it. A heading listing several
    ("CLI, SDK and IAM Policies", "SQS, SNS & Kinesis") names peers taught side by side, so
    only a family name counts there ("Kinesis" over "Kinesis Data Streams").
    """
    if not named or service in named:
        return None
    if len(named) == 1:
        return named[0]
    family = [n for n in named if service.startswith(n + " ")]
    return family[0] if family else None


def _first_teaching(build: Build) -> dict[str, dict]:
    """Each taught service's first teaching concept: where the course introduces it."""
    services = {d["about"] for _, d in build.nodes_of("concept") if d.get("about")}
    return {s: teaching_concepts(build, s)[0] for s in services}


def prereq_graph(build: Build) -> nx.DiGraph:
    """A DAG over service names: edge B → A (learn B first) with weight, reason, evidence."""
    cached = build.cache.get("prereq_graph")
    if cached is not None:
        return cached
    first = _first_teaching(build)
    introduced = {service: concept["order"] for service, concept in first.items()}
    g = nx.DiGraph()
    for p in (
        _relation_prereqs(build, introduced)
        + _mention_prereqs(build, introduced)
        + _section_prereqs(build, first)
    ):
        if p.before == p.after:
            continue
        if g.has_edge(p.before, p.after):
            data = g.edges[p.before, p.after]
            # Relations explain better than mention counts; keep the strongest reason. What
            # holds for the whole service outranks a placement, whatever their weights.
            if (p.placement, -p.weight) < (data["placement"], -data["weight"]):
                data.update(
                    weight=p.weight, reason=p.reason, evidence=p.evidence, placement=p.placement
                )
            continue
        g.add_edge(
            p.before, p.after, weight=p.weight, reason=p.reason, evidence=p.evidence,
            placement=p.placement,
        )  # fmt: skip
    _break_cycles(g, introduced)
    for node in g:
        g.nodes[node]["introduced"] = introduced.get(node)
    build.cache["prereq_graph"] = g
    return g


def _break_cycles(g: nx.DiGraph, first: dict[str, int]) -> None:
    late = 10**9
    while True:
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            return
        weakest = min(
            cycle,
            key=lambda e: (g.edges[e[0], e[1]]["weight"], -first.get(e[0], late), e[0], e[1]),
        )
        g.remove_edge(weakest[0], weakest[1])
