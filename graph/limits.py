"""Limits and choices that the engine and its front ends (CLI, API, app) share."""

__all__ = ["MAP_SERVICES", "MAX_K", "MAX_MAP_SERVICES", "MAX_QUERY_CHARS", "MODES"]

MAX_QUERY_CHARS = 2000
MAX_K = 100
MODES = ("dense", "bm25", "hybrid")
# A map of the course shows this many services: past about thirty, a drawn graph turns
# into a hairball on a laptop screen. Asked for more, it stays drawable up to the maximum;
# the whole graph is `kg export`'s job.
MAP_SERVICES = 30
MAX_MAP_SERVICES = 200
