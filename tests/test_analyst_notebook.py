"""The analyst's notebook under examples/ runs from start to end and shows what its text says it shows."""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "analyst.py"


@pytest.fixture(scope="module")
def cells() -> dict[str, Any]:
    """The notebook's namespace after running it as plain Python from the repository root, as `make test` does."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        return runpy.run_path(str(NOTEBOOK), run_name="__main__")


class TestAnalystNotebook:
    def test_is_a_percent_script(self):
        """jupytext reads it as a notebook: a header, then code and markdown cells marked ``# %%``."""
        text = NOTEBOOK.read_text(encoding="utf-8")
        assert text.startswith("# ---\n# jupyter:\n#   jupytext:\n#     formats: py:percent")
        assert text.count("# %% [markdown]") >= 6
        assert text.count("# %%\n") >= 7

    def test_loads_the_example(self, cells: dict[str, Any]):
        """Load: the Northwind organisation, every ticket and event row accepted."""
        assert len(cells["org"]) == 44
        assert cells["members"].height == 44
        assert cells["tickets"].loaded == cells["tickets"].rows_in == 3010
        assert not cells["events"].rejected

    def test_coverage_and_its_plot(self, cells: dict[str, Any]):
        """Coverage of the week before NOW, and its heatmap drawn: 24 hours down, 7 weekdays across."""
        week = cells["week"]
        assert (week.end - week.start).days == 7
        image = cells["coverage_plot"].get_images()[0]
        assert image.get_array().shape == (24, 7)

    def test_kpis_by_week_on_both_engines(self, cells: dict[str, Any]):
        """KPIs by week and team; the pandas run gives pandas with the same counts."""
        weekly, on_pandas = cells["weekly"], cells["weekly_pandas"]
        assert isinstance(weekly, pl.DataFrame)
        assert isinstance(on_pandas, pd.DataFrame)
        assert weekly["period"].n_unique() >= 6
        assert set(weekly["team"].drop_nulls()) <= {t.id for t in cells["org"].teams}
        assert on_pandas["incoming"].tolist() == weekly["incoming"].to_list()

    def test_trend_plot(self, cells: dict[str, Any]):
        """The trend has one line per metric, one point per week."""
        lines = cells["trend_plot"].get_lines()
        assert [line.get_label() for line in lines] == ["incoming", "solved"]
        assert len(lines[0].get_xdata()) == cells["weekly"]["period"].n_unique()

    def test_mentoring_graph(self, cells: dict[str, Any]):
        """The mentoring graph has every member and the example's five relations, drawn as arrows."""
        graph = cells["graph"]
        assert (graph.number_of_nodes(), graph.number_of_edges()) == (44, 5)
        assert cells["mentoring_plot"].patches  # networkx draws each directed edge as an arrow patch

    def test_report_section_renders(self, cells: dict[str, Any]):
        """The last cell's value, a report section, renders as the HTML report's section with its heatmap."""
        html = cells["report"].section("coverage")._repr_html_()
        assert html.startswith('<section id="coverage"')
        assert "<svg" in html
