"""Slides → concepts and chunks: merging one topic, sizing chunks for the model."""

import itertools

from ingest.catalog import load_catalog
from ingest.concepts import MAX_CHUNK_WORDS, build_concepts, chunk_concepts
from ingest.sections import assign_sections
from ingest.slides import parse_markdown

DECK = """# Queues Section

Messaging Between Services

# Message Queue (v2)

- SQS keeps messages until a consumer deletes them

# Message Queue (v2)

## Ordering

- FIFO keeps order

# Message Queue (v2): Limits

- messages up to 256 KB

# Notifications

- SNS pushes to subscribers
"""


def _concepts(text):
    catalog = load_catalog()
    parsed, _ = parse_markdown(text, "deck.md", "deck")
    sections = assign_sections(parsed, 0, catalog)
    concepts = build_concepts(parsed.slides, catalog, 0, sections)
    return catalog, parsed, {s.id: s for s in sections}, concepts


def test_consecutive_slides_on_one_topic_form_one_concept():
    _, _, _sections, concepts = _concepts(DECK)
    titles = [(c.title, len(c.slides)) for c in concepts]
    assert titles == [("Queues Section", 1), ("Message Queue (v2)", 3), ("Notifications", 1)]
    assert concepts[1].about == "SQS"
    assert concepts[2].about == "SNS"


ROUTING = """# Route 53 Section

Domain names

# Weighted Routing Policy

- send a share of the requests to each record

# Health checks

- mark an endpoint unhealthy after three failed checks

# Alias records

- an alias record can target an ELB or an ALB, or a CloudFront distribution

# CDN Section

Edge caching

# Cache keys

- what the edge uses to tell two requests apart
"""


def test_a_concept_naming_no_service_is_about_its_sections_service():
    _, _, _, concepts = _concepts(ROUTING)
    about = {c.title: c.about for c in concepts}
    assert about["Weighted Routing Policy"] == "Route 53"
    assert about["Health checks"] == "Route 53"
    # Other services in the bullets do not take the slide out of its section's topic.
    assert about["Alias records"] == "Route 53"
    # "CDN" is an everyday word, not a name: a section title must name the service.
    assert about["Cache keys"] is None
    assert not concepts[1].services  # inherited topic, not a counted mention


def test_a_section_heading_naming_several_services_gives_none_its_topic():
    _, _, _, concepts = _concepts(
        "# SQS and SNS Section\n\nMessaging\n\n# Fan-out\n\n"
        "- SNS copies each message to every subscriber, and SNS retries failed deliveries\n"
    )
    # The heading names peers: the slide is about what its bullets name, not the first peer.
    assert {c.title: c.about for c in concepts}["Fan-out"] == "SNS"


def test_a_build_keeps_the_services_each_section_heading_names_in_order(tmp_path):
    from graph.store import load_build
    from ingest.build import build

    (tmp_path / "deck.md").write_text(
        "# Messaging Section\n\nSQS, SNS & Kinesis\n\n# Fan-out\n\n- one to many\n\n"
        "# Amazon S3 Section\n\nStorage\n\n# Buckets\n\n- names are global\n"
    )
    build([tmp_path / "deck.md"], tmp_path / "build")
    graph = load_build(tmp_path / "build").graph
    named = {d["title"]: d["services"] for _, d in graph.nodes(data=True) if d["kind"] == "section"}
    # Prerequisites read these rather than the heading: one reading of a heading for both.
    assert named == {"Messaging Section": ["SQS", "SNS", "Kinesis"], "Amazon S3 Section": ["S3"]}


def test_an_inherited_topic_links_the_concept_to_a_full_service_node(tmp_path):
    from graph.store import load_build
    from ingest.build import build

    (tmp_path / "routing.md").write_text(ROUTING)
    build([tmp_path / "routing.md"], tmp_path / "build")
    graph = load_build(tmp_path / "build").graph
    assert graph.has_edge("concept:1", "service:Route 53", key="about")
    assert all("kind" in data for _, data in graph.nodes(data=True))
    assert graph.nodes["service:Route 53"]["full"] == "Amazon Route 53"


def test_section_title_slide_opens_a_section():
    _, _parsed, sections, _ = _concepts(DECK)
    assert [s.title for s in sections.values()] == ["Queues Section"]
    assert sections["section:0"].subtitle == "Messaging Between Services"


def test_slides_before_the_first_section_are_named_after_the_cover():
    lead = "# Note: these slides are for personal use only\n\n# The Messaging Course\n\n- hello\n\n"
    _, _, sections, _ = _concepts(lead + DECK)
    assert [s.title for s in sections.values()] == ["The Messaging Course", "Queues Section"]


def test_a_deck_without_section_slides_is_one_section_named_after_the_file():
    notes = "# ALB targets\n\n- routes requests\n\n# AWS Lambda\n\n- runs functions\n"
    _, _, sections, _ = _concepts(notes)
    # Not "AWS Lambda": one slide's title would put every slide in the Lambda section.
    assert [s.title for s in sections.values()] == ["deck"]


def test_long_slides_are_split_with_overlap_and_keep_spans():
    bullets = "\n".join(f"- point {i} " + "word " * 20 for i in range(40))
    text = f"# Long\n\n{bullets}\n\n# Next\n\n- x\n"
    catalog, _, sections, concepts = _concepts(text)
    chunks = [c for c in chunk_concepts(concepts, sections, catalog) if c.title == "Long"]
    assert len(chunks) >= 4
    for chunk in chunks:
        assert len(chunk.text.split()) <= MAX_CHUNK_WORDS + 25
    for a, b in itertools.pairwise(chunks):
        assert b.line_start <= a.line_end  # overlap
        assert b.line_end > a.line_end
    assert chunks[0].line_start == 1 and chunks[-1].line_end == 42


NOTES_LISTING_SERVICES = """# Messaging: SQS, SNS and Kinesis

## Dead letters

Messages that keep failing are moved aside to a dead letter queue in SQS for a later look.

## Fan-out

One topic in SNS pushes each message it receives to every subscriber at the same time.

## Shards

A stream in Kinesis is split into shards, and the number of shards sets its throughput.
"""


def test_a_notes_title_listing_services_does_not_tag_every_section_with_them():
    catalog, _, sections, concepts = _concepts(NOTES_LISTING_SERVICES)
    chunks = chunk_concepts(concepts, sections, catalog)
    tagged = {c.title: c.services for c in chunks}
    assert tagged == {"Dead letters": ["SQS"], "Fan-out": ["SNS"], "Shards": ["Kinesis"]}
    assert {c.title: c.about for c in concepts} == {
        "Dead letters": "SQS", "Fan-out": "SNS", "Shards": "Kinesis",
    }  # fmt: skip


def test_a_notes_title_naming_one_service_is_the_topic_of_each_section():
    catalog, _, sections, concepts = _concepts(
        "# Lambda\n\n## Cold starts\n\nThe first call to a new instance is slower.\n"
    )
    chunks = chunk_concepts(concepts, sections, catalog)
    assert chunks[0].services == ["Lambda"] and concepts[0].about == "Lambda"
