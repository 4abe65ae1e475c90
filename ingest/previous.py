"""The build an update starts from: its parts, its vectors and its relations, each read only
if it can be reused (made by this ingest code, with this model)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.fingerprint import ingest_fingerprint
from ingest.integrity import MANIFEST
from ingest.fileparts import PARTS, FilePart, read_parts

__all__ = ["PreviousBuild", "previous_build"]


@dataclass(slots=True)
class PreviousBuild:
    """What an update may reuse of the build it replaces; empty when nothing can be."""

    path: Path
    manifest: dict = field(default_factory=dict)
    parts: dict[str, FilePart] = field(default_factory=dict)
    reason: str = ""  # why nothing is reused, when nothing is
    _rows: dict[str, tuple[int, int]] = field(default_factory=dict)
    _vectors: np.ndarray | None = None

    @property
    def roots(self) -> list[Path]:
        return [Path(p) for p in self.manifest.get("roots", [])]

    def vectors(self, part: FilePart) -> np.ndarray | None:
        """The vectors the build holds for an unchanged part's chunks, in order."""
        if part.path not in self._rows:
            return None
        if self._vectors is None:
            import faiss

            index = faiss.read_index(str(self.path / "index.faiss"))
            self._vectors = index.reconstruct_n(0, index.ntotal)
        start, count = self._rows[part.path]
        return self._vectors[start : start + count]

    def relation_edges(self, changed: set[str]) -> list[tuple[str, str, str, dict]]:
        """The build's relation edges with the evidence from changed (or removed) files taken
        out, and those left with none dropped: only statements still in the notes remain."""
        data = json.loads((self.path / "graph.json").read_text(encoding="utf-8"))
        kept = []
        for edge in data.get("edges", []):
            if edge.get("kind") != "relation":
                continue
            evidence = [e for e in edge.get("evidence", []) if e.get("source") not in changed]
            if evidence:
                attrs = {k: v for k, v in edge.items() if k not in ("source", "target", "key")}
                kept.append((edge["source"], edge["target"], edge["key"], {**attrs,
                             "evidence": evidence}))  # fmt: skip
        return kept


def previous_build(out: Path, model: str) -> PreviousBuild:
    """The build at out as an update's starting point (with the reason when none is usable)."""
    found = PreviousBuild(out)
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found.reason = f"no build at {out} to update"
        return found
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
