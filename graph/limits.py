"""Limits and choices that the engine and its front ends (CLI, API, app) share."""

__all__ = [
    "MAP_SERVICES", "MAX_K", "MAX_MAP_SERVICES", "MAX_QUERY_CHARS", "MAX_UPLOAD_FILES",
    "MAX_UPLOAD_MB", "MIN_CONFIDENCE", "MODES",
]  # fmt: skip

MAX_QUERY_CHARS = 2000
MAX_K = 100
MODES = ("dense", "bm25", "hybrid")
# A map of the course shows this many services: past about thirty, a drawn graph turns
# into a hairball on a laptop screen. Asked for more, it stays drawable up to the maximum;
# the whole graph is `kg export`'s job.
MAP_SERVICES = 30
MAX_MAP_SERVICES = 200
# Relations shown to people (kg relations, show, path, map, the API and the app) are those
# at least this confident: the lowest threshold whose shown edges were judged right at
# least 95% of the time (97% on the slides and on notes in other styles; docs/relations.md,
# "Confidence"). Weaker ones, if an extractor made any, would stay in the build.
MIN_CONFIDENCE = 0.9
# Notes uploaded in the app: each file at most MAX_UPLOAD_MB (Streamlit's own limit,
# server.maxUploadSize, is set to the same by `kg app`, so the widget and the check agree),
# and at most MAX_UPLOAD_FILES in one build: a build runs on the app's machine.
MAX_UPLOAD_MB = 10
MAX_UPLOAD_FILES = 50
