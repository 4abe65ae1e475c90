"""Streamlit front end over `graph`: search, a slide, explore, services, study plans, notes.

A multipage app (st.navigation): each page has its own address (`/explore?node=SQS`), and
the addresses of the one-page app before it (`/?page=Explore&node=SQS`) still lead there.
Everything shown comes from `graph`; this file only lays it out. Titles and notes are user
content: they go through `escape_md`/`to_markdown` (markdown) or `plain` (the graph
component, which writes node properties as HTML) and never through `unsafe_allow_html`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import shutil
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import streamlit as st

from graph import BuildError, Searcher, SearchError, load_build
from graph.citation import Citation, cite, document_names, merged_labels, slide_index
from graph.layout import LabelBox, spread
from graph.limits import MAX_UPLOAD_FILES, MAX_UPLOAD_MB
from graph.lookup import NotFound, describe, resolve, service_concepts
from graph.neighbours import neighbourhood, service_map
from graph.progress import ProgressError, ProgressStore
from graph.readings import Reading, edge_between, phrase, read_edge, service_readings
from graph.relations import RELATION_TYPES, relation_counts
from graph.slideview import SlideNotFound, slide_view
from graph.snippets import escape_md, shorten, to_markdown, without_paths
from graph.study import StudyError, plan_study
from ingest.vocabulary import relation_type

ROOT = Path(__file__).resolve().parent
BUILD = Path(os.environ.get("KG_BUILD", ROOT / "data" / "build"))
# Uploads get folders of their own, apart from builds made with `kg ingest --out data/builds/…`:
# each upload is one build, and older ones beyond KEEP_NOTE_BUILDS are removed.
NOTES_BUILDS = Path(os.environ.get("KG_UPLOADS", ROOT / "data" / "builds" / "uploads"))
KEEP_NOTE_BUILDS = 5
SAMPLE_NOTES = ROOT / "data" / "sample-notes"
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# A saved note's name is cut to this many characters (a browser may send any name).
MAX_NOTE_NAME = 100
LOG = logging.getLogger("studykg.app")

# Services are coloured by what they are for, everywhere (graph, badges, legend): the
# catalog's eleven categories share seven of Streamlit's named colours by kinship (eleven
# hues are hard to tell apart on a small graph); the graph draws them in the same hues.
CATEGORY_COLOURS = {
    "Compute": "red", "Containers": "red", "Storage": "blue", "Database": "blue",
    "Networking": "violet", "Security": "orange", "Integration": "green",
    "Analytics": "green", "Monitoring": "yellow", "Management": "yellow",
    "Developer Tools": "gray",
}  # fmt: skip
HEX = {
    "red": "#ff4b4b", "blue": "#1c83e1", "violet": "#803df5", "orange": "#ff8700",
    "green": "#21c354", "yellow": "#e8c000", "gray": "#808495",
}  # fmt: skip
CONCEPT_HEX, SECTION_HEX = "#31333f", "#a3a8b8"
# A neighbourhood shows at most this many nodes, the nearest first and services before
# slides; what is left out is said under it.
GRAPH_CAP = 25
# The picked node's edges carry their relation in words when it has at most this many.
LABELLED_EDGES = 12
RESULTS = 10


# -- text ---------------------------------------------------------------------------
def plain(text) -> str:
    """Text for the graph component, which renders node properties as HTML: angle brackets,
    which could open markup, become look-alikes, so it always shows as text. "&" stays: an
    entity only ever decodes to text, and a full-width look-alike has no glyph in common
    Linux fonts (the canvas drew "Queues & Lambda" with a missing-glyph box)."""
    return str(text).replace("<", "‹").replace(">", "›")


def colour_of(category: str | None) -> str:
    return CATEGORY_COLOURS.get(category or "", "gray")


def badge(name: str, category: str | None) -> str:
    """A service as a coloured badge (markdown), its colour its category's."""
    return f":{colour_of(category)}-badge[{escape_md(name)}]"


def service_badges(build, names: list[str]) -> str:
    nodes = build.graph.nodes
    return " ".join(badge(n, nodes.get(f"service:{n}", {}).get("category")) for n in names)


def legend(categories: list[str]) -> str:
    """The colour key for the categories shown, as badges."""
    groups: dict[str, list[str]] = {}
    for category in CATEGORY_COLOURS:
        if category in categories:
            groups.setdefault(colour_of(category), []).append(category)
    return " ".join(f":{c}-badge[{escape_md(', '.join(names))}]" for c, names in groups.items())


def relevance(score: float, best: float) -> str:
    """A hit's score as a bar relative to the first hit's (raw scores mean nothing to a
    reader)."""
    filled = max(1, round(5 * score / best)) if best > 0 else 1
    return "▰" * min(filled, 5) + "▱" * (5 - min(filled, 5))


def say(message) -> str:
    """An error message for the page: no server path, markdown shown literally."""
    return escape_md(without_paths(str(message)))


# -- loading ------------------------------------------------------------------------
@st.cache_resource(show_spinner="Loading the knowledge graph…")
def load_searcher(path: str, stamp: float) -> Searcher:
    """One engine per build (and per rebuild: the manifest's time is part of the key).

    The graph loads now; the model and the vector index warm up in the background so the
    page is usable at once and the first question does not pay for them. BM25 opens with
    the first question (a tenth of a second): reading its .npy files parses their headers
    with `ast`, and on CPython 3.11 `ast.parse` in two threads at once can fail
    (gh-106905) while Streamlit parses a script.
    """
    searcher = Searcher(load_build(path))
    warm = threading.Thread(
        target=searcher.search, args=("warm up",), kwargs={"mode": "dense"}, daemon=True
    )
    warm.start()
    return searcher


def current_build() -> Path:
    return Path(st.session_state.get("build_dir", BUILD))


def hold_upload() -> None:
    """While this session searches uploaded notes, it holds their build: pruning other
    sessions' uploads never removes it, and it counts as used now."""
    from ingest.buildlock import InUse

    path = current_build()
    hold = st.session_state.get("build_hold")
    if "build_dir" not in st.session_state:
        if hold is not None:
            hold.release()
            del st.session_state["build_hold"]
        return
    if hold is None or hold.path.parent != path.parent:
        st.session_state["build_hold"] = InUse(path)
    else:
        hold.touch()


def open_searcher() -> Searcher | None:
    path = current_build()
    manifest = path / "manifest.json"
    stamp = manifest.stat().st_mtime if manifest.exists() else 0.0
    try:
        return load_searcher(str(path), stamp)
    except BuildError as exc:
        LOG.warning("%s", exc)
        if not manifest.exists():
            st.error("There is nothing to search yet: no notes have been built.")
            st.markdown("Build our sample notes now, or the course slides with `make run`.")
        else:
            st.error(f"These notes cannot be opened: {say(exc)}")
        if st.button("Build the sample notes now", key="build_samples"):
            with st.spinner("Reading and embedding the sample notes…"):
                outcome = build_notes([SAMPLE_NOTES], path)
            if outcome.ok:
                st.rerun()
            st.error(say(outcome.message))
        return None


def engine() -> Searcher | None:
    """The searcher for this session's build, with the sidebar's word on it."""
    hold_upload()
    searcher = open_searcher()
    if searcher is not None and searcher.build.ingest_outdated():
        st.sidebar.warning(
            "These notes were built by an older version of the app; concepts and relations "
            "may be out of date. Build them again (`kg ingest`, or upload them again)."
        )
    return searcher


# -- notes uploaded in the app (no Streamlit calls: this can move to its own process) ---
@dataclass(slots=True)
class BuildOutcome:
    """What a build of notes gave: the build, or why not, and what was skipped."""

    out: Path | None
    message: str
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.out is not None


def upload_problem(files: list[tuple[str, int]]) -> str | None:
    """Why a set of uploads (name, size) is refused, in words; None when it is fine."""
    if len(files) > MAX_UPLOAD_FILES:
        return f"{len(files)} files is too many: upload at most {MAX_UPLOAD_FILES} at a time."
    too_big = [name for name, size in files if size > MAX_UPLOAD_BYTES]
    if too_big:
        return f"Over {MAX_UPLOAD_MB} MB: {', '.join(Path(n).name for n in too_big)}."
    return None


def build_notes(paths: list[Path], out: Path) -> BuildOutcome:
    """Ingest notes into out; a failure leaves any previous build as it was."""
    from ingest.build import build
    from ingest.errors import IngestError

    try:
        summary = build(paths, out)
    except (IngestError, OSError) as exc:
        LOG.warning("build of %s failed: %s", out, exc)
        return BuildOutcome(None, f"Nothing was built: {without_paths(exc)}")
    sections = summary.slides
    message = (
        f"Built {sections} section{'s' * (sections != 1)} in {summary.concepts} "
        f"concept{'s' * (summary.concepts != 1)}, naming {summary.services} "
        f"service{'s' * (summary.services != 1)} and {summary.relations} "
        f"relation{'s' * (summary.relations != 1)}, in {summary.seconds:.0f} s."
    )
    notes = [without_paths(w.message) for w in summary.warnings]
    named = [f"{Path(w.source).name}: {m}" for w, m in zip(summary.warnings, notes, strict=True)]
    return BuildOutcome(out, message, named)


def build_upload(named: list[tuple[str, bytes]], root: Path = NOTES_BUILDS) -> BuildOutcome:
    """Save uploaded notes and build them into a folder of their own under root."""
    from ingest.buildlock import BuildLock, BuildLocked, prune_builds
    from ingest.sources import save_uploads

    problem = upload_problem([(name, len(data)) for name, data in named])
    if problem:
        return BuildOutcome(None, problem)
    named = [(_note_name(name), data) for name, data in named]
    digest = hashlib.sha256()
    for name, data in named:
        digest.update(name.encode("utf-8", "replace") + b"\0" + data + b"\0")
    upload = root / digest.hexdigest()[:12]
    out = upload / "build"
    try:
        # The notes stay beside their build, so every hit's source can be opened again.
        save_uploads(named, upload / "notes")
    except OSError as exc:
        LOG.warning("saving uploads failed: %s", exc)
        return BuildOutcome(None, f"Your notes could not be saved: {without_paths(exc)}")
    outcome = build_notes([upload / "notes"], out)
    if not outcome.ok:
        # Nothing was built: drop the saved notes, unless another session is building them.
        try:
            with BuildLock(out):
                shutil.rmtree(upload, ignore_errors=True)
        except BuildLocked:
            pass
        return outcome
    prune_builds(root, KEEP_NOTE_BUILDS, protect=upload, inner="build")
    return outcome


def _note_name(name: str) -> str:
    """A name the disk takes: the file's own name, its stem cut to MAX_NOTE_NAME."""
    path = Path(str(name).replace("\\", "/"))
    stem, suffix = path.stem[:MAX_NOTE_NAME], path.suffix[:10]
    return f"{stem}{suffix}"


# -- shared pieces ------------------------------------------------------------------
def short_label(build, citation: Citation) -> str:
    """A slide in a list: the document's name is left out when the build has only one."""
    if len(set(slide_index(build).names.values())) > 1:
        return citation.label
    return " · ".join(p for p in (citation.place, citation.title) if p) or citation.label


def brief_label(citation: Citation) -> str:
    """A slide in a narrow card: its number and its own heading ("slide 478 · AWS Lambda",
    "Event source mapping")."""
    own = citation.title.split(" › ")[-1]
    return " · ".join(p for p in (citation.place, own) if p) or citation.label


def slide_link(citation: Citation, label: str | None = None, key_icon: bool = True) -> None:
    """A link that opens a slide in the slide view, named as a reader names it."""
    text = escape_md(label or citation.label)
    if citation.chunk is None:
        st.caption(text)
        return
    st.page_link(
        PAGES["slide"],
        label=text,
        icon=":material/slideshow:" if key_icon else None,
        query_params={"chunk": str(citation.chunk)},
    )


def explore_link(node: str, label: str, icon: str = ":material/hub:") -> None:
    st.page_link(PAGES["explore"], label=escape_md(label), icon=icon, query_params={"node": node})


def service_link(name: str, label: str | None = None) -> None:
    st.page_link(
        PAGES["services"],
        label=escape_md(label or name),
        icon=":material/category:",
        query_params={"service": name},
    )


def reading_block(build, reading: Reading) -> None:
    """A relation in words, its statements under it, each with the slide it stands on."""
    with st.container(border=True):
        st.markdown(f"**{escape_md(reading.sentence)}**")
        for s in reading.statements:
            st.markdown(f"> {to_markdown(s.text)}")
            slide_link(s.citation, short_label(build, s.citation))
        if reading.more:
            st.caption(f"and {reading.more} more statement{'s' * (reading.more != 1)}")


def query_param(name: str, default: str = "") -> str:
    value = st.query_params.get(name, default)
    return value if isinstance(value, str) else default


# -- search -------------------------------------------------------------------------
def search_box() -> str:
    """The query box, drawn before the engine loads so the page is usable at once."""
    if "q" not in st.session_state:
        st.session_state["q"] = query_param("q")
    query = st.text_input(
        "Question or keywords",
        key="q",
        placeholder="e.g. how does my function read from a queue?",
    )
    _focus("Question or keywords")
    return query


def page_search() -> None:
    has_build = (current_build() / "manifest.json").exists()
    query = search_box() if has_build else ""
    searcher = engine()
    if searcher is None:
        return
    build = searcher.build
    services = sorted(d["name"] for _, d in build.nodes_of("service"))
    sections = list(dict.fromkeys(d["title"] for _, d in build.nodes_of("section")))
    with st.expander("Filters"):
        left, mid, right = st.columns([2, 2, 1])
        service = left.selectbox("Service", ["(any)", *services], key="service")
        section = mid.selectbox("Section", ["(any)", *sections], key="section")
        k = right.number_input("Results", min_value=1, max_value=50, value=RESULTS, key="k")
    if not query.strip():
        st.query_params.pop("q", None)
        st.caption(describe_build(build))
        return
    st.query_params["q"] = query
    try:
        hits = searcher.search(
            query,
            k=int(k),
            service=None if service == "(any)" else service,
            section=None if section == "(any)" else section,
        )
    except SearchError as exc:
        st.warning(say(exc))
        return
    search_notes(searcher, query)
    if not hits:
        st.info("Nothing matches: try other words, or fewer filters.")
    best = max((h.score for h in hits), default=0.0)
    for hit in hits:
        hit_card(build, hit, best)


def hit_card(build, hit, best: float) -> None:
    citation = cite(build, hit.source, hit.line_start, hit.line_end)
    with st.container(border=True, key=f"hit_{hit.rank}"):
        st.page_link(
            PAGES["slide"],
            label=f"**{hit.rank}. {escape_md(hit.title)}**",
            icon=":material/slideshow:",
            query_params={"chunk": str(hit.chunk_id)},
        )
        # A file with no sections of its own is a section named after the file: said once.
        section = hit.section if hit.section != citation.document else ""
        where = " · ".join(p for p in (citation.document, citation.place, section) if p)
        st.caption(f"{escape_md(where)} · relevance {relevance(hit.score, best)}")
        if hit.services:
            st.markdown(service_badges(build, hit.services[:8]))
        if hit.snippet:
            st.markdown(to_markdown(hit.snippet))
        explore_link(hit.concept, f"Explore “{hit.concept_title}”")


def describe_build(build) -> str:
    names = sorted(set(document_names(build).values()))
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    slides = len({(c.source, c.heading_path, c.title) for c in build.chunks})
    return f"{slides} slides from {shown}. Type a question and press Enter."


def search_notes(searcher: Searcher, query: str) -> None:
    """What the search did beyond ranking: typos it corrected, an outdated keyword index."""
    fixes = searcher.correct(query).fixes
    if fixes:
        taken = ", ".join(f"{typed} → {fix}" for typed, fix in fixes)
        st.caption(escape_md(f"Typos corrected: {taken}"))
    if searcher.keyword_index_outdated():
        st.caption(
            "These notes were built by an older version, so their keyword index is rebuilt "
            "at every start. Build them again (`kg ingest`) to start faster."
        )


def _focus(label: str) -> None:
    """Put the cursor in the query box when the page opens (a fixed script, no user text).

    The box may mount after this script runs, and a re-render can drop focus back to the
    page, so it tries for three seconds while nothing else has the focus."""
    selector = f'input[aria-label="{label}"]'
    script = (
        "<script>(() => { let left = 60; const tick = () => { "
        f"const box = document.querySelector('{selector}'); "
        "const idle = !document.activeElement || document.activeElement === document.body; "
        "if (box && idle && !box.value) box.focus(); "
        "if (left-- > 0 && (!box || idle || document.activeElement === box)) "
        "setTimeout(tick, 50); }; setTimeout(tick, 50); })();</script>"
    )
    st.html(script, unsafe_allow_javascript=True)


# -- one slide ----------------------------------------------------------------------
def page_slide() -> None:
    searcher = engine()
    if searcher is None:
        return
    build = searcher.build
    chunk = query_param("chunk")
    if not chunk:
        st.info("Open a slide from a search result, a study step or a relation's evidence.")
        st.page_link(PAGES["search"], label="Search", icon=":material/search:")
        return
    try:
        view = slide_view(build, chunk)
    except SlideNotFound:
        st.warning("That slide is not in these notes (they may have been built again).")
        st.page_link(PAGES["search"], label="Search for it", icon=":material/search:")
        return
    st.subheader(escape_md(view.title))
    # Where it is: the document and slide (or a note's heading path), then its section
    # unless that only repeats the document's name or the heading path's first heading.
    c = view.citation
    where = [c.document, c.place or c.title]
    if view.section and view.section not in (c.document, c.title.split(" › ")[0]):
        where.append(f"section {view.section}")
    st.caption(escape_md(" · ".join(p for p in where if p)))
    if view.services:
        st.markdown(" ".join(badge(s["name"], s["category"]) for s in view.services))
    with st.container(border=True):
        lines = [to_markdown(line) for line in view.text.split("\n") if line.strip()]
        st.markdown("  \n".join(lines) or "*(no text on this slide)*")
    left, right = st.columns(2)
    with left:
        st.markdown("**In the course**")
        for c in view.before:
            slide_link(c, "← " + c.label, key_icon=False)
        st.caption(f"● {escape_md(view.citation.label)} (this slide)")
        for c in view.after:
            slide_link(c, c.label + " →", key_icon=False)
    with right:
        st.markdown("**Explore**")
        explore_link(view.concept, f"The concept “{view.concept_title}”")
        for s in view.services[:6]:
            service_link(s["name"], f"{s['name']}: {s['full']}")


# -- the graph ----------------------------------------------------------------------
class _StyleRule:
    """A raw cytoscape style rule, passed where the component expects a style object."""

    def __init__(self, selector: str, style: dict) -> None:
        self.selector, self.style = selector, style

    def dump(self) -> dict:
        return {"selector": self.selector, "style": dict(self.style)}


@functools.cache
def _link_analysis():
    """The graph component, imported on first use."""
    import st_link_analysis as sla

    # 0.4.0 warns that `labeled` is deprecated on every EdgeStyle, passed or not (its default
    # is False, not None), and sets its own filter on import: ours has to come after it.
    warnings.filterwarnings("ignore", message="Paramter `labeled` is deprecated")
    return sla.EdgeStyle, sla.Event, sla.NodeStyle, sla.st_link_analysis


# Positions come from graph.layout (the same each time, no name over another); the browser
# only draws them. The layout's box is about the canvas's inner size.
PRESET = {"name": "preset", "padding": 30, "fit": True, "animate": False}
# The layout's box, about the canvas's inner width: a graph beside its card is about 540
# pixels wide on a laptop, one across the page about 1000.
BESIDE, ACROSS = 540, 1000
EXPLORE_BOX = LabelBox(font=14, wrap=110)
MAP_BOX = LabelBox()
# The component's defaults (3.6-unit captions, hidden under 10 px on screen) left nodes as
# unlabelled dots and edge labels at 4 px. Names are drawn large, the centre stands out,
# nodes two hops away are faded; only the edges of the centre and of the picked node carry
# their relation, at the names' size. Nothing is selectable: a selection would open the
# component's own panel of raw fields; a tap is reported instead, and the picked node is
# drawn ringed. A tool (AWS CLI, SDK) is a grey diamond, apart from the services.
GRAPH_RULES = (
    ("node", {"font-size": 13, "min-zoomed-font-size": 7, "text-wrap": "wrap",
              "text-max-width": EXPLORE_BOX.wrap, "text-events": "yes"}),
    ("node[?center]", {"width": 30, "height": 30, "font-size": 15, "font-weight": "bold"}),
    ("node[hops >= 2]", {"opacity": 0.55, "font-size": 11}),
    ("node[kind = 'tool']", {"shape": "diamond"}),
    ("node[kind = 'feature']", {"shape": "round-rectangle"}),
    ("node[?picked]", {"border-width": 4, "border-color": "#31333f", "opacity": 1}),
    ("edge", {"width": 1.5, "text-events": "yes", "line-color": "#c7cad1",
              "target-arrow-color": "#c7cad1", "control-point-step-size": 70}),
    ("edge[!labelled]", {"label": ""}),
    ("edge[!arrow]", {"target-arrow-shape": "none"}),
    ("edge[?chord]", {"curve-style": "unbundled-bezier", "control-point-distances": 120,
                      "control-point-weights": 0.5}),
    ("edge[?chord][!touching]", {"display": "none"}),
    ("edge[?labelled]", {"font-size": 12, "min-zoomed-font-size": 7, "color": "#31333f",
                         "text-rotation": "none", "text-wrap": "wrap", "text-max-width": 110,
                         "text-background-color": "#ffffff", "text-background-opacity": 0.85,
                         "text-background-padding": 2, "line-color": "#8a8f9c",
                         "target-arrow-color": "#8a8f9c"}),
    ("edge[?picked]", {"width": 3, "line-color": "#31333f", "target-arrow-color": "#31333f"}),
)  # fmt: skip
MAP_RULES = (*GRAPH_RULES, ("node", {"font-size": MAP_BOX.font, "text-max-width": MAP_BOX.wrap}))


@st.cache_data(max_entries=64, show_spinner=False)
def _positions(
    nodes: tuple,
    edges: tuple,
    center: str | None,
    font: float,
    wrap: float,
    width: int,
    height: int,
    groups: tuple,
) -> dict:
    """graph.layout's positions, cached: a depth-3 neighbourhood takes a few tenths of a
    second to untangle, and Streamlit reruns the page on every click."""
    box = LabelBox(font=font, wrap=wrap)
    return spread(list(nodes), list(edges), width, height, box, center, dict(groups))


def node_group(data: dict) -> str:
    """What colours a node: its category's colour for a service, else its kind."""
    if data.get("kind") == "service":
        return "tool" if data.get("service_kind") == "tool" else colour_of(data.get("category"))
    return data.get("kind") or "section"


def elements(build, hood, picked: str = "", positions=None) -> dict:
    """Cytoscape elements: nodes grouped by colour, edges labelled with their relation in
    words (only the centre's and the picked node's are shown)."""
    graph = build.graph
    nodes = []
    for n in hood.nodes:
        data = graph.nodes[n["id"]]
        node = {
            "data": {
                "id": n["id"], "label": node_group(data), "name": plain(n["label"])[:60],
                "center": n["id"] == hood.center, "hops": n.get("hops", 0),
                "kind": data.get("service_kind") or data.get("kind"),
                "picked": n["id"] == picked,
            },
            "selectable": False,
        }  # fmt: skip
        if positions:
            x, y = positions[n["id"]]
            node["position"] = {"x": x, "y": y}
        nodes.append(node)
    return {"nodes": nodes, "edges": pair_edges(hood, picked)}


def pair_edges(hood, picked: str) -> list[dict]:
    """One drawn edge per pair of nodes, however many relations join them (three labels on
    three curves between Lambda and SQS covered each other), labelled with each relation
    in words read from the picked node's side, one a line. Its arrow shows the direction
    when all its relations point one way."""
    pairs: dict[tuple[str, str], list[dict]] = {}
    for e in hood.edges:
        pairs.setdefault(tuple(sorted((e["source"], e["target"]))), []).append(e)
    hops = {n["id"]: n.get("hops", 0) for n in hood.nodes} if hood.center else {}
    touching = [pair for pair in pairs if picked in pair]
    # A node's relations are labelled when they can be read: a hub's forty are not, and its
    # card lists them in words instead.
    labelled = set(touching) if len(touching) <= LABELLED_EDGES else set()
    edges = []
    for (a, b), group in pairs.items():
        side = picked if picked in (a, b) else group[0]["source"]
        words = [
            phrase(e["relation"], forward=e["source"] == side) if e.get("relation") else e["kind"]
            for e in group
        ]
        ways = {(e["source"], e["target"]) for e in group}
        source, target = next(iter(ways)) if len(ways) == 1 else (a, b)
        pid = pair_id(a, b)
        edges.append(
            {
                "data": {
                    "id": pid, "source": source, "target": target, "label": "edge",
                    "words": plain("\n".join(dict.fromkeys(words))),
                    "arrow": len(ways) == 1,
                    "labelled": (a, b) in labelled or pid == picked,
                    # An edge between two nodes of one ring crosses the drawing: shown only
                    # when it touches the picked node, and bowed away from the centre.
                    "chord": bool(hops) and hops.get(a) == hops.get(b) != 0,
                    "touching": picked in (a, b),
                    "picked": pid == picked,
                },
                "selectable": False,
            }
        )  # fmt: skip
    return edges


def pair_id(a: str, b: str) -> str:
    return "pair|" + "|".join(sorted((a, b)))


def draw(build, hood, key: str, picked: str = "", height: int = 520, rules=GRAPH_RULES,
         box=EXPLORE_BOX, width: int = BESIDE):  # fmt: skip
    """The neighbourhood as an interactive graph; returns the id tapped (node or edge),
    once per tap."""
    EdgeStyle, Event, NodeStyle, st_link_analysis = _link_analysis()

    positions = _positions(
        tuple((n["id"], plain(n["label"])[:60]) for n in hood.nodes),
        tuple((e["source"], e["target"]) for e in hood.edges),
        hood.center or None,
        box.font,
        box.wrap,
        width,
        height - 80,
        tuple((n["id"], node_group(build.graph.nodes[n["id"]])) for n in hood.nodes),
    )
    drawn = elements(build, hood, picked, positions)
    groups = {n["data"]["label"] for n in drawn["nodes"]}
    colours = {**HEX, "tool": HEX["gray"], "concept": CONCEPT_HEX, "section": SECTION_HEX}
    node_styles = [NodeStyle(g, colours.get(g, HEX["gray"]), "name") for g in sorted(groups)]
    edge_styles = [EdgeStyle("edge", caption="words", directed=True)]
    edge_styles += [_StyleRule(selector, style) for selector, style in rules]
    event = st_link_analysis(
        drawn,
        layout=PRESET,
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=height,
        key=key,
        events=[Event("tap_node", "tap", "node"), Event("tap_edge", "tap", "edge")],
    )
    return _tapped(event, key)


def _tapped(event, key: str) -> str | None:
    """The id in a tap event the first time it is seen (the component repeats its last
    event on every rerun)."""
    if not isinstance(event, dict):
        return None
    stamp = event.get("timestamp")
    if st.session_state.get(f"tap_{key}") == stamp:
        return None
    st.session_state[f"tap_{key}"] = stamp
    return (event.get("data") or {}).get("target_id")


def graph_caption(build, hood) -> None:
    kinds = Counter(n["kind"] for n in hood.nodes)
    shown = ", ".join(f"{v} {k}{'s' * (v != 1)}" for k, v in sorted(kinds.items()))
    text = f"{shown}, {len(hood.edges)} link{'s' * (len(hood.edges) != 1)}."
    if hood.left_out_kinds:
        more = ", ".join(f"{v} {k}{'s' * (v != 1)}" for k, v in hood.left_out_kinds.items())
        text += f" Left out to keep it readable: {more} (narrow the kinds or the relation)."
    st.caption(text)
    categories = [
        build.graph.nodes[n["id"]].get("category") for n in hood.nodes if n["kind"] == "service"
    ]
    key = legend([c for c in categories if c])
    if any(n["kind"] == "concept" for n in hood.nodes):
        key += " :gray-badge[● slide or concept]"
    kinds_shown = {build.graph.nodes[n["id"]].get("service_kind") for n in hood.nodes}
    if "feature" in kinds_shown:
        key += " :gray-badge[■ feature of a service]"
    if "tool" in kinds_shown:
        key += " :gray-badge[◆ tool]"
    st.markdown(key)


# -- explore ------------------------------------------------------------------------
def page_explore() -> None:
    searcher = engine()
    if searcher is None:
        return
    build = searcher.build
    choices = sorted(d["name"] for _, d in build.nodes_of("service"))
    center = _explore_center(build)
    node = build.graph.nodes[center] if center else {}
    # The box names what is shown (a service; empty for a concept), so a node opened from
    # a link is not overridden by an earlier choice.
    st.session_state["explore_pick"] = node.get("name") if node.get("kind") == "service" else None
    st.selectbox(
        "Service",
        choices,
        index=None,
        placeholder="Choose a service, or tap one on the map",
        key="explore_pick",
        on_change=_picked,
        args=(build,),
    )
    if center is None:
        course_map(build)
        return
    cols = st.columns(3)
    depth = cols[0].slider("Depth", 1, 3, 1, key="depth")
    # Around a service, its slides would bury the services it relates to (Lambda: 134
    # nodes); they are one choice away in the filter, and listed in the card.
    center_kind = node["kind"]
    kinds = cols[1].multiselect(
        "Show",
        ["service", "concept", "section"],
        default=["service"] if center_kind == "service" else ["service", "concept"],
        key=f"kinds_{center_kind}",
        format_func=lambda k: {"service": "services", "concept": "slides", "section": "sections"}[
            k
        ],
        select_all=False,
    )
    labels = {name: relation_type(name).label for name in RELATION_TYPES}
    relation = cols[2].selectbox(
        "Relation", ["(all)", *RELATION_TYPES], key="relation",
        format_func=lambda r: "all relations" if r == "(all)" else labels[r],
    )  # fmt: skip
    hood = neighbourhood(
        build,
        center,
        depth,
        relation=None if relation == "(all)" else relation,
        node_kinds=set(kinds) | {center_kind},
        max_nodes=GRAPH_CAP,
    )
    picked = query_param("pick") or center
    graph_col, card_col = st.columns([2, 1])
    with graph_col:
        tapped = draw(build, hood, f"graph_{center}_{depth}_{relation}_{'_'.join(kinds)}", picked)
        graph_caption(build, hood)
    if tapped:
        picked = tapped
        st.query_params["pick"] = tapped
    with card_col:
        card(build, picked, center)


def course_map(build) -> None:
    """With nothing chosen yet, the most connected services and how they relate; a tap on
    one shows its card, from which it opens."""
    hood = service_map(build)
    if not hood.nodes:
        st.info("These notes relate no services yet: search them, or open a slide.")
        return
    more = f"; {hood.left_out} more in the box above" if hood.left_out else ""
    st.caption(
        f"The {len(hood.nodes)} services with the most relations in these notes, and their "
        f"{len(hood.edges)} relations{more}. Tap a service or a link to read about it."
    )
    picked = query_param("pick")
    graph_col, card_col = st.columns([2, 1])
    with graph_col:
        tapped = draw(build, hood, "course_map", picked, 620, MAP_RULES, MAP_BOX)
        graph_caption(build, hood)
    if tapped:
        picked = tapped
        st.query_params["pick"] = tapped
    with card_col:
        if picked:
            card(build, picked, None)
        else:
            st.info(
                "Tap a service to see what it is, where the course teaches it and how it relates."
            )


def card(build, picked: str, center: str | None) -> None:
    """What was tapped, in words: a node's card or an edge's relation with its evidence."""
    if picked.startswith("pair|"):
        edge_card(build, picked)
    elif picked in build.graph:
        node_card(build, picked, center)


def edge_card(build, picked: str) -> None:
    """Every relation between the two nodes of a tapped edge, in words with its evidence."""
    _, a, b = picked.split("|", 2)
    found = [
        edge
        for source, target in ((a, b), (b, a))
        for key in build.graph.get_edge_data(source, target, default={})
        if key.startswith("relation:")
        and (edge := edge_between(build, source, target, key.removeprefix("relation:")))
    ]
    if not found:
        names = [build.graph.nodes.get(n, {}).get("title", n) for n in (a, b)]
        st.markdown(f"**{escape_md(names[0])}** and **{escape_md(names[1])}**")
        st.caption("Linked in the notes' structure (a section, a slide and its services).")
        return
    for edge in found:
        reading_block(build, read_edge(build, edge, limit=5))


def node_card(build, node: str, center: str | None) -> None:
    data = describe(build, node)
    kind = data["kind"]
    with st.container(border=True):
        if kind == "service":
            service_card(build, data, build.graph.nodes.get(center or "", {}).get("name"))
        elif kind == "concept":
            concept_card(build, data)
        else:
            st.markdown(f"**{escape_md(data.get('title', ''))}**")
            st.caption("A section of the notes")
        if node != center:
            explore_link(node, "Put it at the centre", ":material/center_focus_strong:")


def service_card(build, data: dict, centre: str | None = None) -> None:
    name = data["name"]
    st.markdown(f"### {escape_md(name)}")
    kind = {"tool": "a tool", "feature": "a feature"}.get(data.get("service_kind"), "a service")
    st.markdown(f"{escape_md(data['full'])} · {badge(data['category'], data['category'])} · {kind}")
    concepts = data["concepts"]
    if concepts:
        st.markdown(f"**Taught in {len(concepts)} concept{'s' * (len(concepts) != 1)}**, first:")
        for c in concepts[:3]:
            cited = cite(build, c["source"], c["line_start"], c["line_end"])
            slide_link(cited, brief_label(cited))
    # How it relates to the service at the centre first: what a tap asks.
    readings = sorted(service_readings(build, name, limit=1), key=lambda r: r.other != centre)
    if readings:
        st.markdown("**Relations**")
        for r in readings[:6]:
            st.markdown(f"- {escape_md(r.sentence)}")
        if len(readings) > 6:
            st.caption(f"and {len(readings) - 6} more")
    service_link(name, f"All about {name}")


def concept_card(build, data: dict) -> None:
    st.markdown(f"### {escape_md(data['title'])}")
    section = build.graph.nodes.get(data.get("section"), {}).get("title", "")
    about = data.get("about")
    st.caption(escape_md(" · ".join(p for p in ("concept", section) if p)))
    if about:
        st.markdown("About " + service_badges(build, [about]))
    others = [s for s in data.get("services", {}) if s != about][:8]
    if others:
        st.markdown("Names " + service_badges(build, others))
    cited = [
        cite(build, s["source"], s["line_start"], s["line_end"]) for s in data.get("slides", [])
    ]
    st.markdown(f"**{len(cited)} slide{'s' * (len(cited) != 1)}**")
    for c in cited[:8]:
        slide_link(c, brief_label(c))
    if len(cited) > 8:
        st.caption(f"and {len(cited) - 8} more")


def _explore_center(build) -> str | None:
    """The node to show: the URL's, else the last one shown in this session."""
    wanted = query_param("node")
    if wanted:
        try:
            node = resolve(build, wanted)
        except NotFound as exc:
            st.warning(say(exc))
        else:
            _centre_on(node)
            return node
    last = st.session_state.get("explore_center")
    return last if last in build.graph else None  # another build's node is forgotten


def _picked(build) -> None:
    """The service box changed: show that service."""
    pick = st.session_state.get("explore_pick")
    if pick:
        _centre_on(resolve(build, pick))
        st.query_params.pop("pick", None)


def _centre_on(node: str) -> None:
    """Make a node the explorer's centre, for this session and in the URL (shareable)."""
    st.session_state["explore_center"] = node
    st.query_params["node"] = node


# -- services -----------------------------------------------------------------------
def page_services() -> None:
    searcher = engine()
    if searcher is None:
        return
    build = searcher.build
    counts = relation_counts(build)
    taught = Counter(d.get("about") for _, d in build.nodes_of("concept"))
    rows = sorted(
        (
            {
                "service": d["name"],
                "category": d["category"],
                "concepts": taught.get(d["name"], 0),
                "relations": counts.get(d["name"], 0),
            }
            for _, d in build.nodes_of("service")
        ),
        key=lambda r: (r["category"], -r["relations"], r["service"]),
    )
    names = [r["service"] for r in rows]
    wanted = query_param("service")
    chosen = _service_named(build, wanted) if wanted else None
    st.caption("Tap a row to read about a service.")
    event = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=280,
        on_select="rerun",
        selection_mode="single-row",
        key="services_table",
        column_config={
            "service": "Service",
            "category": "Category",
            "concepts": st.column_config.NumberColumn("Concepts", help="Concepts about it"),
            "relations": st.column_config.NumberColumn("Relations", help="Typed relations"),
        },
    )
    rows_picked = event.selection.rows if event is not None else []
    if rows_picked and st.session_state.get("services_row") != rows_picked[0]:
        chosen = names[rows_picked[0]]
        st.session_state["services_row"] = rows_picked[0]
    if not chosen:
        return
    st.query_params["service"] = chosen
    service_page(build, chosen)


def _service_named(build, wanted: str) -> str | None:
    try:
        node = resolve(build, wanted)
    except NotFound as exc:
        st.warning(say(exc))
        return None
    data = build.graph.nodes[node]
    return data["name"] if data["kind"] == "service" else None


def service_page(build, name: str) -> None:
    data = describe(build, f"service:{name}")
    kind = {"tool": "tool", "feature": "feature"}.get(data.get("service_kind"), "service")
    st.header(escape_md(f"{name}"), anchor=False)
    st.markdown(f"{escape_md(data['full'])} · {badge(data['category'], data['category'])} · {kind}")
    teach, relate = st.columns([2, 3])
    with teach:
        concepts = service_concepts(build, f"service:{name}")
        slides = [s for c in concepts for s in build.graph.nodes[c["concept"]].get("slides", [])]
        cited = [cite(build, s["source"], s["line_start"], s["line_end"]) for s in slides]
        cited.sort(key=lambda c: (c.chunk is None, c.chunk or 0))
        st.markdown(f"**Taught on {len(cited)} slide{'s' * (len(cited) != 1)}, in course order**")
        with st.container(height=420 if len(cited) > 8 else "content", border=False):
            for c in cited:
                slide_link(c, short_label(build, c))
        explore_link(f"service:{name}", f"Explore around {name}")
    with relate:
        readings = service_readings(build, name, limit=2)
        st.markdown(f"**{len(readings)} relation{'s' * (len(readings) != 1)}, in words**")
        with st.container(height=520 if len(readings) > 4 else "content", border=False):
            for r in readings:
                reading_block(build, r)
    hood = neighbourhood(build, f"service:{name}", 1, edge_kinds={"relation"})
    if len(hood.nodes) > 1:
        st.markdown(f"**{escape_md(name)} and the services it relates to**")
        draw(build, hood, f"services_{name}", f"service:{name}", height=460, width=ACROSS)
        graph_caption(build, hood)


# -- study --------------------------------------------------------------------------
PACES = {0.75: "quick", 1.0: "usual", 1.5: "careful", 2.0: "slow"}


def page_study() -> None:
    searcher = engine()
    if searcher is None:
        return
    build = searcher.build
    services = sorted(d["name"] for _, d in build.nodes_of("service"))
    # No "Select all matches": typing "EC2" and Enter picks EC2, not EC2 and EC2 User Data.
    targets = st.multiselect(
        "What do you want to learn?", services, key="study_targets",
        placeholder="Choose services", select_all=False,
    )  # fmt: skip
    question = st.text_input("…or a concept or a question", key="study_question")
    left, mid, right = st.columns([3, 1, 1])
    known = left.multiselect(
        "Services you already know", services, key="study_known",
        placeholder="Choose services", select_all=False,
    )  # fmt: skip
    budget = mid.number_input("Minutes you have (0: no limit)", 0, 600, 0, key="study_budget")
    pace = right.selectbox(
        "Reading pace", list(PACES), index=1, key="study_pace", format_func=PACES.get
    )
    wanted = [*targets, *([question] if question.strip() else [])]
    if not wanted:
        st.info("Choose a service, or type a concept or a question.")
        return
    store = progress_store()
    try:
        plan = plan_study(
            build, wanted, known, budget or None, lambda: searcher,
            progress=store, ignore_progress=True, pace=pace,
        )  # fmt: skip
    except ProgressError as exc:
        st.warning(f"What you have learned cannot be read: {say(exc)}")
        plan = plan_study(build, wanted, known, budget or None, lambda: searcher, pace=pace)
        store = None
    except (StudyError, NotFound) as exc:
        st.warning(say(exc))
        return
    show_plan(build, plan, store)


def progress_store() -> ProgressStore:
    """What the student has learned: the file `kg progress` and `kg study` use too."""
    return ProgressStore()


def _tick(store: ProgressStore, key: str, widget: str) -> None:
    """A step's box changed: mark it learned, or forget it, in the progress file."""
    try:
        if st.session_state.get(widget):
            store.add([key])
        else:
            store.remove([key])
    except ProgressError as exc:
        st.session_state["tick_error"] = str(exc)


def show_plan(build, plan, store: ProgressStore | None) -> None:
    done = sum(1 for s in plan.steps if s.done)
    st.markdown(
        f"**{len(plan.steps)} steps, about {plan.minutes:g} minutes** · {done} done "
        f"({plan.minutes_done:g} min), {plan.minutes_left:g} min left"
    )
    st.progress(done / len(plan.steps) if plan.steps else 1.0)
    if "tick_error" in st.session_state:
        st.warning(f"Your tick was not kept: {say(st.session_state.pop('tick_error'))}")
    for n, step in enumerate(plan.steps, 1):
        with st.container(border=True):
            plan_step(build, n, step, store)
    if plan.related:
        with st.expander(f"Related, not needed first ({len(plan.related)})"):
            for r in plan.related:
                st.markdown(f"- {escape_md(r['words'])}")
    for s in plan.skipped:
        st.caption(f"Skipped {escape_md(s['name'])}: {escape_md(s['reason'])}")
    if plan.cut:
        st.caption("Cut for time: " + escape_md(", ".join(c["title"] for c in plan.cut)))
    st.download_button("Download as markdown", plan.markdown(), "study-plan.md", "text/markdown")


def plan_step(build, n: int, step, store: ProgressStore | None) -> None:
    """One step: a box to tick (kept in the progress file), why it is there with the
    statements that say so, where to read it, and the slides' text folded under it."""
    widget = f"done_{step.key or step.concept}"
    st.session_state[widget] = step.done  # the file is the truth: the CLI may have ticked
    st.checkbox(
        f"**{n}. {escape_md(step.title)}** · {step.minutes:g} min",
        key=widget,
        on_change=_tick if store is not None and step.key else None,
        args=(store, step.key, widget),
        disabled=store is None or not step.key,
    )
    role = "Prerequisite" if step.role == "prerequisite" else "Core"
    st.caption(f"{role}: {escape_md(step.reason)}")
    for ev in step.evidence[1:3]:
        cited = cite(build, ev["source"], ev["line_start"], ev["line_end"])
        st.caption(
            f"also “{escape_md(shorten(ev['text'], 160))}” · {escape_md(brief_label(cited))}"
        )
    cited = [cite(build, s["source"], s["line_start"], s["line_end"]) for s in step.slides]
    st.caption(escape_md("; ".join(merged_labels(cited)[:3])))
    with st.expander("Read the slides"):
        step_text(build, cited)


def step_text(build, cited: list[Citation]) -> None:
    """A step's slides, each with its text and a link to open it."""
    for c in cited:
        if c.chunk is None:
            continue
        view = slide_view(build, c.chunk, around=0)
        slide_link(c)
        lines = [to_markdown(line) for line in view.text.split("\n") if line.strip()]
        st.markdown("  \n".join(lines) or "*(no text on this slide)*")


# -- your notes ---------------------------------------------------------------------
def page_notes() -> None:
    st.markdown(
        f"Upload your own markdown notes (`.md` or `.txt`, up to {MAX_UPLOAD_MB} MB each, "
        f"{MAX_UPLOAD_FILES} files at a time). They are built apart: the course slides "
        "stay as they are, and you can go back to them at any time."
    )
    files = st.file_uploader(
        "Your notes",
        type=["md", "txt"],
        accept_multiple_files=True,
        key="uploads",
        max_upload_size=MAX_UPLOAD_MB,
    )
    if files:
        problem = upload_problem([(f.name, f.size) for f in files])
        if problem:
            st.error(escape_md(problem))
        elif st.button("Build my notes", key="build_mine", type="primary"):
            with st.spinner("Reading and embedding your notes…"):
                outcome = build_upload([(f.name, f.getvalue()) for f in files])
            show_outcome(outcome)
    if "build_dir" in st.session_state and st.button("Back to the course notes", key="reset"):
        del st.session_state["build_dir"]
        hold_upload()
        st.rerun()
    st.caption(f"Searching now: {escape_md(active_notes())}")


def show_outcome(outcome: BuildOutcome) -> None:
    if not outcome.ok:
        st.error(escape_md(outcome.message))
        return
    st.session_state["build_dir"] = str(outcome.out)
    hold_upload()
    st.success(
        escape_md(outcome.message) + " Your notes are now the ones searched, in this session."
    )
    for warning in outcome.warnings:
        st.warning(escape_md(warning))


def active_notes() -> str:
    """The notes this session searches, named as files, not as a folder on the server."""
    path = current_build()
    if not (path / "manifest.json").exists():
        return "nothing yet"
    try:
        searcher = load_searcher(str(path), (path / "manifest.json").stat().st_mtime)
    except BuildError:
        return "notes that cannot be opened"
    names = sorted(set(document_names(searcher.build).values()))
    whose = "your notes" if "build_dir" in st.session_state else "the course notes"
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"{whose} ({shown})"


# -- main ---------------------------------------------------------------------------
# Each page's key (its address) and title; the one-page app's addresses
# (?page=Explore&node=SQS) lead to the same pages by title.
TITLES = {"search": "Search", "slide": "Slide", "explore": "Explore", "services": "Services",
          "study": "Study", "notes": "Your notes"}  # fmt: skip
PAGES: dict = {}


def make_pages() -> dict:
    """The pages, made in a script run (st.Page needs one)."""
    t = TITLES
    return {
        "search": st.Page(page_search, title=t["search"], icon=":material/search:", default=True),
        "slide": st.Page(
            page_slide, title=t["slide"], icon=":material/slideshow:", url_path="slide",
            visibility="hidden",
        ),
        "explore": st.Page(
            page_explore, title=t["explore"], icon=":material/hub:", url_path="explore"
        ),
        "services": st.Page(
            page_services, title=t["services"], icon=":material/category:", url_path="services"
        ),
        "study": st.Page(page_study, title=t["study"], icon=":material/school:", url_path="study"),
        "notes": st.Page(
            page_notes, title=t["notes"], icon=":material/upload_file:", url_path="notes"
        ),
    }  # fmt: skip


def main() -> None:
    PAGES.update(make_pages())
    page = st.navigation(list(PAGES.values()))
    st.set_page_config(
        page_title=f"{page.title} · Study knowledge graph",
        page_icon=":material/school:",
        layout="wide",
    )
    old = {title: key for key, title in TITLES.items()}.get(query_param("page"))
    if old:
        rest = {k: v for k, v in st.query_params.to_dict().items() if k != "page"}
        st.switch_page(PAGES[old], query_params=rest)
    st.title(page.title, anchor=False)
    try:
        page.run()
    except Exception:  # never a traceback or a server path on the page
        LOG.exception("page %s failed", page.title)
        st.error("Something went wrong on this page. Try again, or go back to Search.")
    # After the page: the search box is drawn before the engine loads.
    st.sidebar.caption(f"Searching {escape_md(active_notes())}")


# Streamlit runs this file as __main__; the tests import its functions without a page.
if __name__ == "__main__":
    main()
