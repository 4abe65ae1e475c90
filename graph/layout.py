"""Where to draw a graph's nodes so that no node's name covers another's.

Force-directed layouts in the browser start from random positions and leave names on top of
each other on a dense map (thirty services, a hundred and more relations). Positions are
computed here instead, the same for the same graph: a seeded spring layout stretched over a
box of the canvas's shape, then the names' boxes pushed apart until none overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["LabelBox", "spread"]

_MAX_ROUNDS = 400
_GAP = 30.0


@dataclass(frozen=True, slots=True)
class LabelBox:
    """How a node's name is drawn: font size and wrap width in layout units."""

    font: float = 14.0
    wrap: float = 130.0
    node: float = 16.0  # the dot above the name

    def size(self, name: str) -> tuple[float, float]:
        """Width and height of the dot with its name under it, the position at the dot's
        centre (a rough text measure that errs on the large side)."""
        line = 0.62 * self.font * max(1, len(name))
        lines = math.ceil(line / self.wrap)
        width = max(self.node, min(line, self.wrap)) + 12
        return width, self.node + 1.4 * self.font * lines + 8


def spread(
    nodes: list[tuple[str, str]],
    edges: list[tuple[str, str]],
    width: float = 760.0,
    height: float = 560.0,
    box: LabelBox | None = None,
) -> dict[str, tuple[float, float]]:
    """Positions for nodes ((id, name) pairs) joined by edges, in a width × height box,
    with no two named nodes overlapping; the same input gives the same positions."""
    import networkx as nx

    if not nodes:
        return {}
    box = box or LabelBox()
    g = nx.Graph()
    g.add_nodes_from(sorted(n for n, _ in nodes))
    g.add_edges_from(sorted((u, v) for u, v in edges if u in g and v in g and u != v))
    # Unconnected parts side by side, each a slice of the width by its size: one spring
    # layout of all of them would fling the small ones to a corner and squeeze the rest.
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), min(c)))
    shares = [math.sqrt(len(c)) for c in parts]
    pos: dict[str, list[float]] = {}
    left = 0.0
    for part, share in zip(parts, shares, strict=True):
        sub = g.subgraph(part)
        raw = nx.spring_layout(sub, seed=7, k=2.5 / math.sqrt(len(sub)), iterations=200)
        slice_width = width * share / sum(shares)
        slice_height = height * share / shares[0]  # a small part stays small, centred
        gap = min(_GAP, slice_width / 4)  # parts kept apart, not touching at the seam
        top = (height - slice_height) / 2
        pos.update(_stretch(raw, left + gap, slice_width - 2 * gap, top, slice_height))
        left += slice_width
    sizes = {n: box.size(name) for n, name in nodes}
    return _untangle(pos, sizes)


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
    pos: dict[str, list[float]], sizes: dict[str, tuple[float, float]]
) -> dict[str, tuple[float, float]]:
    """Push overlapping boxes apart along the axis where they overlap least, both halves.
    A box hangs from its dot: centred across, and from the dot's top edge down."""
    ids = sorted(pos)
    for _ in range(_MAX_ROUNDS):
        moved = False
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                dx = pos[b][0] - pos[a][0]
                # Centre to centre, down the boxes (each hangs from its dot).
                dy = (pos[b][1] + sizes[b][1] / 2) - (pos[a][1] + sizes[a][1] / 2)
                over_x = (sizes[a][0] + sizes[b][0]) / 2 - abs(dx)
                over_y = (sizes[a][1] + sizes[b][1]) / 2 - abs(dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                moved = True
                if over_x < over_y:
                    step = (over_x / 2 + 1) * (1 if dx >= 0 else -1)
                    pos[a][0] -= step
                    pos[b][0] += step
                else:
                    step = (over_y / 2 + 1) * (1 if dy >= 0 else -1)
                    pos[a][1] -= step
                    pos[b][1] += step
        if not moved:
            break
    return {n: (round(float(p[0]), 1), round(float(p[1]), 1)) for n, p in pos.items()}
