"""Map positions (graph/layout.py): the same every time, no name over another."""

import pytest

from graph.layout import LabelBox, spread
from graph.neighbours import neighbourhood, service_map
from graph.store import load_build


def _drawn(build_path):
    hood = service_map(load_build(build_path))
    nodes = [(n["id"], n["label"]) for n in hood.nodes]
    edges = [(e["source"], e["target"]) for e in hood.edges]
    return nodes, edges


def _overlaps(pos, nodes, box, center=None):
    sizes = {n: box.size(name, n == center) for n, name in nodes}

    def span(n):
        (x, y), (w, h) = pos[n], sizes[n]
        top = y - (box.center_node if n == center else box.node) / 2
        return x - w / 2, x + w / 2, top, top + h

    ids = sorted(pos)
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ax1, ax2, ay1, ay2 = span(a)
            bx1, bx2, by1, by2 = span(b)
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                out.append((a, b))
    return out


@pytest.mark.parametrize("which", ["sample_build", "corpus_build"])
def test_the_course_map_places_every_service_and_no_name_covers_another(which, request):
    nodes, edges = _drawn(request.getfixturevalue(which))
    box = LabelBox()
    pos = spread(nodes, edges, box=box)
    assert set(pos) == {n for n, _ in nodes}
    assert not _overlaps(pos, nodes, box)
    # The same graph is drawn the same way each time, whatever order it comes in.
    assert spread(list(reversed(nodes)), list(reversed(edges)), box=box) == pos


def test_unconnected_parts_each_get_their_own_part_of_the_box():
    nodes = [(n, n) for n in ("A", "B", "C", "D", "E", "F", "X", "Y")]
    edges = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "E"), ("E", "F"), ("F", "A"), ("X", "Y")]
    pos = spread(nodes, edges, width=700, height=500)
    big = [pos[n][0] for n in "ABCDEF"]
    small = [pos[n][0] for n in "XY"]
    # The larger part takes the left and most of the width; the pair sits beside it.
    assert max(big) + 40 < min(small) and max(big) - min(big) > 250, pos


def test_odd_graphs_get_positions_too():
    assert spread([], []) == {}
    assert spread([("only", "only")], []) == {"only": (380.0, 280.0)}
    # A name far wider than the wrap width, an edge to nowhere, and a loop.
    long = "x" * 5000
    pos = spread([("a", long), ("b", "b")], [("a", "b"), ("a", "ghost"), ("b", "b")])
    assert set(pos) == {"a", "b"} and not _overlaps(pos, [("a", long), ("b", "b")], LabelBox())


@pytest.mark.parametrize("depth, kinds", [(1, {"service"}), (2, {"service", "concept"})])
def test_a_neighbourhood_keeps_its_centre_in_the_middle_and_no_name_covers_another(
    sample_build, depth, kinds
):
    build = load_build(sample_build)
    hood = neighbourhood(build, "service:Lambda", depth, node_kinds=kinds)
    nodes = [(n["id"], n["label"][:60]) for n in hood.nodes]
    edges = [(e["source"], e["target"]) for e in hood.edges]
    box = LabelBox(font=14, wrap=110)
    pos = spread(nodes, edges, 740, 440, box, center=hood.center)
    assert len(pos) == len(nodes) > 5
    assert not _overlaps(pos, nodes, box, hood.center)
    xs = sorted(p[0] for p in pos.values())
    ys = sorted(p[1] for p in pos.values())
    cx, cy = pos[hood.center]
    # The centre sits amid its neighbours, not at an edge of the drawing.
    assert xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]
    assert abs(cx - (xs[0] + xs[-1]) / 2) < 0.2 * (xs[-1] - xs[0])


def test_a_ring_puts_nodes_of_one_group_side_by_side():
    ring = [f"n{i}" for i in range(12)]
    nodes = [("c", "c")] + [(n, n) for n in ring]
    edges = [("c", n) for n in ring]
    groups = {
        n: ("red" if i % 3 == 0 else "blue" if i % 3 == 1 else "green") for i, n in enumerate(ring)
    }
    pos = spread(nodes, edges, 700, 500, center="c", groups=groups)
    cx, cy = pos["c"]
    import math

    around = sorted(ring, key=lambda n: math.atan2(pos[n][1] - cy, pos[n][0] - cx))
    colours = [groups[n] for n in around]
    # Going round the ring, the colour changes three times at most (once per group, cyclic).
    changes = sum(1 for a, b in zip(colours, colours[1:] + colours[:1], strict=True) if a != b)
    assert changes == 3, colours
