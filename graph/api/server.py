"""Running the API on uvicorn with the limits a server on a shared machine needs."""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
from dataclasses import asdict, dataclass, field

from graph.api.app import create_app
from graph.api.limits import (
    CONCURRENCY,
    KEEP_ALIVE_S,
    LOOPBACK_HOSTS,
    MAX_CONNECTIONS,
    MAX_HEAD_BYTES,
    REQUEST_TIMEOUT,
)
from graph.api.protocol import GuardedHttpProtocol

__all__ = ["ServeOptions", "create_app_from_env", "open_app", "run"]

OPTIONS_ENV = "KG_API_OPTIONS"  # how the options reach each worker process


@dataclass(frozen=True)
class ServeOptions:
    """Where `kg serve` listens and the limits it enforces (docs/api.md)."""

    build: str
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    allowed_hosts: tuple[str, ...] = field(default=LOOPBACK_HOSTS)
    concurrency: int = CONCURRENCY
    request_timeout: float = REQUEST_TIMEOUT

    def app(self, warm: bool = True):
        """The application over the build (raises BuildError if it cannot be used)."""
        return create_app(
            self.build, warm, allowed_hosts=self.allowed_hosts, concurrency=self.concurrency
        )


def open_app(options: ServeOptions):
    """What uvicorn will run: the app, opened here, or for several workers the factory each
    calls (after opening the build once here). Raises BuildError before anything listens."""
    if options.workers == 1:
        return options.app()
    options.app(warm=False)  # fail here, in one line; the model loads in the workers only
    os.environ[OPTIONS_ENV] = json.dumps(asdict(options))
    return "graph.api.server:create_app_from_env"


def run(options: ServeOptions, app) -> None:
    """Serve `app` (from open_app) on uvicorn until stopped."""
    import uvicorn

    protocol = functools.partial(
        GuardedHttpProtocol,
        request_timeout=options.request_timeout,
        max_head_bytes=MAX_HEAD_BYTES,
        max_connections=_max_connections(),
    )
    uvicorn.run(
        app,
        factory=isinstance(app, str),
        host=options.host,
        port=options.port,
        workers=options.workers,
        http=protocol,  # type: ignore[arg-type]  # a partial of a protocol class
        ws="none",
        timeout_keep_alive=KEEP_ALIVE_S,
        log_level="warning",
    )


def _max_connections() -> int:
    # Leave file descriptors for the build's files, the model and the log.
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return max(64, min(MAX_CONNECTIONS, soft - 128)) if soft > 0 else MAX_CONNECTIONS


def create_app_from_env():
    """The app each uvicorn worker process builds, from the options `serve` left in the
    environment; a build that cannot be opened stops the worker with one line."""
    from graph.store import BuildError

    raw = json.loads(os.environ[OPTIONS_ENV])
    options = ServeOptions(**(raw | {"allowed_hosts": tuple(raw["allowed_hosts"])}))
    try:
        return options.app()
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except Exception as exc:  # never a traceback for a damaged build, whatever it raises
        print(f"error: {options.build}: {type(exc).__name__}: {exc}", file=sys.stderr)
    raise SystemExit(3)  # uvicorn's code for a failed start: it stops instead of respawning
