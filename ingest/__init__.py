"""Markdown notes in, a knowledge-graph build directory out.

The build directory is the only thing `graph` reads from here; see `ingest.build.build`.
"""

__version__ = "0.1.0"
