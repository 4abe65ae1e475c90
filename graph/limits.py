"""Limits and choices that the engine and its front ends (CLI, API, app) share."""

__all__ = ["MAX_K", "MAX_QUERY_CHARS", "MODES"]

MAX_QUERY_CHARS = 2000
MAX_K = 100
MODES = ("dense", "bm25", "hybrid")
