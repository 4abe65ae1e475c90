"""The JSON HTTP API over the same engine as `kg` (FastAPI on uvicorn), read-only."""

from graph.api.app import create_app, create_app_from_env

__all__ = ["create_app", "create_app_from_env"]
