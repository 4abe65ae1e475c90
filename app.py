"""Streamlit front end: a thin page over `graph` (search with provenance)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import streamlit as st

from graph import BuildError, Searcher, SearchError, load_build

BUILD = Path(os.environ.get("KG_BUILD", Path(__file__).resolve().parent / "data" / "build"))
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<])")


def escape_md(text: str) -> str:
    """Show user text literally: markdown and HTML characters are escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def marked(snippet: str) -> str:
    """Escape a snippet, then turn its ** term marks back into bold."""
    return escape_md(snippet).replace(r"\*\*", "**")


@st.cache_resource(show_spinner="Loading the knowledge graph…")
def get_searcher(path: str) -> Searcher:
    return Searcher(load_build(path))


def main() -> None:
    st.set_page_config(page_title="Study knowledge graph", layout="wide")
    st.title("Search your study notes")
    try:
        searcher = get_searcher(str(BUILD))
    except BuildError as exc:
        st.error(str(exc))
        st.code(f"kg ingest data/sample-notes --out {BUILD}", language="bash")
        return
    build = searcher.build
    services = sorted(d["name"] for _, d in build.nodes_of("service"))
    sections = [d["title"] for _, d in build.nodes_of("section")]
    params = st.query_params
    query = st.text_input("Question or keywords", value=params.get("q", ""), key="q")
    left, mid, right = st.columns([2, 2, 1])
    service = left.selectbox("Service", ["(any)", *services], key="service")
    section = mid.selectbox("Section", ["(any)", *sections], key="section")
    k = right.number_input("Results", min_value=1, max_value=50, value=10, key="k")
    if not query.strip():
        st.caption(f"{len(build.chunks)} chunks from {len(build.manifest['sources'])} sources.")
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
        st.warning(str(exc))
        return
    if not hits:
        st.info("No results.")
    for hit in hits:
        with st.container(border=True):
            st.markdown(f"**{hit.rank}. {escape_md(hit.title)}**")
            st.caption(
                f"{escape_md(hit.section)} · {escape_md(hit.source)}:"
                f"{hit.line_start}-{hit.line_end} · "
                f"score {hit.score:.4f}"
            )
            if hit.services:
                st.markdown(" ".join(f"`{s}`" for s in hit.services[:8]))  # catalog names
            if hit.snippet:
                st.markdown(marked(hit.snippet))


main()
