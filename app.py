"""Streamlit front end over `graph`: search, explore, services, study plans, your own notes.

Everything shown comes from `graph`; this file only lays it out. Titles and notes are user
content: they go through `escape_md` (markdown) or `plain` (the graph component, which
writes node properties as HTML) and never through `unsafe_allow_html`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import threading
import warnings
from collections import Counter
from pathlib import Path

import streamlit as st

from graph import BuildError, Searcher, SearchError, load_build
from graph.layout import LabelBox, spread
from graph.lookup import NotFound, describe, resolve
from graph.neighbours import neighbourhood, service_map
from graph.relations import RELATION_TYPES, relation_counts, service_relations, statement
from graph.study import StudyError, plan_study

ROOT = Path(__file__).resolve().parent
BUILD = Path(os.environ.get("KG_BUILD", ROOT / "data" / "build"))
# Uploads get folders of their own, apart from builds made with `kg ingest --out data/builds/…`:
# each upload is one build, and older ones beyond KEEP_NOTE_BUILDS are removed.
NOTES_BUILDS = Path(os.environ.get("KG_UPLOADS", ROOT / "data" / "builds" / "uploads"))
KEEP_NOTE_BUILDS = 5
SAMPLE_NOTES = ROOT / "data" / "sample-notes"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PAGES = ["Search", "Explore", "Services", "Study", "Your notes"]
# A concept's details show the text of at most this many of its chunks.
MAX_DETAIL_CHUNKS = 8
KIND_COLOURS = {"service": "#e4572e", "concept": "#2e86ab", "section": "#7b8b8e"}
# The course map colours services by what they are for: the catalog's eleven categories
# share seven colours by kinship (eleven hues are hard to tell apart on a small graph);
# the legend draws its dots in the same hex colours.
MAP_GROUPS = {
    "Compute": "red", "Containers": "red", "Storage": "blue", "Database": "blue",
    "Networking": "violet", "Security": "orange", "Integration": "green",
    "Analytics": "green", "Monitoring": "yellow", "Management": "yellow",
    "Developer Tools": "gray",
}  # fmt: skip
MAP_COLOURS = {
    "red": "#ff4b4b", "blue": "#1c83e1", "violet": "#803df5", "orange": "#ffa421",
    "green": "#21c354", "yellow": "#ffe312", "gray": "#808495",
}  # fmt: skip
GRAPH_CAP = 150
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<$])")


# -- text safety --------------------------------------------------------------------
def escape_md(text: str) -> str:
    """Show user text literally in markdown: markdown and HTML characters are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def marked(snippet: str) -> str:
    """Escape a snippet, then turn its ** term marks back into bold."""
    return escape_md(snippet).replace(r"\*\*", "**")


def plain(text) -> str:
    """Text for the graph component, which renders node properties as HTML: angle brackets,
    which could open markup, become look-alikes, so it always shows as text. "&" stays: an
    entity only ever decodes to text, and a full-width look-alike has no glyph in common
    Linux fonts (the canvas drew "Queues & Lambda" with a missing-glyph box)."""
    return str(text).replace("<", "‹").replace(">", "›")


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


def open_searcher() -> Searcher | None:
    path = current_build()
    manifest = path / "manifest.json"
    stamp = manifest.stat().st_mtime if manifest.exists() else 0.0
    try:
        return load_searcher(str(path), stamp)
    except BuildError as exc:
        st.error(escape_md(str(exc)))
        st.code(f"kg ingest data/sample-notes --out {path}", language="bash")
        if st.button("Build the sample notes now", key="build_samples"):
            build_notes([SAMPLE_NOTES], path)
            st.rerun()
        return None


def build_notes(paths: list[Path], out: Path) -> None:
    """Ingest with a progress bar; a failure leaves any previous build as it was."""
    from ingest.build import build
    from ingest.errors import IngestError

    bar = st.progress(0.0, text="Reading and embedding your notes…")
    try:
        summary = build(paths, out)
    except IngestError as exc:
        bar.empty()
        st.error(escape_md(str(exc)))
        return
    bar.progress(1.0, text=escape_md(summary.line()))
    for warning in summary.warnings:
        st.warning(escape_md(str(warning)))


# -- navigation ---------------------------------------------------------------------
def go(page: str, **params) -> None:
    """A button callback: switch page and carry parameters in the URL."""
    st.session_state["page"] = page
    for key, value in params.items():
        st.session_state[f"param_{key}"] = value


def param(name: str, default: str = "") -> str:
    pending = st.session_state.pop(f"param_{name}", None)
    if pending is not None:
        st.query_params[name] = pending
        return pending
    return st.query_params.get(name, default)


# -- search -------------------------------------------------------------------------
def search_box() -> str:
    """The query box, drawn before the engine loads so the page is usable at once."""
    query = st.text_input("Question or keywords", value=param("q"), key="q")
    _focus("Question or keywords")
    return query


def page_search(searcher: Searcher, query: str) -> None:
    build = searcher.build
    services = sorted(d["name"] for _, d in build.nodes_of("service"))
    sections = list(dict.fromkeys(d["title"] for _, d in build.nodes_of("section")))
    left, mid, right = st.columns([2, 2, 1])
    service = left.selectbox("Service", ["(any)", *services], key="service")
    section = mid.selectbox("Section", ["(any)", *sections], key="section")
    k = right.number_input("Results", min_value=1, max_value=50, value=10, key="k")
    if not query.strip():
        sources = len(build.manifest["sources"])
        st.caption(f"{len(build.chunks)} chunks from {sources} source{'s' * (sources != 1)}.")
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
        st.warning(escape_md(str(exc)))
        return
    search_notes(searcher, query)
    if not hits:
        st.info("No results.")
    for hit in hits:
        with st.container(border=True):
            st.markdown(f"**{hit.rank}. {escape_md(hit.title)}**")
            st.caption(
                f"{escape_md(hit.section)} · {escape_md(hit.source)}:"
                f"{hit.line_start}-{hit.line_end} · score {hit.score:.4f}"
            )
            if hit.services:
                st.markdown(" ".join(f"`{s}`" for s in hit.services[:8]))  # catalog names
            if hit.snippet:
                st.markdown(marked(hit.snippet))
            st.button(
                "Open in the explorer",
                key=f"explore_{hit.chunk_id}",
                on_click=go,
                args=("Explore",),
                kwargs={"node": hit.concept},
            )


def search_notes(searcher: Searcher, query: str) -> None:
    """What the search did beyond ranking: typos it corrected, an outdated keyword index."""
    fixes = searcher.correct(query).fixes
    if fixes:
        taken = ", ".join(f"{typed} → {fix}" for typed, fix in fixes)
        st.caption(escape_md(f"Typos corrected: {taken}"))
    if searcher.keyword_index_outdated():
        st.caption(
            "This build was made by an older version (or its keyword index is damaged): the "
            "index is rebuilt at every start. Rebuild it (`kg ingest`) to start faster."
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


# -- explore ------------------------------------------------------------------------
class _StyleRule:
    """A raw cytoscape style rule, passed where the component expects a style object."""

    def __init__(self, selector: str, style: dict) -> None:
        self.selector, self.style = selector, style

    def dump(self) -> dict:
        return {"selector": self.selector, "style": dict(self.style)}


def elements(build, hood, colour_of=None, positions=None) -> dict:
    """Cytoscape elements: nodes labelled by kind (or by colour_of(node), for colour), edges
    by relation; nodes placed at positions (id -> (x, y)) when given."""
    nodes = [
        {
            "data": {
                "id": n["id"],
                "label": colour_of(n) if colour_of else n["kind"],
                "name": plain(n["label"])[:60],
                "center": n["id"] == hood.center,
            }
        }
        for n in hood.nodes
    ]
    for node in nodes if positions else ():
        x, y = positions[node["data"]["id"]]
        node["position"] = {"x": x, "y": y}
    edges = [
        {
            "data": {
                "id": f"{e['source']}|{e['target']}|{e.get('relation') or e['kind']}",
                "source": e["source"],
                "target": e["target"],
                "label": e.get("relation") or e["kind"],
                "near": hood.center in (e["source"], e["target"]),
            }
        }
        for e in hood.edges
    ]
    return {"nodes": nodes, "edges": edges}


# The component's defaults (3.6-unit captions, hidden under 10 px on screen) left a
# service's neighbourhood as unlabelled dots. Names are drawn larger; the centre stands out;
# only the centre's own edges are labelled, the edges among its neighbours are drawn faint.
EXPLORE_BOX = LabelBox(font=14, wrap=110)  # names measured at the centre's size
EXPLORE_RULES = (
    ("node", {"font-size": 12, "min-zoomed-font-size": 6, "text-wrap": "wrap",
              "text-max-width": EXPLORE_BOX.wrap}),
    ("node[?center]", {"width": 30, "height": 30, "font-size": 14, "font-weight": "bold"}),
    ("edge[?near]", {"font-size": 7, "min-zoomed-font-size": 6}),
    ("edge[!near]", {"label": "", "opacity": 0.35}),
)  # fmt: skip


@functools.cache
def _link_analysis():
    """The graph component, imported on first use."""
    import st_link_analysis as sla

    # 0.4.0 warns that `labeled` is deprecated on every EdgeStyle, passed or not (its default
    # is False, not None), and sets its own filter on import: ours has to come after it.
    warnings.filterwarnings("ignore", message="Paramter `labeled` is deprecated")
    return sla.EdgeStyle, sla.Event, sla.NodeStyle, sla.st_link_analysis


# Positions come from graph.layout (the same each time, no name over another); the browser
# only draws them.
PRESET = {"name": "preset", "padding": 30, "fit": True, "animate": False}


# The layout's box: about the canvas's inner size, so a graph that fits is drawn unscaled.
CANVAS_WIDTH = 740


@st.cache_data(max_entries=64, show_spinner=False)
def _positions(
    nodes: tuple, edges: tuple, center: str | None, font: float, wrap: float, height: int
) -> dict:
    """graph.layout's positions, cached: a depth-3 neighbourhood takes a few tenths of a
    second to untangle, and Streamlit reruns the page on every click."""
    box = LabelBox(font=font, wrap=wrap)
    return spread(list(nodes), list(edges), CANVAS_WIDTH, height, box, center)


def draw(
    build, hood, key: str, height: int = 520, colour_of=None, colours=KIND_COLOURS,
    rules=EXPLORE_RULES, box=EXPLORE_BOX,
):  # fmt: skip
    """The neighbourhood as an interactive graph; returns the component's last event.
    Nodes are coloured by kind, or by colour_of(node), a key of colours."""
    EdgeStyle, Event, NodeStyle, st_link_analysis = _link_analysis()

    positions = _positions(
        tuple((n["id"], plain(n["label"])[:60]) for n in hood.nodes),
        tuple((e["source"], e["target"]) for e in hood.edges),
        hood.center or None,
        box.font,
        box.wrap,
        height - 80,
    )
    drawn = elements(build, hood, colour_of, positions)
    node_styles = [NodeStyle(label, colour, "name") for label, colour in colours.items()]
    labels = {e["data"]["label"] for e in drawn["edges"]}
    edge_styles = [EdgeStyle(label, caption="label", directed=True) for label in sorted(labels)]
    edge_styles += [_StyleRule(selector, style) for selector, style in rules]
    return st_link_analysis(
        drawn,
        layout=PRESET,
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=height,
        key=key,
        node_actions=["expand"],
        events=[Event("select_node", "tap", "node")],
    )


def node_details(build, node: str) -> None:
    data = describe(build, node)
    kind = data["kind"]
    name = data.get("name") or data.get("title")
    st.subheader(f"{escape_md(name)} ({kind})")
    if kind == "concept":
        st.caption(f"{escape_md(data['source'])}:{data['line_start']}-{data['line_end']}")
        if data.get("about"):
            st.markdown(f"About `{data['about']}`")  # a catalog name
        for slide in data.get("slides", []):
            st.markdown(
                f"- {escape_md(slide['title'])}: {escape_md(slide['source'])}:"
                f"{slide['line_start']}-{slide['line_end']}"
            )
        # What the slides say, as plain text (st.text renders no markup from the notes).
        for chunk_id in data.get("chunks", [])[:MAX_DETAIL_CHUNKS]:
            st.text(build.chunks[chunk_id].text)
        return
    if kind == "service":
        st.caption(f"{escape_md(data['full'])} · {escape_md(data['category'])}")
        relation_list(service_relations(build, data["name"]))


def relation_list(grouped: dict) -> None:
    for side, arrow in (("out", "→"), ("in", "←")):
        for rel, edges in sorted(grouped[side].items()):
            with st.expander(f"{arrow} {rel} ({len(edges)})"):
                for e in edges:
                    other = e["target"] if side == "out" else e["source"]
                    st.markdown(f"**{escape_md(other)}** · confidence {e['confidence']:.2f}")
                    for ev in e["evidence"][:3]:
                        st.caption(
                            f"{escape_md(ev['source'])}:{ev['line_start']}-{ev['line_end']} "
                            f"· {escape_md(statement(ev, 200))}"
                        )


def page_explore(searcher: Searcher) -> None:
    build = searcher.build
    choices = sorted(d["name"] for _, d in build.nodes_of("service"))
    center = _explore_center(build)
    node = build.graph.nodes[center] if center else {}
    # The box names what is shown (a service; empty for a concept), so a node expanded in
    # the graph or opened from a search hit is not overridden by an earlier choice.
    st.session_state["explore_pick"] = node.get("name") if node.get("kind") == "service" else None
    st.selectbox(
        "Service or concept",
        choices,
        index=None,
        placeholder="Choose a service (or open a search hit)",
        key="explore_pick",
        on_change=_picked,
        args=(build,),
    )
    if center is None:
        course_map(build)
        return
    _centre_on(center)
    cols = st.columns(3)
    depth = cols[0].slider("Depth", 1, 3, 1, key="depth")
    # Around a service, its slides would bury the services it relates to (Lambda: 134
    # nodes, 543 edges); those are one click away in the filter, or in the list below.
    center_kind = build.graph.nodes[center]["kind"]
    kinds = cols[1].multiselect(
        "Node kinds",
        list(KIND_COLOURS),
        default=["service"] if center_kind == "service" else ["service", "concept"],
        key=f"kinds_{center_kind}",
    )
    relation = cols[2].selectbox("Relation type", ["(all)", *RELATION_TYPES], key="relation")
    hood = neighbourhood(
        build,
        center,
        depth,
        relation=None if relation == "(all)" else relation,
        node_kinds=set(kinds) | {center_kind},
        max_nodes=GRAPH_CAP,
    )
    legend = " · ".join(f"{kind}: {colour}" for kind, colour in KIND_COLOURS.items())
    st.caption(f"{len(hood.nodes)} nodes, {len(hood.edges)} edges. Colours: {legend}")
    if hood.left_out:
        st.warning(f"{hood.left_out} more nodes left out (showing at most {GRAPH_CAP}).")
    event = draw(build, hood, key=f"graph_{center}_{depth}_{relation}_{'_'.join(kinds)}")
    clicked = _clicked(event)
    if clicked and clicked in build.graph:
        if event.get("action") == "expand":
            _centre_on(clicked)
            st.rerun()
        node_details(build, clicked)
    else:
        node_details(build, center)


# The map's names are drawn larger than a neighbourhood's: it is fitted to the canvas
# whole, and graph.layout spaces them for that size.
MAP_BOX = LabelBox()
MAP_RULES = (
    *EXPLORE_RULES,
    ("node", {"font-size": MAP_BOX.font, "text-max-width": MAP_BOX.wrap}),
)


def course_map(build) -> None:
    """With nothing chosen yet, the most connected services and how they relate; a click
    on one opens it."""
    hood = service_map(build)
    if not hood.nodes:
        st.info("These notes relate no services yet: search them, or choose a concept.")
        return
    more = f"; {hood.left_out} more in the box above" if hood.left_out else ""
    st.caption(
        f"The {len(hood.nodes)} services with the most relations in these notes, and their "
        f"{len(hood.edges)} relations{more}. Click a service to open it."
    )
    legend = {}
    for category, colour in MAP_GROUPS.items():
        legend.setdefault(colour, []).append(category)
    st.markdown(
        " · ".join(
            f':color[⬤]{{foreground="{MAP_COLOURS[c]}"}} {", ".join(names)}'
            for c, names in legend.items()
        )
    )

    def colour_of(node: dict) -> str:
        return MAP_GROUPS.get(build.graph.nodes[node["id"]].get("category"), "gray")

    event = draw(build, hood, "course_map", 620, colour_of, MAP_COLOURS, MAP_RULES, MAP_BOX)
    clicked = _clicked(event)
    if clicked and clicked in build.graph:
        _centre_on(clicked)
        st.rerun()


def _explore_center(build) -> str | None:
    """The node to show: the URL's, else the last one shown in this session."""
    wanted = param("node")
    if wanted:
        try:
            return resolve(build, wanted)
        except NotFound as exc:
            st.warning(escape_md(str(exc)))
    last = st.session_state.get("explore_center")
    return last if last in build.graph else None  # another build's node is forgotten


def _picked(build) -> None:
    """The service box changed: show that service."""
    pick = st.session_state.get("explore_pick")
    if pick:
        _centre_on(resolve(build, pick))


def _centre_on(node: str) -> None:
    """Make a node the explorer's centre, for this session and in the URL (shareable)."""
    st.session_state["explore_center"] = node
    st.query_params["node"] = node


def _clicked(event) -> str | None:
    if not isinstance(event, dict):
        return None
    data = event.get("data") or {}
    if data.get("target_id"):
        return data["target_id"]
    ids = data.get("node_ids") or []
    return ids[0] if ids else None


# -- services -----------------------------------------------------------------------
def page_services(searcher: Searcher) -> None:
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
    st.dataframe(rows, hide_index=True, use_container_width=True)
    names = [r["service"] for r in rows]
    chosen = st.selectbox("Service", names, index=None, key="service_pick")
    if not chosen:
        return
    relation_list(service_relations(build, chosen))
    hood = neighbourhood(build, f"service:{chosen}", 1, edge_kinds={"relation"})
    draw(build, hood, key=f"services_{chosen}")


# -- study --------------------------------------------------------------------------
def page_study(searcher: Searcher) -> None:
    build = searcher.build
    services = sorted(d["name"] for _, d in build.nodes_of("service"))
    targets = st.multiselect("What do you want to learn?", services, key="study_targets")
    question = st.text_input("…or a concept or question", key="study_question")
    known = st.multiselect("Services you already know", services, key="study_known")
    budget = st.number_input("Time budget in minutes (0: none)", 0, 600, 0, key="study_budget")
    wanted = [*targets, *([question] if question.strip() else [])]
    if not wanted:
        st.info("Pick a service, or type a concept or a question.")
        return
    try:
        plan = plan_study(build, wanted, known, budget or None, lambda: searcher)
    except (StudyError, NotFound) as exc:
        st.warning(escape_md(str(exc)))
        return
    st.markdown(f"**{len(plan.steps)} steps, about {plan.minutes:g} minutes**")
    for n, step in enumerate(plan.steps, 1):
        # The box's state lives in the session under its key: ticks survive reruns.
        label = f"{n}. {escape_md(step.title)} ({step.minutes:g} min)"
        st.checkbox(label, key=f"done_{step.concept}")
        where = ", ".join(
            f"{s['source']}:{s['line_start']}-{s['line_end']}" for s in step.slides[:3]
        )
        st.caption(f"{escape_md(step.reason)} · {escape_md(where)}")
    for s in plan.skipped:
        st.caption(f"Skipped {escape_md(s['name'])}: {escape_md(s['reason'])}")
    if plan.cut:
        st.caption("Cut for time: " + escape_md(", ".join(c["title"] for c in plan.cut)))
    st.download_button("Download as markdown", plan.markdown(), "study-plan.md", "text/markdown")
    _plan_graph(build, plan)


# The graph component draws 20-unit nodes with 3.6-unit captions and hides any caption
# smaller than 10 px on screen: a plan laid out at its natural size showed dots without names.
# Steps sit in rows of PLAN_COLUMNS, snaking so each arrow stays short, with captions and a
# height sized so the fitted zoom shows them at about 15 px.
PLAN_COLUMNS = 4
PLAN_CAPTION = {"font-size": 9, "text-wrap": "wrap", "text-max-width": 100}


def _plan_position(i: int) -> dict:
    row, col = divmod(i, PLAN_COLUMNS)
    if row % 2:
        col = PLAN_COLUMNS - 1 - col
    return {"x": col * 110, "y": row * 60}


def _plan_graph(build, plan) -> None:
    EdgeStyle, _, NodeStyle, st_link_analysis = _link_analysis()

    nodes = [
        {
            "data": {"id": s.concept, "label": s.role, "name": f"{i + 1}. {plain(s.title)[:60]}"},
            "position": _plan_position(i),
        }
        for i, s in enumerate(plan.steps)
    ]
    edges = [
        {"data": {"id": f"{a.concept}>{b.concept}", "source": a.concept, "target": b.concept,
                  "label": "then"}}
        for a, b in zip(plan.steps, plan.steps[1:], strict=False)
    ]  # fmt: skip
    rows = -(-len(plan.steps) // PLAN_COLUMNS)
    st_link_analysis(
        {"nodes": nodes, "edges": edges},
        layout={"name": "preset", "fit": True, "padding": 30},
        node_styles=[
            NodeStyle("prerequisite", "#f0a202", "name"),
            NodeStyle("target", "#e4572e", "name"),
            _StyleRule("node", PLAN_CAPTION),
        ],
        edge_styles=[EdgeStyle("then", directed=True)],
        height=min(900, 100 + rows * 105),
        key=f"plan_{hashlib.sha1('|'.join(s.concept for s in plan.steps).encode()).hexdigest()}",
    )


# -- your notes ---------------------------------------------------------------------
def build_upload(named: list[tuple[str, bytes]]) -> Path | None:
    """Save uploaded notes and build them into a folder of their own; the build, or None."""
    from ingest.buildlock import BuildLock, BuildLocked, prune_builds
    from ingest.sources import save_uploads

    digest = hashlib.sha256()
    for name, data in named:
        digest.update(name.encode("utf-8", "replace") + b"\0" + data + b"\0")
    upload = NOTES_BUILDS / digest.hexdigest()[:12]
    out = upload / "build"
    # The notes stay beside their build, so every hit's source path can be opened.
    save_uploads(named, upload / "notes")
    build_notes([upload / "notes"], out)
    if not (out / "manifest.json").exists():
        # Nothing was built: drop the saved notes, unless another session is building them.
        try:
            with BuildLock(out):
                shutil.rmtree(upload, ignore_errors=True)
        except BuildLocked:
            pass
        return None
    prune_builds(NOTES_BUILDS, KEEP_NOTE_BUILDS, protect=upload, inner="build")
    return out


def page_notes() -> None:
    st.markdown(
        "Upload markdown notes (`.md` or `.txt`, up to 10 MB each). They get a build of "
        "their own; the course build is not touched."
    )
    files = st.file_uploader(
        "Your notes", type=["md", "txt"], accept_multiple_files=True, key="uploads"
    )
    if files and st.button("Build my notes", key="build_mine"):
        too_big = [f.name for f in files if f.size > MAX_UPLOAD_BYTES]
        if too_big:
            st.error("Over 10 MB: " + escape_md(", ".join(too_big)))
            return
        out = build_upload([(f.name, f.getvalue()) for f in files])
        if out is not None:
            st.session_state["build_dir"] = str(out)
            st.success("Your notes are now the active build for this session.")
    if "build_dir" in st.session_state and st.button("Back to the course build", key="reset"):
        del st.session_state["build_dir"]
        st.rerun()
    st.caption(f"Active build: {escape_md(str(current_build()))}")


# -- main ---------------------------------------------------------------------------
def main() -> None:
    st.set_page_config(page_title="Study knowledge graph", layout="wide")
    start = st.query_params.get("page", "Search")
    if "page" not in st.session_state:
        st.session_state["page"] = start if start in PAGES else "Search"
    page = st.sidebar.radio("Page", PAGES, key="page")
    st.query_params["page"] = page
    st.title(page)
    if page == "Your notes":
        page_notes()
        return
    has_build = (current_build() / "manifest.json").exists()
    query = search_box() if page == "Search" and has_build else ""
    searcher = open_searcher()
    if searcher is None:
        return
    if searcher.build.ingest_outdated():
        st.sidebar.warning(
            "This build was made by other ingest code or another service catalog; its "
            "concepts and relations may be out of date. Rebuild it with `kg ingest` on "
            "the same notes."
        )
    if page == "Search":
        page_search(searcher, query)
        return
    {"Explore": page_explore, "Services": page_services, "Study": page_study}[page](searcher)


main()
