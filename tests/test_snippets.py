"""Pieces of slide text for a reader (graph/snippets.py): cut at words, links kept."""

import pytest

from graph.snippets import escape_md, links, pieces, shorten, to_markdown, without_paths


def test_a_long_text_is_cut_at_a_word_with_an_ellipsis():
    text = "Queues decouple producers from consumers so either side can fail alone"
    cut = shorten(text, 30)
    assert cut == "Queues decouple producers…"
    assert len(cut) <= 30 and text.startswith(cut[:-1])
    assert shorten(text, len(text)) == text


def test_a_cut_leaves_no_dangling_separator():
    assert shorten("Retries: three, then a dead letter queue", 16) == "Retries: three…"
    assert shorten("Step one – then step two", 12) == "Step one…"


def test_a_cut_never_splits_a_link():
    text = "Read the guide at https://docs.example.com/queues/visibility-timeout.html today"
    cut = shorten(text, 40)
    assert cut == "Read the guide at…"
    # A link that starts the text is kept whole rather than cut.
    assert shorten("https://docs.example.com/a/very/long/path/page.html and more", 20) == (
        "https://docs.example.com/a/very/long/path/page.html…"
    )


def test_a_single_long_word_is_cut_inside():
    assert shorten("x" * 50, 10) == "x" * 9 + "…"


def test_links_are_found_without_sentence_punctuation_or_export_escapes():
    text = r"See https://example.com/guide_v2/A\_B.html, or www.example.org/faq."
    assert links(text) == ["https://example.com/guide_v2/A_B.html", "https://www.example.org/faq"]


def test_search_marks_inside_a_link_do_not_break_it():
    kinds = [
        (p.kind, p.text) for p in pieces("open https://example.com/**queue**/x for **queue** tips")
    ]
    assert kinds == [
        ("text", "open "),
        ("link", "https://example.com/queue/x"),
        ("text", " for "),
        ("strong", "queue"),
        ("text", " tips"),
    ]


def test_markdown_keeps_links_clickable_and_shows_everything_else_as_written():
    md = to_markdown("Docs: https://example.com/a_b. **Lambda** <b>x</b> :red[y] [z](javascript:1)")
    assert "[https\\://example\\.com/a\\_b](https://example.com/a_b)" in md
    assert "**Lambda**" in md
    # Markup typed in notes is escaped, so none of it renders as markup or a link.
    assert "\\<b\\>" in md and "\\:red\\[y\\]" in md and "\\[z\\]\\(javascript\\:1\\)" in md


def test_only_web_addresses_become_links():
    assert links("javascript:alert(1) file:///etc/passwd ftp://x.y") == []
    assert links("version 1.2/3 and a/b") == []


@pytest.mark.parametrize(
    "message, shown",
    [
        ("cannot read /srv/kg/uploads/3f/notes/a.md: denied", "cannot read a.md: denied"),
        ("no build at data/build; run `kg ingest`", "no build at build; run `kg ingest`"),
        ("'/tmp/x/my notes.md' is empty", "'/tmp/x/my notes.md' is empty".replace("/tmp/x/", "")),
        ("see https://example.com/a/b.", "see https://example.com/a/b."),
        ("3/4 of the files", "3/4 of the files"),
    ],
)
def test_messages_lose_server_paths(message, shown):
    assert without_paths(message) == shown


def test_escape_md_escapes_streamlit_directives():
    assert escape_md(":material/home: :red[x]") == "\\:material/home\\: \\:red\\[x\\]"
