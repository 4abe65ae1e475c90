"""The FastAPI application: every endpoint returns the records the CLI prints with `--json`.

Unknown names answer 404 with suggestions, bad parameters 422 with a readable message;
nothing writes to disk. docs/api.md is the reference.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.middleware.trustedhost import TrustedHostMiddleware

from graph.api.engine import Engine, LiveEngine
from graph.api.guards import ConcurrencyLimit
from graph.api.limits import CONCURRENCY, LOOPBACK_HOSTS
from graph.limits import MAP_SERVICES, MAX_MAP_SERVICES, MIN_CONFIDENCE
from graph.lookup import NotFound, describe, resolve
from graph.neighbours import MAX_DEPTH, neighbourhood, service_map
from graph.paths import PathError, explain_path
from graph.progress import ProgressError, ProgressStore
from graph.relations import RELATION_TYPES, relation_edges
from graph.search import MAX_K, MAX_QUERY_CHARS, MODES, Hit, SearchError, UnknownFilter
from graph.study import StudyError, plan_study

__all__ = ["create_app"]

MAX_NAME_CHARS = 300
MAX_TARGETS = 10
MAX_TAGS = 10


class Missing(BaseModel):
    """A name that matches nothing, with the nearest names there are."""

    detail: str
    suggestions: list[str]


class _Problem(BaseModel):
    loc: list[str]
    msg: str
    type: str


class Invalid(BaseModel):
    """Parameters that cannot be answered, in FastAPI's validation-error shape."""

    detail: list[_Problem]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Missing},
    422: {"model": Invalid},
    503: {
        "model": Missing,
        "description": "Busy: --concurrency requests in progress (docs/api.md, Limits)",
        "headers": {"Retry-After": {"description": "Seconds", "schema": {"type": "integer"}}},
    },
}
TYPOS_HEADER = "X-Typos-Corrected"
SEARCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "headers": {
            TYPOS_HEADER: {
                "description": 'The words taken for typos, as JSON: [["lamda", "lambda"]]',
                "schema": {"type": "string"},
            }
        }
    },
}


def _engine(request: Request) -> Engine:
    return request.app.state.live.current()


def _node(engine: Engine, name: str) -> str:
    return resolve(engine.build, name)


def create_app(
    build_dir: Path | str,
    warm: bool = True,
    *,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    concurrency: int = CONCURRENCY,
) -> FastAPI:
    """The API over one build directory, answering only requests whose Host header is in
    allowed_hosts, `concurrency` at a time, and following a new build swapped in there.
    Opens and checks the build now (and with warm loads the model): raises BuildError if
    it cannot be used."""
    live = LiveEngine(build_dir, warm)
    # FastAPIOffline serves /docs and /redoc with their scripts from the package, no CDN.
    app = FastAPIOffline(
        title="studykg",
        summary="Search, relations, paths and study plans over a study-notes knowledge graph.",
        version=live.current().build.manifest.get("package_version", "0"),
        swagger_ui_parameters={"validatorUrl": None},  # the badge would call a public host
    )
    app.state.live = live
    # The last added runs first: a foreign Host is refused before it takes a slot.
    app.add_middleware(ConcurrencyLimit, limit=concurrency)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts), www_redirect=False)
    _errors(app)
    _routes(app)
    return app


def _errors(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    @app.exception_handler(UnknownFilter)
    async def not_found(_: Request, exc: NotFound | UnknownFilter) -> JSONResponse:
        return JSONResponse(
            status_code=404, content={"detail": str(exc), "suggestions": exc.nearest}
        )

    @app.exception_handler(PathError)
    @app.exception_handler(StudyError)
    async def nothing_there(_: Request, exc: Exception) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc), "suggestions": []})

    @app.exception_handler(ProgressError)
    async def no_progress(_: Request, exc: ProgressError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(exc), "suggestions": []})

    @app.exception_handler(SearchError)
    async def bad_request(_: Request, exc: SearchError) -> JSONResponse:
        problem = {"loc": ["query"], "msg": str(exc), "type": "value_error"}
        return JSONResponse(status_code=422, content={"detail": [problem]})


Name = Annotated[str, Query(min_length=1, max_length=MAX_NAME_CHARS)]


def _routes(app: FastAPI) -> None:
    @app.get("/health", summary="Build format, model and counts", responses=ERRORS)
    def health(request: Request) -> dict[str, Any]:
        engine = _engine(request)
        m = engine.build.manifest
        outdated = engine.searcher.keyword_index_outdated()
        return {
            "status": "ok",
            "format_version": m["format_version"],
            "model": m["model"],
            "index": m.get("index", {}).get("kind"),
            # "outdated": made by an older kg (or damaged), rebuilt at every start; re-ingest.
            "keyword_index": "outdated" if outdated else "stored",
            # "outdated": other ingest code or catalog made it; re-ingest for current relations.
            "ingest": "outdated" if engine.build.ingest_outdated() else "current",
            "counts": m.get("counts", {}),
        }

    @app.get(
        "/search",
        summary="Hybrid search with provenance",
        responses=SEARCH_RESPONSES,
        response_model=list[Hit],  # documented from the dataclass itself
    )
    def search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
        k: Annotated[int, Query(ge=1, le=MAX_K)] = 10,
        service: Annotated[str | None, Query(max_length=MAX_NAME_CHARS)] = None,
        section: Annotated[str | None, Query(max_length=MAX_NAME_CHARS)] = None,
        mode: Annotated[str, Query(pattern="^(" + "|".join(MODES) + ")$")] = "hybrid",
        tag: Annotated[
            list[str] | None,
            Query(max_length=MAX_TAGS, description="Only notes with every one of these tags"),
        ] = None,
    ) -> JSONResponse:
        searcher = _engine(request).searcher
        tags = [t[:MAX_NAME_CHARS] for t in tag or [] if t.strip()]
        try:
            hits = searcher.search(
                q, k=k, mode=mode, service=service or None, section=section or None, tags=tags
            )
        except UnknownFilter:
            raise
        except SearchError:
            hits = []  # a query without words matches nothing
        fixes = searcher.correct(q).fixes
        # ASCII JSON: a header must be latin-1, and the words are the user's own.
        headers = {TYPOS_HEADER: json.dumps([list(f) for f in fixes])} if fixes else None
        # The records are built by Searcher already; re-validating them per request costs
        # more than the search. The schema above documents them (and schemathesis checks).
        return JSONResponse([h.to_dict() for h in hits], headers=headers)

    @app.get("/nodes/{name}", summary="A service or concept", responses=ERRORS)
    def node(request: Request, name: str) -> dict[str, Any]:
        engine = _engine(request)
        return describe(engine.build, _node(engine, name[:MAX_NAME_CHARS]))

    @app.get("/nodes/{name}/neighbours", summary="What lies within a few hops", responses=ERRORS)
    def neighbours(
        request: Request,
        name: str,
        depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
        relation: Annotated[
            str | None, Query(pattern="^(" + "|".join(RELATION_TYPES) + ")$")
        ] = None,
    ) -> dict[str, Any]:
        engine = _engine(request)
        center = _node(engine, name[:MAX_NAME_CHARS])
        return neighbourhood(engine.build, center, depth, relation).to_dict()

    @app.get("/map", summary="The most related services and their relations", responses=ERRORS)
    def course_map(
        request: Request,
        services: Annotated[int, Query(ge=1, le=MAX_MAP_SERVICES)] = MAP_SERVICES,
        tools: bool = False,
    ) -> dict[str, Any]:
        return service_map(_engine(request).build, services, tools).to_dict()

    @app.get("/relations", summary="Typed relations with evidence", responses=ERRORS)
    def relations(
        request: Request,
        service: Annotated[str | None, Query(max_length=MAX_NAME_CHARS)] = None,
        type: Annotated[str | None, Query(pattern="^(" + "|".join(RELATION_TYPES) + ")$")] = None,
        min_confidence: Annotated[float, Query(ge=0, le=1)] = MIN_CONFIDENCE,
    ) -> list[dict[str, Any]]:
        engine = _engine(request)
        name = None
        if service:
            node = _node(engine, service)
            name = engine.build.graph.nodes[node].get("name")
            if name is None:
                raise NotFound(service, [])
        return relation_edges(engine.build, name, type, min_confidence)

    @app.get("/path", summary="How two services or concepts connect", responses=ERRORS)
    def path(
        request: Request,
        start: Annotated[str, Query(alias="from", min_length=1, max_length=MAX_NAME_CHARS)],
        end: Annotated[str, Query(alias="to", min_length=1, max_length=MAX_NAME_CHARS)],
        tools: bool = False,
    ) -> list[dict[str, Any]]:
        engine = _engine(request)
        return explain_path(engine.build, _node(engine, start), _node(engine, end), tools)

    @app.get(
        "/study",
        summary="A study plan, prerequisites first",
        responses={
            **ERRORS,
            503: {**ERRORS[503], "description": "Busy (see Retry-After), or progress unusable"},
        },
    )
    def study(
        request: Request,
        target: Annotated[list[str], Query(min_length=1, max_length=MAX_TARGETS)],
        known: Annotated[str, Query(max_length=2000)] = "",
        max_minutes: Annotated[float | None, Query(gt=0, le=100_000)] = None,
        pace: Annotated[float, Query(ge=0.1, le=10)] = 1.0,
        progress: Annotated[
            bool, Query(description="Skip what the server's progress file marks learned.")
        ] = False,
    ) -> dict[str, Any]:
        engine = _engine(request)
        targets = [t[:MAX_NAME_CHARS] for t in target]
        known_list = [k.strip() for k in known.split(",") if k.strip()]
        # Read only: the API never writes progress.
        store = ProgressStore() if progress else None
        plan = plan_study(
            engine.build, targets, known_list, max_minutes, lambda: engine.searcher,
            progress=store, pace=pace,
        )  # fmt: skip
        return plan.to_dict()
