"""Answers over a knowledge-graph build: search, neighbourhoods, relations, paths, study plans.

Open a build with `load_build`, then ask a `Searcher`; the `kg` command line lives in
`graph.cli` and is the only module here that knows about the terminal.
"""

from graph.search import Hit, Searcher, SearchError
from graph.store import Build, BuildError, load_build

__all__ = ["Build", "BuildError", "Hit", "SearchError", "Searcher", "load_build"]
