"""The build an update starts from: its parts, its vectors and its relations, each read only
if it can be reused (made by this ingest code, with this model)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.fileparts import PARTS, FilePart, read_parts
from ingest.fingerprint import ingest_fingerprint
from ingest.integrity import MANIFEST

__all__ = ["PreviousBuild", "previous_build", "remember"]


@dataclass(slots=True)
class PreviousBuild:
    """What an update may reuse of the build it replaces; empty when nothing can be."""

    path: Path
    manifest: dict = field(default_factory=dict)
    parts: dict[str, FilePart] = field(default_factory=dict)
    reason: str = ""  # why nothing is reused, when nothing is
    _rows: dict[str, tuple[int, int]] = field(default_factory=dict)
    _vectors: np.ndarray | None = None
    _index: object = None
    _edges: list | None = None

    @property
    def roots(self) -> list[Path]:
        return [Path(p) for p in self.manifest.get("roots", [])]

    def vectors(self, part: FilePart) -> np.ndarray | None:
        """The vectors the build holds for an unchanged part's chunks, in order."""
        if part.path not in self._rows:
            return None
        if self._vectors is None:
            index = self._index
            if index is None:
                import faiss

                index = faiss.read_index(str(self.path / "index.faiss"))
            self._vectors = index.reconstruct_n(0, index.ntotal)
        start, count = self._rows[part.path]
        return self._vectors[start : start + count]

    def relation_edges(self, changed: set[str]) -> list[tuple[str, str, str, dict]]:
        """The build's relation edges with the evidence from changed (or removed) files taken
        out, and those left with none dropped: only statements still in the notes remain."""
        if self._edges is None:
            data = json.loads((self.path / "graph.json").read_text(encoding="utf-8"))
            self._edges = [
                (e["source"], e["target"], e["key"],
                 {k: v for k, v in e.items() if k not in ("source", "target", "key")})
                for e in data.get("edges", []) if e.get("kind") == "relation"
            ]  # fmt: skip
        kept = []
        for u, v, key, data in self._edges:
            evidence = [e for e in data.get("evidence", []) if e.get("source") not in changed]
            if evidence:
                kept.append((u, v, key, {**data, "evidence": evidence}))
        return kept


# The build this process wrote last at each path, with its manifest's text: a process that
# updates again and again (kg watch) starts from what it holds instead of reading it back.
_WRITTEN: dict[Path, tuple[str, PreviousBuild]] = {}


def remember(out: Path, manifest_text: str, parts: list[FilePart], index, edges) -> None:
    """Keep the build just written at out (its parts, vector index, relation edges) for the
    next update in this process."""
    found = PreviousBuild(out, json.loads(manifest_text))
    start = 0
    for part in parts:
        found.parts[part.path] = part
        found._rows[part.path] = (start, len(part.chunks))
        start += len(part.chunks)
    found._index, found._edges = index, edges
    _WRITTEN[out] = (manifest_text, found)


def previous_build(out: Path, model: str) -> PreviousBuild:
    """The build at out as an update's starting point (with the reason when none is usable)."""
    found = PreviousBuild(out)
    try:
        text = (out / MANIFEST).read_text(encoding="utf-8")
        manifest = json.loads(text)
    except (OSError, ValueError):
        found.reason = f"no build at {out} to update"
        return found
    written = _WRITTEN.get(out)
    if (
        written is not None
        and written[0] == text
        and manifest.get("model", {}).get("name") == model
    ):
        return written[1]
    if not isinstance(manifest, dict):
        found.reason = f"{out}/{MANIFEST} is not a build manifest"
        return found
    found.manifest = manifest
    if manifest.get("ingest", {}).get("fingerprint") != ingest_fingerprint():
        found.reason = "it was made by other ingest code or another service catalog"
    elif manifest.get("model", {}).get("name") != model:
        found.reason = f"it was embedded with {manifest.get('model', {}).get('name')}"
    elif not (out / PARTS).is_file():
        found.reason = "it was made by an older kg, without per-file parts"
    else:
        try:
            parts = list(read_parts(out / PARTS))
        except (OSError, ValueError) as exc:
            found.reason = str(exc)
            return found
        start = 0
        for part in parts:
            found.parts[part.path] = part
            found._rows[part.path] = (start, len(part.chunks))
            start += len(part.chunks)
        if start != manifest.get("counts", {}).get("chunks"):
            found.parts, found._rows = {}, {}
            found.reason = f"its {PARTS} does not match its chunks"
    return found
