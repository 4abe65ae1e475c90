"""Keys for services and concepts that outlive rebuilds (progress is stored by them).

A service is `service:NAME` (its catalog name); a concept is `concept:FILE › TITLE`, with
the file's name and `#2`, `#3` for a title's later occurrences in that file. Node ids count
concepts, so they move when notes are added; these do not.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath

from graph.lookup import resolve
from graph.store import Build

__all__ = ["keys_for", "label_of", "progress_key"]


def _concept_keys(build: Build) -> dict[str, str]:
    """Every concept's key, computed once per build: its file's name, its title, and which
    occurrence of that title in that file it is."""
    cached = build.cache.get("progress_keys")
    if cached is not None:
        return cached
    seen: dict[tuple[str, str], int] = {}
    keys = {}
    for node, d in sorted(build.nodes_of("concept"), key=lambda nd: nd[1]["order"]):
        name = PurePath(d["source"]).name
        n = seen[(name, d["title"])] = seen.get((name, d["title"]), 0) + 1
        keys[node] = f"concept:{name} › {d['title']}" + (f" #{n}" if n > 1 else "")
    build.cache["progress_keys"] = keys
    return keys


def progress_key(build: Build, node: str) -> str:
    """The key a service or concept node is learned under."""
    data = build.graph.nodes[node]
    if data["kind"] == "service":
        return f"service:{data['name']}"
    return _concept_keys(build)[node]


def keys_for(build: Build, names: Iterable[str]) -> list[str]:
    """The keys of services or concepts as a person names them (NotFound if one is unknown);
    a key itself is taken as it is."""
    keys = []
    for name in names:
        if name.startswith(("service:", "concept:")) and name in _all_keys(build):
            keys.append(name)
        else:
            keys.append(progress_key(build, resolve(build, name)))
    return keys


def _all_keys(build: Build) -> set[str]:
    services = {f"service:{d['name']}" for _, d in build.nodes_of("service")}
    return services | set(_concept_keys(build).values())


def label_of(key: str) -> str:
    """What a person calls a key: the service's name or the concept's title."""
    kind, _, rest = key.partition(":")
    if kind == "concept" and " › " in rest:
        rest = rest.split(" › ", 1)[1]
    return rest
