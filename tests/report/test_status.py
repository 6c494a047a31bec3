"""Tests for the report's status vocabulary, its Rated and Rate cells, tiles, and how every renderer shows them."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import tempfile
from html import escape
from html import unescape as html_unescape
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

from teamcore._percent import percent, whole_percent
from teamcore.exceptions import InvalidValue, OutOfRange, WrongType
from teamcore.feedback import ComplianceStatus
from teamcore.people import dump_organisation
from teamcore.report import (
    COMPLIANCE_STATUS,
    Actor,
    AttentionItem,
    Figure,
    Figures,
    Rate,
    Rated,
    Report,
    ReportContext,
    Section,
    Status,
    Table,
    cell_text,
    compliance_cell,
    render_terminal,
    report_schema,
    report_to_dict,
    report_to_html,
)
from teamcore.report._coverage import coverage_section, gap_status
from teamcore.report._knowledge import article_status
from teamcore.report._kpi import rate_status, sla_status
from teamcore.report._mentoring import bus_factor_status
from teamcore.report._staffing import STAFFING_STATUS
from teamcore.strategies import organisations
from tests.report.test_terminal_width import DEMO_NOW, EXAMPLE, demo_args, run_main

NOW = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)


def one_table_report(table: Table, figures: Figures | None = None) -> Report:
    """A report of one section holding `table` (and `figures`)."""
    blocks = [table] if figures is None else [figures, table]
    return Report(
        title="T", organisation="O", now=NOW, team=None, sections=[Section(key="s", title="S", blocks=blocks)]
    )


def terminal(report: Report, width: int = 80) -> str:
    """The report in a terminal of `width` columns, without colour."""
    out = io.StringIO()
    render_terminal(report, Console(file=out, width=width, no_color=True, legacy_windows=False))
    return out.getvalue()


class TestStatus:
    def test_vocabulary(self):
        """Three statuses, each with a distinct symbol and its word as label; values are the JSON strings."""
        assert [(s.value, s.symbol, s.label) for s in Status] == [("ok", "✓", "ok"), ("watch", "▲", "watch"),
                                                                  ("act", "✗", "act")]  # fmt: skip
        assert json.dumps(list(Status)) == '["ok", "watch", "act"]'

    def test_worst(self):
        """The worst of no statuses is ok; act beats watch beats ok."""
        assert Status.worst([]) is Status.OK
        assert Status.worst([Status.WATCH, Status.OK]) is Status.WATCH
        assert Status.worst([Status.WATCH, Status.ACT, Status.OK]) is Status.ACT


class TestRate:
    @pytest.mark.parametrize(
        ("share", "text"),
        [
            (0.0, "0%"),
            (0.002, "1%"),  # above 0 never reads 0%
            (0.005, "1%"),  # halves round up
            (2 / 3, "67%"),
            (0.9595, "96%"),  # the demo's coverage: 161.2 h of 168
            (0.996, "99%"),  # below 1 never reads 100%
            (1.0, "100%"),
        ],
    )
    def test_one_rounding_rule(self, share, text):
        """Whole percents, halves up, never 0% or 100% unless exactly so."""
        assert Rate(share).text == percent(share) == text

    @given(st.floats(0, 1))
    def test_percent_is_within_one_of_the_share(self, share):
        """The shown percent is within one point of the share, and 0 or 100 only at the ends."""
        shown = whole_percent(share)
        assert abs(shown - 100 * share) <= 1
        assert (shown == 0) == (share == 0)
        assert (shown == 100) == (share == 1)

    @pytest.mark.parametrize(
        ("value", "error"),
        [
            (1.5, OutOfRange),  # a share, not a percent
            (-0.1, OutOfRange),
            ("67%", WrongType),  # text is not a rate
            (True, WrongType),
            (float("nan"), InvalidValue),
        ],
    )
    def test_invalid(self, value, error):
        """A rate is a finite share from 0 to 1."""
        with pytest.raises(error, match="value"):
            Rate(value)


class TestRated:
    def test_label(self):
        """Symbol, then the text, else the value's own text, else the status word."""
        assert Rated(Rate(0.79), Status.ACT).label == "✗ 79%"
        assert Rated(-2.5, "act", "breached").label == "✗ breached"
        assert Rated(3, Status.WATCH).label == "▲ 3"
        assert Rated.of(Status.OK).label == "✓ ok"

    @pytest.mark.parametrize(
        ("value", "status", "error"),
        [
            ([1], Status.OK, WrongType),  # a list is no cell value
            (Rated(1, Status.OK), Status.OK, WrongType),  # no rated value inside a rated cell
            (1, "red", WrongType),  # red is the staffing word; the status is act
            (1, None, WrongType),
        ],
    )
    def test_invalid(self, value, status, error):
        """A rated cell holds a scalar or a rate and a Status."""
        with pytest.raises(error):
            Rated(value, status)

    def test_table_accepts_them_and_keeps_rate_columns_whole(self):
        """Tables take rated and rate cells; a column mixes rates and plain numbers nowhere."""
        table = Table(title="t", columns=["a", "b"], rows=[(Rated("x", Status.OK), Rate(0.5)), (None, None)])
        assert table.units() == (None, "ratio")
        with pytest.raises(InvalidValue, match=r"columns\[1\]"):
            Table(title="t", columns=["a", "b"], rows=[("x", Rate(0.5)), ("y", 0.5)])


class TestFigure:
    @pytest.mark.parametrize(
        ("figure", "change"),
        [
            (Figure("CSAT", Rate(0.79), previous=Rate(0.84)), "↓ -5 pp"),
            (Figure("CSAT", Rate(0.79), previous=Rate(0.79)), "→ 0 pp"),
            (Figure("Backlog", 29, previous=36), "↓ -7"),
            (Figure("Incoming", 499, previous=485), "↑ +14"),
            (Figure("First reply", 2.5, previous=2.4, unit="h"), "↑ +0.1 h"),
            (Figure("First reply", 2.5, previous=2.47, unit="h"), "→ 0 h"),
            (Figure("Weekday", "Tuesday", previous="Monday"), None),  # text has no change
            (Figure("CSAT", Rate(0.79)), None),  # no previous period
            (Figure("CSAT", Rate(None), previous=Rate(0.8)), None),
        ],
    )
    def test_change(self, figure, change):
        """An arrow and a signed delta in the figure's unit; rates change in percentage points."""
        assert figure.change_text() == change

    def test_a_figure_has_its_own_status_field(self):
        """A figure's value is never a rated cell; its status is a field of its own."""
        with pytest.raises(WrongType, match="value"):
            Figure("x", Rated(1, Status.OK))
        with pytest.raises(WrongType, match="status"):
            Figure("x", 1, status="red")

    def test_tiles_show_value_target_and_change(self):
        """Terminal and HTML tiles show the symbol and value, the target and the change; JSON keeps the numbers."""
        figure = Figure("CSAT", Rate(0.79), "good / rated", target=Rate(0.9), previous=Rate(0.77), status="act")
        report = one_table_report(Table(title="t", columns=["a"], rows=[]), Figures([figure]))
        text = terminal(report)
        for shown in ("✗ 79%", "CSAT", "target 90%", "↑ +2 pp"):
            assert shown in text
        html = report_to_html(report)
        assert '<div class="tile status-act">' in html
        assert "✗ 79%" in html
        assert "target 90% · ↑ +2 pp" in html
        data = report_to_dict(report)
        jsonschema.validate(data, report_schema())
        item = data["sections"][0]["blocks"][0]["items"][0]
        assert {k: item[k] for k in ("value", "unit", "target", "previous", "status")} == {
            "value": 0.79, "unit": "ratio", "target": 0.9, "previous": 0.77, "status": "act"}  # fmt: skip


scalars = st.one_of(
    st.none(),
    st.integers(-10_000, 10_000),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12),
)
rates = st.builds(Rate, st.one_of(st.none(), st.floats(0, 1)))
rated = st.builds(Rated, st.one_of(scalars, rates), st.sampled_from(Status))


class TestRenderedEverywhere:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cell=st.one_of(rated, rates))
    @example(cell=Rated(Rate(2 / 3), Status.WATCH))
    @example(cell=Rate(0.9595))
    def test_label_in_terminal_and_html_value_in_json(self, cell):
        """Every rated or rate cell shows its label in the terminal and HTML, and keeps its value in JSON."""
        report = one_table_report(Table(title="t", columns=["key", "cell"], rows=[("row", cell)]))
        label = cell_text(cell)
        assert label in terminal(report, 120)
        html = report_to_html(report)
        assert f">{escape(label)}</td>" in html
        if isinstance(cell, Rated):
            assert f'class="status status-{cell.status}' in html
        data = report_to_dict(report)
        jsonschema.validate(data, report_schema())
        block = data["sections"][0]["blocks"][0]
        rate = cell.value if isinstance(cell, Rated) else cell
        expected = rate.value if isinstance(rate, Rate) else rate
        assert block["rows"][0][1] == expected
        assert block["units"][1] == ("ratio" if isinstance(rate, Rate) else None)
        assert block["statuses"][0] == [None, cell.status if isinstance(cell, Rated) else None]
        raw = expected if isinstance(expected, int | float) else None
        if raw is not None:
            assert f'data-sort="{raw!r}"' in html


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo's HTML report."""
    path = tmp_path_factory.mktemp("demo") / "report.html"
    code, _, _ = run_main(demo_args("--html", str(path)), 120)
    assert code == 0
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def demo_json(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The demo's JSON report."""
    path = tmp_path_factory.mktemp("demo") / "report.json"
    code, _, _ = run_main(demo_args("--json", str(path)), 120)
    assert code == 0
    return json.loads(path.read_text(encoding="utf-8"))


class TestRatesOneWay:
    def test_no_percent_text_in_the_model(self, demo_json):
        """No cell or figure of the demo holds a rate as text ("79%") or as a bare float column named like a rate."""
        for section in demo_json["sections"]:
            for block in section["blocks"]:
                table = block["data"] if block["type"] == "plot" else block if block["type"] == "table" else None
                cells = [] if table is None else [c for row in table["rows"] for c in row]
                if block["type"] == "figures":
                    cells = [i["value"] for i in block["items"]]
                assert not [c for c in cells if isinstance(c, str) and re.fullmatch(r"\d+%", c)], section["key"]
                if table is not None:
                    for column, unit in zip(table["columns"], table["units"], strict=True):
                        if re.search(r"CSAT|rate|reviewed|%", column):
                            assert unit == "ratio", (section["key"], column)

    def test_every_rate_cell_of_the_demo_html_reads_its_share(self, demo_html):
        """Every rate cell of the demo's HTML, in every section, reads as the one rounding of its share."""
        cells = re.findall(r'<td class="[^"]*\bnum\b[^"]*" data-sort="([^"]+)">([^<]*%)</td>|'
                           r'<td class=num data-sort="([^"]+)">([^<]*%)</td>', demo_html)  # fmt: skip
        assert len(cells) > 50
        for rated_sort, rated_text, rate_sort, rate_text in cells:
            share, text = float(rated_sort or rate_sort), html_unescape(rated_text or rate_text)
            assert text.split()[-1] == percent(share), (share, text)

    @settings(max_examples=30, deadline=None)
    @given(share=st.floats(0, 1), status=st.sampled_from(Status))
    def test_a_rate_reads_the_same_in_every_section(self, share, status):
        """One share, as a plain rate, a rated rate and a tile in two sections, reads as one percent everywhere."""
        text = Rate(share).text
        sections = [
            Section(key="a", title="A", blocks=[Table(title="t", columns=["k", "r"], rows=[("x", Rate(share))])]),
            Section(key="b", title="B", blocks=[
                Figures([Figure("f", Rate(share), status=status)]),
                Table(title="u", columns=["k", "r"], rows=[("y", Rated(Rate(share), status))]),
            ]),
        ]  # fmt: skip
        report = Report(title="T", organisation="O", now=NOW, team=None, sections=sections)
        html = report_to_html(report)
        for key in ("a", "b"):
            part = html[html.index(f'<section id="{key}"') :]
            assert re.search(rf">(?:{re.escape(status.symbol)} )?{re.escape(text)}<", part)
        shown = terminal(report, 120)
        assert shown.count(text) >= 3
        assert f"{status.symbol} {text}" in shown


class TestStatusMappings:
    @pytest.mark.parametrize(
        ("compliance", "status"),
        [
            (ComplianceStatus.MET, Status.OK),
            (ComplianceStatus.NOT_YET_DUE, Status.OK),
            (ComplianceStatus.LATE, Status.WATCH),
            (ComplianceStatus.OVERDUE, Status.ACT),
            (ComplianceStatus.BREACHED, Status.ACT),
        ],
    )
    def test_feedback_compliance(self, compliance, status):
        """Met and pending are ok, late watch, overdue and breached act; the word stays beside the symbol."""
        assert COMPLIANCE_STATUS[compliance] is status
        assert compliance_cell(compliance).status is status
        assert compliance_cell(compliance).label.endswith(compliance_cell(compliance).value)  # type: ignore[arg-type]

    def test_staffing(self):
        """Red intervals are act, amber watch, green ok."""
        assert STAFFING_STATUS == {"red": Status.ACT, "amber": Status.WATCH, "green": Status.OK}

    @pytest.mark.parametrize(
        ("value", "status"),
        [(0.95, Status.OK), (0.90, Status.OK), (0.85, Status.WATCH), (0.849, Status.ACT), (None, None)],
    )
    def test_kpi_rates_against_their_target(self, value, status):
        """At or above target ok, up to 5 points below watch, further below act."""
        assert rate_status(value, 0.90) is status

    @pytest.mark.parametrize(
        ("breached", "left", "status"),
        [(True, -60, Status.ACT), (False, 4 * 3600, Status.WATCH), (False, 5 * 3600, Status.OK)],
    )
    def test_sla(self, breached, left, status):
        """Breached act, within 4 hours of a breach watch, else ok."""
        assert sla_status(breached=breached, seconds_left=left) is status

    @pytest.mark.parametrize(("bus_factor", "status"), [(0, Status.ACT), (1, Status.WATCH), (2, Status.OK)])
    def test_mentoring_bus_factor(self, bus_factor, status):
        """Nobody covers the skill: act; one member: watch; two: ok."""
        assert bus_factor_status(bus_factor) is status

    def test_knowledge(self):
        """A stale article is watch while its owner can review it, act once they left."""
        assert article_status(owner_stays=True) is Status.WATCH
        assert article_status(owner_stays=False) is Status.ACT

    @pytest.mark.parametrize(("expected", "status"), [(True, Status.ACT), (False, Status.WATCH), (None, Status.WATCH)])
    def test_coverage_gap(self, expected, status):
        """A gap with demand expected is act; without, or without data to tell, watch."""
        assert gap_status(expected) is status


class TestDemoStatuses:
    def test_statuses_are_coloured_text(self, demo_json):
        """The demo's tables carry every status, and no status word stands alone in plain text any more."""
        found = {s for sec in demo_json["sections"] for b in sec["blocks"] if b["type"] == "table"
                 for row in b["statuses"] for s in row if s is not None}  # fmt: skip
        assert found == {"ok", "watch", "act"}
        for section in demo_json["sections"]:
            for block in section["blocks"]:
                if block["type"] != "table":
                    continue
                for row, statuses in zip(block["rows"], block["statuses"], strict=True):
                    for cell, status in zip(row, statuses, strict=True):
                        if cell in {"overdue", "OVERDUE", "breached", "red", "amber", "late", "none"}:
                            assert status is not None, (section["key"], block["title"], cell)

    def test_gaps_have_a_real_status(self, demo_json):
        """The demo's weekend gaps fall where the forecast expects contacts: act, not `none`."""
        coverage = next(s for s in demo_json["sections"] if s["key"] == "coverage")
        gaps = next(b for b in coverage["blocks"] if b["type"] == "table" and b["title"].startswith("Gaps"))
        assert "severity" not in gaps["columns"]
        assert [row[-1] for row in gaps["statuses"]] == ["act", "act"]


def coverage_cli_percent(org_file: Path, start: dt.date, end: dt.date) -> str:
    """`teamcore coverage` for the days `start`..`end` (UTC): the "NN%" it says is covered."""
    code, out, _ = run_main(["coverage", str(org_file), "--from", start.isoformat(), "--to", end.isoformat()], 200)
    assert code == 0
    found = re.search(r"(\d+%) of the time covered", out)
    assert found is not None, out
    return found.group(1)


class TestCoverageAgreement:
    def test_demo(self, demo_json):
        """For the demo's week the report and `teamcore coverage` both say 96% (the CLI used to floor to 95%)."""
        coverage = next(s for s in demo_json["sections"] if s["key"] == "coverage")
        figure = next(i for i in coverage["blocks"][0]["items"] if i["label"] == "Covered")
        day = dt.date.fromisoformat(DEMO_NOW[:10])
        cli = coverage_cli_percent(EXAMPLE / "organisation.toml", day, day + dt.timedelta(days=6))
        assert cli == Rate(figure["value"]).text == "96%"

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(org=organisations(min_members=1, max_members=5), days=st.integers(0, 400))
    def test_report_and_cli_agree(self, org, days):
        """Whatever the organisation and week, the report's Covered figure reads as `teamcore coverage` says."""
        now = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC) + dt.timedelta(days=days)
        section = coverage_section(ReportContext(org=org, now=now))
        if section is None:  # nobody has working hours
            return
        figure = next(f for f in section.blocks[0].items if f.label == "Covered")  # type: ignore[union-attr]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "org.toml"
            path.write_text(dump_organisation(org), encoding="utf-8")
            cli = coverage_cli_percent(path, now.date(), now.date() + dt.timedelta(days=6))
        assert cli == cell_text(figure.value)


class TestAttentionSeverity:
    def item(self, severity: object) -> AttentionItem:
        """An attention item of `severity`."""
        lead = Actor(role="lead", member="a", name="A", timezone="UTC")
        return AttentionItem(kind="coverage_gap", what="w", actor=lead, due=NOW, severity=severity,  # type: ignore[arg-type]
                             section="s", table="t", row=0, key="k")  # fmt: skip

    def test_is_a_status(self):
        """An item's severity is the Status itself, made from its value too; JSON keeps the string."""
        assert self.item("act").severity is Status.ACT
        assert self.item(Status.WATCH).severity is Status.WATCH
        assert json.dumps(self.item("act").severity) == '"act"'

    @pytest.mark.parametrize("severity", ["ok", Status.OK, "red", None, 1])
    def test_ok_needs_no_attention(self, severity):
        """Only act and watch: nothing that is ok needs attention."""
        with pytest.raises(InvalidValue, match="severity"):
            self.item(severity)
