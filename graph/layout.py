"""Where to draw a graph's nodes so that no node's name covers another's.

Force-directed layouts in the browser start from random positions and leave names on top of
each other on a dense map (thirty services, a hundred and more relations). Positions are
computed here instead, the same for the same graph: a seeded spring layout stretched over a
box of the canvas's shape (a neighbourhood: its centre in the middle, each hop on a ring),
then the names' boxes pushed apart until none overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LabelBox", "spread"]

# Rounds of pushing names apart: a 150-node neighbourhood settles in a few hundred.
_MAX_ROUNDS = 800
# Space kept between the unconnected parts of a map, side by side.
_GAP = 30.0
# How much of the box the names may fill before it grows: below a third, they have room.
_ROOM = 3.0
# How far apart a neighbourhood's rings are, at the least; past this many nodes, rings
# grow wider than a sprung layout and the names too small to read.
_RING_STEP = 130.0
_RINGS_UP_TO = 50


@dataclass(frozen=True, slots=True)
class LabelBox:
    """How a node's name is drawn: font size and wrap width in layout units."""

    font: float = 14.0
    wrap: float = 130.0
    node: float = 16.0  # the dot above the name
    center_node: float = 30.0  # a neighbourhood's centre is drawn larger

    def size(self, name: str, center: bool = False) -> tuple[float, float]:
        """Width and height of the dot with its name under it, the position at the dot's
        centre (a rough text measure that errs on the large side)."""
        node = self.center_node if center else self.node
        line = 0.62 * self.font * max(1, len(name))
        lines = math.ceil(line / self.wrap)
        width = max(node, min(line, self.wrap)) + 12
        return width, node + 1.4 * self.font * lines + 8


def spread(
    nodes: list[tuple[str, str]],
    edges: list[tuple[str, str]],
    width: float = 760.0,
    height: float = 560.0,
    box: LabelBox | None = None,
    center: str | None = None,
    groups: dict[str, str] | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for nodes ((id, name) pairs) joined by edges, in a width × height box (larger
    when the names need more room), with no two named nodes overlapping (center, if given, in
    the middle; around it, nodes of one group side by side); the same input gives the same
    positions."""
    import networkx as nx

    if not nodes:
        return {}
    box = box or LabelBox()
    g = nx.Graph()
    g.add_nodes_from(sorted(n for n, _ in nodes))
    g.add_edges_from(sorted((u, v) for u, v in edges if u in g and v in g and u != v))
    sizes = {n: box.size(name, n == center) for n, name in nodes}
    # How far each box reaches above its position: half its dot.
    above = {n: (box.center_node if n == center else box.node) / 2 for n, _ in nodes}
    # Room for every name: a graph whose names need more than the box gets a larger box
    # (the browser fits it to the canvas), so the untangling has space to work in.
    need = _ROOM * sum(w * h for w, h in sizes.values())
    grow = max(1.0, math.sqrt(need / (width * height)))
    width, height = width * grow, height * grow
    if center in g and len(g) <= _RINGS_UP_TO:
        pos = _rings(g, center, width, height, sizes, groups or {})
    elif center in g:
        pos = _sprung_around(g, center, width, height)
    else:
        pos = _side_by_side(g, width, height)
    return _untangle(pos, sizes, above)


def _side_by_side(g, width: float, height: float) -> dict[str, list[float]]:
    """Unconnected parts side by side, each a slice of the width by its size: one spring
    layout of all of them would fling the small ones to a corner and squeeze the rest."""
    import networkx as nx

    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    shares = [math.sqrt(len(c)) for c in parts]
    pos: dict[str, list[float]] = {}
    left = 0.0
    for part, share in zip(parts, shares, strict=True):
        sub = g.subgraph(part)
        raw = _sprung(sub)
        slice_width = width * share / sum(shares)
        slice_height = height * share / shares[0]  # a small part stays small, centred
        gap = min(_GAP, slice_width / 4)  # parts kept apart, not touching at the seam
        top = (height - slice_height) / 2
        pos.update(_stretch(raw, left + gap, slice_width - 2 * gap, top, slice_height))
        left += slice_width
    return pos


def _sprung(g, center: str | None = None) -> dict:
    """A seeded spring layout (about -1..1), the centre, if any, held at the origin."""
    import networkx as nx

    k = 2.5 / math.sqrt(len(g))
    if center is None:
        return nx.spring_layout(g, seed=7, k=k, iterations=200)
    return nx.spring_layout(
        g, seed=7, k=k, iterations=200, pos={center: (0.0, 0.0)}, fixed=[center]
    )


def _sprung_around(g, center: str, width: float, height: float) -> dict[str, list[float]]:
    """A large neighbourhood, sprung around its centre held in the middle: more compact
    than rings, whose perimeter would have to hold every name."""
    raw = _sprung(g, center)
    reach_x = max(abs(p[0]) for p in raw.values()) or 1.0
    reach_y = max(abs(p[1]) for p in raw.values()) or 1.0
    return {
        n: [width / 2 + p[0] / reach_x * width / 2, height / 2 + p[1] / reach_y * height / 2]
        for n, p in raw.items()
    }


def _rings(
    g,
    center: str,
    width: float,
    height: float,
    sizes: dict[str, tuple[float, float]],
    groups: dict[str, str],
) -> dict[str, list[float]]:
    """A neighbourhood: the centre in the middle, each hop on a ring around it (an ellipse
    of the box's shape), a group's nodes side by side, in the order a spring layout puts
    them, so neighbours that relate to each other sit side by side. A ring is long enough
    for its names."""
    import networkx as nx

    raw = _sprung(g, center)
    hops = nx.single_source_shortest_path_length(g, center)
    last = max(hops.values(), default=0) + 1
    rings: dict[int, list[str]] = {}
    for n in sorted(g):
        if n != center:
            rings.setdefault(hops.get(n, last), []).append(n)
    aspect = width / height
    pos = {center: [width / 2, height / 2]}
    radius = 0.0
    for hop in sorted(rings):
        ring = sorted(
            rings[hop], key=lambda n: (groups.get(n, ""), math.atan2(raw[n][1], raw[n][0]))
        )
        # The ellipse's perimeter (about π·r·(1 + aspect)) must hold the names side by side:
        # across along the top and bottom, stacked along the sides, so about half of each.
        room = sum(sizes[n][0] + sizes[n][1] for n in ring) / 2 / (math.pi * (1 + aspect))
        radius = max(radius + _RING_STEP, room)
        for i, n in enumerate(ring):
            angle = 2 * math.pi * i / len(ring) + math.atan2(raw[ring[0]][1], raw[ring[0]][0])
            pos[n] = [
                width / 2 + radius * aspect * math.cos(angle),
                height / 2 + radius * math.sin(angle),
            ]
    return pos


def _stretch(
    raw: dict, left: float, width: float, top: float, height: float
) -> dict[str, list[float]]:
    """Spring positions (about -1..1) scaled to fill a slice of the box; a lone node sits
    in its slice's middle."""
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span_x = max(xs) - min(xs)
    span_y = max(ys) - min(ys)
    return {
        n: [
            left + ((p[0] - min(xs)) / span_x if span_x else 0.5) * width,
            top + ((p[1] - min(ys)) / span_y if span_y else 0.5) * height,
        ]
        for n, p in raw.items()
    }


def _untangle(
    pos: dict[str, list[float]], sizes: dict[str, tuple[float, float]], above: dict[str, float]
) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart along the axis where they overlap least, each by half.
    A box hangs from its dot: centred across, and from the dot's top edge down."""
    import numpy as np

    ids = sorted(pos)
    xy = np.array([pos[n] for n in ids], dtype=np.float64)
    wh = np.array([sizes[n] for n in ids], dtype=np.float64)
    lift = np.array([above[n] for n in ids], dtype=np.float64)
    upper = np.triu(np.ones((len(ids), len(ids)), dtype=bool), 1)
    for _ in range(_MAX_ROUNDS):
        centre = xy + np.column_stack([np.zeros(len(ids)), wh[:, 1] / 2 - lift])
        d = centre[None, :, :] - centre[:, None, :]  # d[i, j] = j - i
        over = (wh[:, None, :] + wh[None, :, :]) / 2 - np.abs(d)
        hit = upper & (over[..., 0] > 0) & (over[..., 1] > 0)
        if not hit.any():
            break
        along_x = over[..., 0] < over[..., 1]
        # Ties (two boxes on one spot) part by index, the same way every time.
        sign = np.where(d >= 0, 1.0, -1.0)
        step = np.zeros_like(d)
        step[..., 0] = np.where(hit & along_x, (over[..., 0] / 2 + 1) * sign[..., 0], 0.0)
        step[..., 1] = np.where(hit & ~along_x, (over[..., 1] / 2 + 1) * sign[..., 1], 0.0)
        # Each pair moves i back and j forward; a box in many pairs takes the largest push.
        push = np.zeros_like(xy)
        np.add.at(push, np.nonzero(hit)[1], step[hit])
        np.add.at(push, np.nonzero(hit)[0], -step[hit])
        counts = np.bincount(np.concatenate(np.nonzero(hit)), minlength=len(ids))
        xy += push / np.sqrt(np.maximum(counts, 1))[:, None]
    return {n: (round(float(x), 1), round(float(y), 1)) for n, (x, y) in zip(ids, xy, strict=True)}
