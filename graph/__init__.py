"""Answers over a knowledge-graph build: search, neighbourhoods, relations, paths, study plans.

Open a build with `load_build`, then ask a `Searcher`; the `kg` command line lives in
`graph.cli` and is the only module here that knows about the terminal.

The names below load their modules on first use, so that importing one light piece of
the package (the command line starting the app, say) does not pull numpy and networkx.
"""

from importlib import import_module

__all__ = ["Build", "BuildError", "Hit", "SearchError", "Searcher", "load_build"]

_HOMES = {
    "Build": "graph.store",
    "BuildError": "graph.store",
    "load_build": "graph.store",
    "Hit": "graph.search",
    "SearchError": "graph.search",
    "Searcher": "graph.search",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
