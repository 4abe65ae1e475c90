"""Markdown → slides: both styles, exact line spans, heading paths, cleaning."""

from ingest.slides import MAX_TITLE_CHARS, parse_markdown

DECK = """# First slide

- one point
- another point

# Second slide

## A subtitle inside

Some text with 3<sup>rd</sup> party and a price of \\$5.

```python
print("kept")
```

| Col A | Col B |
|-------|-------|
| left  | right |
"""

NOTES = """# Databases

Intro words about databases in general that are long enough to stand alone here ok.

## Tables

### Keys

Every item has a partition key and maybe a sort key which orders items in a partition.

### Tiny

Short.

## Streams

Changes to a table are recorded in order and can be read by a consumer for a day.
"""


def test_deck_style_splits_on_h1_and_keeps_subtitles_inside():
    parsed, warnings = parse_markdown(DECK, "deck.md", "deck")
    assert parsed.style == "deck"
    assert [s.title for s in parsed.slides] == ["First slide", "Second slide"]
    first, second = parsed.slides
    assert (first.line_start, first.line_end) == (1, 4)
    assert second.line_start == 6
    assert second.line_end == 18  # last table row
    kinds = [b.kind for b in second.blocks]
    assert kinds[0] == "heading" and "code" in kinds and "table" in kinds
    assert warnings == []


def test_cleaning_removes_html_and_escapes_but_keeps_code_and_cells():
    parsed, _ = parse_markdown(DECK, "deck.md", "deck")
    body = parsed.slides[1].body
    assert "3rd party" in body
    assert "$5" in body and "\\$" not in body
    assert 'print("kept")' in body
    assert "left | right" in body


def test_notes_style_has_heading_paths_and_folds_tiny_sections():
    parsed, _ = parse_markdown(NOTES, "notes.md", "notes")
    assert parsed.style == "notes"
    paths = [" › ".join(s.heading_path) for s in parsed.slides]
    assert paths == ["Databases", "Databases › Tables › Keys", "Databases › Streams"]
    keys = parsed.slides[1]
    # "Tiny" folded into the Keys section above it, extending its line span.
    assert "Short." in keys.body
    assert (keys.line_start, keys.line_end) == (7, 13)


def test_line_spans_point_at_the_heading_line():
    parsed, _ = parse_markdown(NOTES, "notes.md", "notes")
    lines = NOTES.split("\n")
    for slide in parsed.slides:
        assert lines[slide.line_start - 1].lstrip("#").strip() == slide.heading_path[-1]


def test_text_without_headings_is_one_slide_named_after_the_file():
    parsed, _ = parse_markdown("just some words\n\nand more", "plain.md", "plain")
    assert [s.title for s in parsed.slides] == ["plain"]
    assert parsed.slides[0].line_start == 1


def test_huge_heading_is_cut_with_a_warning():
    text = "# " + "x" * 10_000 + "\n\nbody\n"
    parsed, warnings = parse_markdown(text, "big.md", "big")
    assert len(parsed.slides[0].title) == MAX_TITLE_CHARS
    assert any("cut" in w.message for w in warnings)


def test_malformed_markdown_does_not_crash():
    text = "# ok\n\n```\nunclosed fence\n\n| a |\n|---\n<div><b>x\n* [link](\n"
    parsed, _ = parse_markdown(text, "bad.md", "bad")
    assert parsed.slides and parsed.slides[0].title == "ok"


def test_a_heading_of_pure_markup_is_kept_as_literal_text():
    parsed, _ = parse_markdown("# <img src=x onerror=alert(1)>\n\nbody text\n", "x.md", "x")
    assert parsed.slides[0].title == "<img src=x onerror=alert(1)>"


def test_deeply_nested_lists_and_quotes_lose_nothing():
    # markdown-it's default limit dropped everything below ten nested lists, and the rest
    # of the file after them, without a word.
    lists = "".join("  " * i + f"- level{i}\n" for i in range(30))
    quotes = "".join(">" * i + f" quote{i}\n\n" for i in range(1, 30))
    text = f"# Deep\n\n{lists}\nAfter the list.\n\n{quotes}\nThe end.\n"
    parsed, warnings = parse_markdown(text, "deep.md", "deep")
    body = " ".join(s.body for s in parsed.slides)
    assert all(f"level{i}" in body for i in range(30))
    assert all(f"quote{i}" in body for i in range(1, 30))
    assert "After the list." in body and "The end." in body and not warnings


def test_what_is_still_too_deep_is_reported():
    lists = "".join("  " * i + f"- level{i}\n" for i in range(80))
    _, warnings = parse_markdown(f"# Deep\n\n{lists}\nThe end.\n", "deep.md", "deep")
    assert len(warnings) == 1 and "deep.md" in str(warnings[0]) and "not read" in str(warnings[0])
