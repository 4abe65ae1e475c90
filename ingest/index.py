"""The FAISS vector index over chunk embeddings: exact up to a size, HNSW above it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["HNSW_M", "HNSW_THRESHOLD", "build_index", "write_index"]

# Exact search over 50k × 384 floats still answers in a few ms; past that HNSW pays off.
HNSW_THRESHOLD = 50_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96


def build_index(vectors: np.ndarray, kind: str = "auto", threshold: int = HNSW_THRESHOLD):
    """An inner-product index over normalised vectors; returns (index, description dict)."""
    import faiss

    n, dim = vectors.shape
    if kind == "auto":
        kind = "hnsw" if n > threshold else "flat"
    if kind == "flat":
        index = faiss.IndexFlatIP(dim)
        info = {"kind": "flat", "metric": "inner_product"}
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        info = {
            "kind": "hnsw",
            "metric": "inner_product",
            "m": HNSW_M,
            "ef_construction": HNSW_EF_CONSTRUCTION,
            "ef_search": HNSW_EF_SEARCH,
        }
    else:
        raise ValueError(f"unknown index kind {kind!r}; use auto, flat or hnsw")
    if n:
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    info.update({"size": int(n), "threshold": threshold})
    return index, info


def write_index(index, path: Path) -> None:
    """Write a FAISS index to a file."""
    import faiss

    faiss.write_index(index, str(path))


def index_shape(path: Path) -> tuple[int, int]:
    """(dimension, vector count) from a FAISS index file's header, without reading the rest.

    Every FAISS index file opens with a four-byte kind, then d (int32) and ntotal (int64);
    flat and HNSW indexes then store all ntotal × d floats, so a shorter file is truncated.
    Raises ValueError for a file that cannot be such an index.
    """
    import struct

    with open(path, "rb") as fh:
        head = fh.read(16)
    if len(head) < 16:
        raise ValueError("too short to be a vector index")
    dim, count = struct.unpack("<iq", head[4:16])
    if dim <= 0 or count < 0 or path.stat().st_size < 16 + dim * count * 4:
        raise ValueError("truncated")
    return dim, count
