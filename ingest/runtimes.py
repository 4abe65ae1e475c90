"""Two ways to run the sentence-embedding model: ONNX Runtime (fast) and PyTorch (reference).

ONNX Runtime answers a one-sentence query in ~3 ms and imports in 0.2 s; PyTorch with
sentence-transformers takes ~11 ms and ~6 s to import. The ONNX file is exported once from
the PyTorch model (the only step that needs torch and the `onnx` package) into the cache
directory and reused by every later process. Both produce the same vectors (cosine 1.0).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = ["OnnxRunner", "TorchRunner", "export_onnx", "onnx_path"]

_EXPORT_VERSION = 1  # bump when the export below changes, so old files are not reused


def _offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")


def _max_length(model_dir: Path) -> int:
    config = model_dir / "sentence_bert_config.json"
    try:
        return int(json.loads(config.read_text())["max_seq_length"])
    except (OSError, ValueError, KeyError):
        return 256


def onnx_path(cache_dir: Path, model: str, model_dir: Path) -> Path:
    """Where the exported ONNX model of a model directory lives in the cache."""
    weights = model_dir / "model.safetensors"
    stamp = int(weights.stat().st_mtime) if weights.exists() else 0
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model)
    return cache_dir / "models" / f"{safe}-v{_EXPORT_VERSION}-{stamp}.onnx"


class TorchRunner:
    """sentence-transformers on PyTorch: the reference encoder, and the exporter's source."""

    def __init__(self, model_dir: Path) -> None:
        _offline_env()
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(model_dir), device="cpu")

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        vecs = self.model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32)


def export_onnx(model_dir: Path, target: Path) -> None:
    """Export the transformer of a sentence-transformers model to ONNX, atomically."""
    import torch

    runner = TorchRunner(model_dir)
    bert = runner.model[0].auto_model.eval()

    class _Hidden(torch.nn.Module):
        def __init__(self, inner) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            out = self.inner(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )
            return out.last_hidden_state

    sample = runner.model.tokenizer(
        ["a short example", "a somewhat longer example sentence to export with"],
        return_tensors="pt",
        padding=True,
    )
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=target.parent)
    os.close(fd)
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer chatter about constant shapes
            torch.onnx.export(
                _Hidden(bert),
                tuple(sample[n] for n in names),
                tmp,
                input_names=names,
                output_names=["last_hidden_state"],
                dynamic_axes=axes,
                opset_version=17,
                dynamo=False,
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class OnnxRunner:
    """The exported model on ONNX Runtime, with the model's own fast tokenizer."""

    def __init__(self, onnx_file: Path, model_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.log_severity_level = 3
        # A server answering many queries at once does better with one thread per query.
        threads = int(os.environ.get("KG_ORT_THREADS", "0") or 0)
        if threads > 0:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(onnx_file), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(_max_length(model_dir))
        self.tokenizer.enable_padding()
        self.dim = int(self.session.get_outputs()[0].shape[-1] or 0) or None

    def _batch(self, texts: list[str]) -> np.ndarray:
        encoded = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.array([e.type_ids for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        hidden = self.session.run(None, feeds)[0]
        # Mean pooling over real tokens, then unit length: what sentence-transformers does.
        summed = (hidden * mask[..., None]).sum(axis=1)
        vecs = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        return (vecs / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], batch_size: int) -> np.ndarray:
        # Batches of similar length waste less work on padding; results go back in order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), 0), dtype=np.float32)
        parts = []
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            parts.append((idx, self._batch([texts[i] for i in idx])))
        if parts:
            out = np.zeros((len(texts), parts[0][1].shape[1]), dtype=np.float32)
            for idx, vecs in parts:
                out[idx] = vecs
        return out
