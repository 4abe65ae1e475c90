"""What a build was made with: a hash of ingest's code and the service catalog.

Relations, concepts and chunks follow from both; a build made with other ones may hold
other relations than the current code would extract (the keyword index has its own,
finer check: lexical.TOKENIZER_VERSION). No heavy imports, so that opening a build
stays cheap.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ingest.catalog import DEFAULT_CATALOG
from ingest.vocabulary import DEFAULT_VOCABULARY

__all__ = ["ingest_fingerprint"]


@lru_cache(maxsize=1)
def ingest_fingerprint() -> str:
    """A short hash of the ingest code, the catalog and the relation vocabulary (stable)."""
    digest = hashlib.sha256()
    for path in [
        *sorted(Path(__file__).resolve().parent.glob("*.py")),
        DEFAULT_CATALOG,
        DEFAULT_VOCABULARY,
    ]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]
