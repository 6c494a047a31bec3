"""The report's SVG plots: heatmap values, the shaded shortfall, and mentoring graphs whose names can be read."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teamcore.exceptions import InvalidValue, WrongType
from teamcore.report import Plot, Table
from teamcore.report._plots import graph_layers, plot_svg

pytest.importorskip("matplotlib")

TEXT = re.compile(r'<text style="font-size: ([\d.]+)px;[^"]*?text-anchor: (\w+)[^"]*" x="([-\d.]+)" y="([-\d.]+)"[^>]*>'
                  r"([^<]*)</text>")  # fmt: skip
VIEWBOX = re.compile(r'viewBox="0 0 ([\d.]+) ([\d.]+)"')


def texts(svg: str) -> list[tuple[str, float, float, float, str]]:
    """Every ``<text>`` of `svg`: its content, font size, x, y (baseline) and anchor."""
    return [(t, float(size), float(x), float(y), anchor) for size, anchor, x, y, t in TEXT.findall(svg)]


def box(size: float, x: float, y: float, anchor: str, text: str) -> tuple[float, float, float, float]:
    """A text's box (left, top, right, bottom), its width estimated at 0.62 em a character (lower-case DejaVu Sans
    averages about 0.55)."""
    width = 0.62 * size * len(text)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, y - 0.8 * size, left + width, y + 0.25 * size


def graph(edges: list[tuple[str, str]]) -> Plot:
    return Plot(
        kind="graph", title="Mentoring", alt="mentor to mentee", data=Table(title="e", columns=["a", "b"], rows=edges)
    )


def cell_texts(svg: str) -> list[tuple[str, str]]:
    """The values written on a heatmap's cells (the only texts with a fill colour of their own), with that colour."""
    return [(t, fill) for fill, t in re.findall(r'<text style="[^"]*fill: (#[0-9a-f]{6})[^>]*>([^<]*)</text>', svg)]


class TestHeatmap:
    def test_cells_carry_their_values(self):
        """Every cell's value is written on it, row by row: whole numbers plain, others to one decimal, none blank."""
        data = Table(title="h", columns=["hour", "Mon", "Tue"], rows=[("00", 0, 2.25), ("01", None, 7)])
        svg = plot_svg(Plot(kind="heatmap", title="H", alt="a", data=data))
        assert [t for t, _ in cell_texts(svg)] == ["0", "2.2", "7"]

    def test_text_contrasts_with_its_cell(self):
        """The darkest cell (viridis: purple) has white text, the lightest (yellow) near-black text."""
        data = Table(title="h", columns=["hour", "Mon"], rows=[("00", 0), ("01", 9)])
        svg = plot_svg(Plot(kind="heatmap", title="H", alt="a", data=data))
        assert cell_texts(svg) == [("0", "#ffffff"), ("9", "#111111")]

    def test_cells_too_small_stay_unlabelled(self):
        """A grid of 200 columns has no room for numbers: the cells show colour only."""
        data = Table(title="h", columns=["row", *(f"c{i}" for i in range(200))], rows=[("r", *range(200))])
        assert cell_texts(plot_svg(Plot(kind="heatmap", title="H", alt="a", data=data))) == []


class TestShortfall:
    def data(self, scheduled: list[int]) -> Table:
        return Table(
            title="s",
            columns=["start", "required", "scheduled"],
            rows=[(f"t{i}", 3, s) for i, s in enumerate(scheduled)],
        )

    def test_shaded_where_short(self):
        """Where scheduled falls below required the area between them is shaded, and the legend says so."""
        plot = Plot(kind="line", title="S", alt="a", data=self.data([4, 1, 4]), shortfall=("required", "scheduled"))
        svg = plot_svg(plot)
        assert "scheduled below required" in svg
        assert re.search(r'style="fill: #c0392b; fill-opacity: 0\.45', svg)

    def test_not_shaded_without_the_hint(self):
        """A line plot without `shortfall` shades nothing."""
        svg = plot_svg(Plot(kind="line", title="S", alt="a", data=self.data([4, 1, 4])))
        assert "#c0392b" not in svg

    @pytest.mark.parametrize(
        ("kind", "shortfall", "error"),
        [
            ("line", ("required", "missing"), InvalidValue),  # not a series of the table
            ("line", ("start", "required"), InvalidValue),  # the x column is no series
            ("line", ("required",), InvalidValue),  # not a pair
            ("bar", ("required", "scheduled"), InvalidValue),  # only line plots shade
            ("line", "required", WrongType),  # a string is not a pair of names
        ],
    )
    def test_invalid(self, kind, shortfall, error):
        """The shortfall pair must name two series of a line plot."""
        with pytest.raises(error, match="shortfall"):
            Plot(kind=kind, title="S", alt="a", data=self.data([1]), shortfall=shortfall)


names = st.from_regex(r"[a-z]{2,9}(\.[a-z]{2,12})?", fullmatch=True)


@st.composite
def edge_lists(draw: st.DrawFn) -> list[tuple[str, str]]:
    nodes = draw(st.lists(names, min_size=2, max_size=16, unique=True))
    pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)).filter(lambda e: e[0] != e[1])
    return draw(st.lists(pairs, min_size=1, max_size=20, unique=True))


class TestGraph:
    @settings(max_examples=25)
    @given(edge_lists())
    @example([("astrid.lindqvist", "johan.berg"), ("johan.berg", "mikael.holm"), ("arjun.mehta", "divya.nair")])
    @example([(f"mentor{i}", f"mentor{i + 1}") for i in range(9)])  # a chain: nine middle layers side by side
    @example([("aa", "bb"), ("bb", "aa")])  # a cycle: one layer
    @example([("hub", f"mentee.number{i}") for i in range(14)])  # one mentor, a tall layer of long names
    def test_no_two_labels_overlap(self, edges):
        """Each node's name is drawn once, inside the picture, and no two names' boxes overlap."""
        svg = plot_svg(graph(edges))
        width, height = map(float, VIEWBOX.search(svg).groups())  # type: ignore[union-attr]
        labels = texts(svg)
        nodes = {n for edge in edges for n in edge}
        assert sorted(t for t, *_ in labels) == sorted(nodes)
        boxes = [box(size, x, y, anchor, t) for t, size, x, y, anchor in labels]
        for left, top, right, bottom in boxes:
            assert left >= 0
            assert top >= 0
            assert right <= width
            assert bottom <= height
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                assert apart, (labels[boxes.index(a)], labels[boxes.index(b)])

    @given(edge_lists())
    def test_layers_order_edges(self, edges):
        """Every node is in one layer; an edge leads to a later layer, or stays in one (a cycle's members)."""
        layers = graph_layers(edges)
        where = {n: i for i, layer in enumerate(layers) for n in layer}
        assert sum(map(len, layers)) == len(where) == len({n for e in edges for n in e})
        for source, target in edges:
            assert where[source] <= where[target]

    def test_deterministic(self):
        """The same graph gives the same SVG bytes, whatever the order of its edges."""
        edges = [("ana", "bo"), ("ana", "cy"), ("dag", "eve")]
        assert plot_svg(graph(edges)) == plot_svg(graph(list(reversed(edges))))
