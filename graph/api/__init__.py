"""The JSON HTTP API over the same engine as `kg` (FastAPI on uvicorn), read-only.

`create_app` is the application over one build; `graph.api.server` runs it on uvicorn behind
allowed hosts, a concurrency limit and request deadlines. docs/api.md is the reference.
"""

import importlib

__all__ = ["create_app", "create_app_from_env"]

_HOME = {"create_app": "graph.api.app", "create_app_from_env": "graph.api.server"}


def __getattr__(name: str):
    # Lazy: `kg` reads graph.api.limits without importing FastAPI, uvicorn or the engine.
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    raise AttributeError(f"module 'graph.api' has no attribute {name!r}")
