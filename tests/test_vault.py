"""Obsidian vaults: front matter tags and aliases, [[wikilinks]] as links_to edges, #tags to
filter search, callouts as text, embeds of pictures left out, dot-folders ignored. The vault
is written here, in our own words."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli
from ingest.slides import parse_markdown

NOTES = {
    "Queues.md": """---
tags: [messaging, exam/week-2]
aliases: [Message queue, Work queue]
---
# Queues

A queue holds work until a worker is free. See [[Topics]] for pushing to many readers,
and [[Retries#Backoff|how long to wait]] when a call fails.

## Visibility

A message being worked on is hidden for a while, then it comes back. #todo
""",
    "Topics.md": """---
tags: messaging
---
# Topics

A topic pushes each message to every subscriber. Compare with [[Queues]] and
[[Streams]].

> [!tip] Fan out
> One topic in front of several queues gives each reader its own copy.

![[fan-out.png]]
""",
    "Retries.md": """# Retries

Failed calls are tried again.

## Backoff

Each attempt waits twice as long as the one before, with a little jitter. Back to
[[Queues]].
""",
    "Broken.md": """---
tags: [oops
---
# Broken front matter

Its text is still read: idempotent consumers make a retried message harmless.
""",
    ".obsidian/workspace.md": "# Workspace\n\nEditor state, not a note.\n",
    ".trash/Gone.md": "# Gone\n\nA note that was deleted.\n",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    folder = tmp_path_factory.mktemp("vault")
    for name, text in NOTES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "fan-out.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


@pytest.fixture(scope="module")
def built(vault, tmp_path_factory, cache_dir):
    out = tmp_path_factory.mktemp("vault-build") / "build"
    result = CliRunner().invoke(cli, ["ingest", str(vault), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_front_matter_gives_tags_and_aliases_and_keeps_line_numbers():
    parsed, warnings = parse_markdown(NOTES["Queues.md"], "Queues.md", "Queues")
    assert warnings == []
    first, second = parsed.slides
    assert first.tags == ("messaging", "exam/week-2", "todo")  # inline #todo too
    assert first.aliases == ("Message queue", "Work queue")
    assert (first.title, first.line_start) == ("Queues", 5)
    assert (second.title, second.line_start) == ("Visibility", 10)


def test_wikilinks_read_as_their_text_and_are_listed_with_their_lines():
    parsed, _ = parse_markdown(NOTES["Queues.md"], "Queues.md", "Queues")
    assert parsed.slides[0].blocks[0].text == (
        "A queue holds work until a worker is free. See Topics for pushing to many readers, "
        "and how long to wait when a call fails."
    )
    assert [(link.target, link.heading, link.line) for link in parsed.links] == [
        ("Topics", "", 7),
        ("Retries", "Backoff", 8),
    ]


def test_callouts_are_text_and_picture_embeds_are_left_out():
    parsed, _ = parse_markdown(NOTES["Topics.md"], "Topics.md", "Topics")
    text = " ".join(b.text for s in parsed.slides for b in s.blocks)
    assert "Fan out One topic in front of several queues" in text
    assert "[!tip]" not in text and "fan-out.png" not in text
    assert [link.target for link in parsed.links] == ["Queues", "Streams"]


def test_tags_and_links_inside_code_stay_code():
    parsed, _ = parse_markdown("# Code\n\nRun `grep #notag [[NoLink]]` here.\n", "c.md", "c")
    assert parsed.links == [] and parsed.slides[0].tags == ()


def test_links_become_concept_edges_both_ways_through_a_cycle(built):
    from graph.store import load_build

    build = load_build(built[0])
    g = build.graph

    def concept(title):
        return next(n for n, d in build.nodes_of("concept") if d["title"] == title)

    edges = {(g.nodes[u]["title"], g.nodes[v]["title"])
             for u, v, d in g.edges(data=True) if d["kind"] == "links_to"}  # fmt: skip
    # Queues → Topics → Queues is a cycle; [[Retries#Backoff]] lands on the Backoff section.
    assert {("Queues", "Topics"), ("Topics", "Queues"), ("Queues", "Backoff"),
            ("Backoff", "Queues")} <= edges  # fmt: skip
    assert g.has_edge(concept("Queues"), concept("Topics"), key="links_to")
    assert build.manifest["counts"]["links"] == len(edges)


def test_dot_folders_are_ignored_and_bad_front_matter_is_one_line(built):
    out, said = built
    manifest = json.loads((out / "manifest.json").read_text())
    names = sorted(s["path"].rsplit("/", 1)[-1] for s in manifest["sources"])
    assert names == ["Broken.md", "Queues.md", "Retries.md", "Topics.md"]
    warnings = [ln for ln in said.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "Broken.md: front matter is not valid YAML" in warnings[0]


def test_stats_lists_tags_and_links_to_missing_notes(built):
    result = CliRunner().invoke(cli, ["stats", "--build", str(built[0])])
    assert "#messaging (2)" in result.output
    assert "links to notes that do not exist: 1" in result.output
    assert "Topics.md:7  [[Streams]]" in result.output
    data = json.loads(CliRunner().invoke(cli, ["stats", "--json", "--build", str(built[0])]).output)
    assert [link["target"] for link in data["unresolved_links"]] == ["Streams"]


def test_search_filters_by_tag_nested_tags_included(built):
    from graph.search import Searcher, UnknownFilter
    from graph.store import load_build

    searcher = Searcher(load_build(built[0]))
    everything = searcher.search("retry a failed message", k=10)
    assert {h.title for h in everything} >= {"Backoff", "Broken front matter"}
    tagged = searcher.search("retry a failed message", k=10, tags=["exam"])
    assert tagged and {h.source.rsplit("/", 1)[-1] for h in tagged} == {"Queues.md"}
    assert all("exam/week-2" in h.tags for h in tagged)
    with pytest.raises(UnknownFilter, match="did you mean #messaging"):
        searcher.search("anything", tags=["#mesaging"])


def test_an_alias_finds_its_note(built):
    from graph.lookup import resolve
    from graph.search import Searcher
    from graph.store import load_build

    build = load_build(built[0])
    assert Searcher(build).search("work queue", k=1)[0].title == "Queues"
    assert build.graph.nodes[resolve(build, "message queue")]["title"] == "Queues"


def test_a_concept_shows_its_links_and_explore_draws_them(built):
    from graph.neighbours import neighbourhood
    from graph.store import load_build

    build = load_build(built[0])
    shown = CliRunner().invoke(cli, ["show", "Queues", "--build", str(built[0])])
    assert "links to: Topics" in shown.output and "linked from: Topics" in shown.output
    queues = next(n for n, d in build.nodes_of("concept") if d["title"] == "Queues")
    hood = neighbourhood(build, queues)
    drawn = {(e["source"], e["target"]) for e in hood.edges if e["kind"] == "links_to"}
    topics = next(n for n, d in build.nodes_of("concept") if d["title"] == "Topics")
    assert {(queues, topics), (topics, queues)} <= drawn
