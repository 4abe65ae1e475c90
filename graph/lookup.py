"""Finding a node by what a person types: a service name or alias, or a concept title."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from graph.store import Build
from ingest.records import locator

__all__ = [
    "NotFound", "concept_links", "core_concepts", "describe", "introducing_concept", "resolve",
    "service_concepts", "suggestions", "teaching_concepts",
]  # fmt: skip


class NotFound(LookupError):
    """No node has that name; carries the nearest names to suggest."""

    def __init__(self, name: str, nearest: list[str]) -> None:
        hint = f"; did you mean {', '.join(repr(n) for n in nearest)}?" if nearest else ""
        super().__init__(f"nothing named {name!r} in this build{hint}")
        self.name = name
        self.nearest = nearest


@dataclass(frozen=True, slots=True)
class _Names:
    by_lower: dict[str, str]
    labels: list[str]


def _names(build: Build) -> _Names:
    cached = build.cache.get("lookup_names")
    if cached is not None:
        return cached
    by_lower: dict[str, str] = {}
    labels: list[str] = []
    for node, data in build.graph.nodes(data=True):
        if data["kind"] == "service":
            label = data["name"]
        elif data["kind"] == "concept":
            label = data["title"]
            for alias in data.get("aliases", ()):  # a note's other names find it too
                by_lower.setdefault(alias.lower(), node)
        else:
            continue
        by_lower.setdefault(label.lower(), node)
        labels.append(label)
    names = _Names(by_lower, labels)
    build.cache["lookup_names"] = names
    return names


def resolve(build: Build, name: str) -> str:
    """The node id for a service (name, alias, abbreviation) or concept title; any case."""
    text = " ".join(str(name).split())
    if not text:
        raise NotFound(name, [])
    service = build.catalog.resolve(text)
    if service and f"service:{service}" in build.graph:
        return f"service:{service}"
    if text in build.graph and build.graph.nodes[text]["kind"] in ("concept", "service"):
        return text
    names = _names(build)
    node = names.by_lower.get(text.lower())
    if node:
        return node
    raise NotFound(text, suggestions(build, text))


def suggestions(build: Build, text: str, n: int = 5) -> list[str]:
    """Names close to text: close spellings first, then names containing it."""
    names = _names(build)
    close = difflib.get_close_matches(text, names.labels, n=n, cutoff=0.6)
    low = text.lower()
    containing = [label for label in names.labels if low in label.lower() and label not in close]
    return list(dict.fromkeys(close + containing))[:n]


def service_concepts(build: Build, node: str) -> list[dict]:
    """The concepts about a service, in course order, with where to read them."""
    out = []
    for src, _, key in build.graph.in_edges(node, keys=True):
        if key == "about":
            d = build.graph.nodes[src]
            out.append(
                {"concept": src, "title": d["title"], "source": d["source"],
                 "line_start": d["line_start"], "line_end": d["line_end"], **locator(d)}
            )  # fmt: skip
    out.sort(key=lambda d: (d["source"], d["line_start"]))
    return out


def teaching_concepts(
    build: Build, service: str, min_words: int = 0, titled: bool = False
) -> list[dict]:
    """The concepts about a service that teach it: those whose title or heading path names
    it first, then those naming it after another ("S3 – KMS Limitation" for KMS), then the
    rest, each in course order; a section's cover slide after them all, title-only slides
    (fewer than min_words) last resort. titled: only those that name it, if any does."""
    found, rank = _ranked(build, service, min_words)
    if titled and min(rank.values(), default=2) < 2:
        found = [d for d in found if rank[d["id"]] < 2]
    return sorted(found, key=lambda d: (_is_cover(build, d), rank[d["id"]], d["order"]))


def _ranked(build: Build, service: str, min_words: int) -> tuple[list[dict], dict[str, int]]:
    """The concepts about a service (those of min_words, if any) and how their headings
    name it (_naming_rank)."""
    about = [{"id": n, **d} for n, d in build.nodes_of("concept") if d.get("about") == service]
    found = [d for d in about if d.get("words", 0) >= min_words] or about
    return found, {d["id"]: _naming_rank(build, service, _headings(d)) for d in found}


def core_concepts(build: Build, service: str, min_words: int = 0) -> list[dict]:
    """What studying a service covers, in course order: the concepts about it in its own
    sections (those holding a concept whose title or heading path names it first), and
    those elsewhere named after it. A concept about it in another section that is not
    ("DynamoDB Streams & Lambda", a closing "Next steps") belongs to that section's topic."""
    found, rank = _ranked(build, service, min_words)
    home = {d["section"] for d in found if rank[d["id"]] == 0} or {d["section"] for d in found}
    kept = [d for d in found if d["section"] in home or rank[d["id"]] == 0]
    return sorted(kept, key=lambda d: d["order"])


def introducing_concept(build: Build, service: str, min_words: int = 0) -> dict | None:
    """The concept that introduces a service: the first in course order whose title or
    heading path names it first ("AWS SQS"; "Elastic Beanstalk › A managed platform" in
    notes with a heading per service), else one naming it after another, else one about
    it; never a section's cover; None if no concept of min_words or more does."""
    entry = build.catalog.services[service]
    # A plain substring test first: matching every title against the catalog costs.
    keys = {k.lower() for k in (entry.name, entry.full, *entry.aliases, *entry.abbr)}
    best: tuple[int, int, str] | None = None
    for node, d in build.nodes_of("concept"):
        if d.get("words", 0) < min_words or _is_cover(build, d):
            continue
        texts = [t for t in _headings(d) if _names_any(t, keys)]
        rank = _naming_rank(build, service, texts)
        if rank == 2 and d.get("about") != service:
            continue
        if best is None or (rank, d["order"], node) < best:
            best = (rank, d["order"], node)
    return None if best is None else {"id": best[2], **build.graph.nodes[best[2]]}


def _headings(concept: dict) -> list[str]:
    """A concept's title and its first slide's heading path ("Lambda › Serverless functions"
    in notes with a heading per service), which say what it teaches."""
    slides = concept.get("slides") or [{"heading_path": [concept["title"]]}]
    return [concept["title"], " ".join(slides[0]["heading_path"])]


def _is_cover(build: Build, concept: dict) -> bool:
    """True for a section's cover: the concept opening the section under the section's own
    title ("Route 53 Section"), whose bullets list what is to come rather than teach it."""
    section = build.graph.nodes.get(concept.get("section"), {})
    return concept["line_start"] == section.get("line_start") and (
        concept["title"].strip().lower() == str(section.get("title", "")).strip().lower()
    )


def _names_any(text: str, keys: set[str]) -> bool:
    low = text.lower()
    return any(k in low for k in keys)


def _naming_rank(build: Build, service: str, texts: list[str]) -> int:
    """0 if one of the texts names the service first, 1 if one names it after another, else 2."""
    rank = 2
    for text in texts:
        named = [m.service for m in build.catalog.mentions(text)]
        if named[:1] == [service]:
            return 0
        if service in named:
            rank = 1
    return rank


def describe(build: Build, node: str) -> dict:
    """A node's attributes for display, with its id; a service also gets its concepts and
    its relations (out and in, by type), a concept the notes it links to and is linked from."""
    from graph.relations import service_relations

    data = dict(build.graph.nodes[node])
    data["id"] = node
    if data.get("kind") == "service":
        data["concepts"] = service_concepts(build, node)
        data["relations"] = service_relations(build, data["name"])
    elif data.get("kind") == "concept":
        data["links"] = concept_links(build, node)
    return data


def concept_links(build: Build, node: str) -> dict[str, list[dict]]:
    """The concepts a concept's [[links]] lead to ("out") and come from ("in")."""
    g = build.graph
    found: dict[str, list[dict]] = {"out": [], "in": []}
    for side, edges in (("out", g.out_edges(node, keys=True)), ("in", g.in_edges(node, keys=True))):
        for u, v, key in edges:
            if key == "links_to":
                other = v if side == "out" else u
                d = g.nodes[other]
                found[side].append({"concept": other, "title": d["title"], "source": d["source"],
                                     "line_start": d["line_start"], "line_end": d["line_end"],
                                     **locator(d)})  # fmt: skip
    return found
