"""Each build file's size and sha256, recorded in the manifest and checked against the disk.

Sizes are checked at every load (a stat per file); hashes only by `kg verify`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = [
    "CONCEPTS_FILE", "FORMAT_VERSION", "MANIFEST", "file_records", "hash_problems",
    "size_problems",
]  # fmt: skip

# What a build directory is, here where opening one needs no heavy import.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# What search needs of the graph, small enough to read at every start: each concept's id,
# title, service and number of chunks, and the service catalog.
CONCEPTS_FILE = "concepts.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_records(folder: Path) -> dict[str, dict]:
    """Every file below folder but the manifest: relative path → {bytes, sha256}."""
    records = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name != MANIFEST:
            records[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path)}
    return records


def size_problems(folder: Path, records: dict[str, dict]) -> list[str]:
    """Files missing or of another size than recorded, each as "name is …"."""
    problems = []
    for name, record in records.items():
        path = folder / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif (size := path.stat().st_size) != record["bytes"]:
            problems.append(f"{name} is {size:,} bytes, the manifest says {record['bytes']:,}")
    return problems


def hash_problems(folder: Path, records: dict[str, dict]) -> list[str]:
    """Size problems, then files whose content differs from what was recorded."""
    problems = size_problems(folder, records)
    bad = {p.split(" ", 1)[0] for p in problems}
    for name, record in records.items():
        if name not in bad and _sha256(folder / name) != record["sha256"]:
            problems.append(f"{name} was changed since it was built (sha256 differs)")
    return problems
