"""One load result for every row loader: every row accounted for, a short repr, one error for the rejected rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import teamcore
from teamcore import LoadResult, Rejected
from teamcore.exceptions import InvalidValue, LoadError, WrongType
from teamcore.feedback import load_feedback
from teamcore.knowledge import load_articles
from teamcore.kpi import load_events, load_tickets
from teamcore.mentoring import load_pairs
from teamcore.staffing import load_forecast, load_forecast_rows

T0 = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def tickets_file(tmp_path: Path) -> Path:
    return write(
        tmp_path / "tickets.csv",
        "ticket_id,created_at,priority,status,solved_at\n"
        "t1,2026-11-02T09:00:00Z,high,solved,2026-11-02T10:00:00Z\n"
        "t2,2026-11-02T09:00:00,normal,open,\n"  # naive timestamp
        "t3,2026-11-02T09:00:00Z,whenever,open,\n"  # unknown priority
        "t4,2026-11-02T11:00:00Z,low,open,\n",
    )


def load_ticket_rows(tmp_path: Path) -> LoadResult[Any]:
    return load_tickets(tickets_file(tmp_path))


def load_event_rows(tmp_path: Path) -> LoadResult[Any]:
    tickets = load_tickets(tickets_file(tmp_path)).frame
    events = write(
        tmp_path / "events.csv",
        "ticket_id,kind,at,from_status,to_status\n"
        "t1,reply,2026-11-02T09:30:00Z,,\n"
        "t1,status,2026-11-02T08:00:00Z,new,open\n"  # before the ticket's creation
        "t9,reply,2026-11-02T09:30:00Z,,\n"  # an unknown ticket
        "t4,status,2026-11-02T11:05:00Z,new,open\n",
    )
    return load_events(events, tickets)


def load_feedback_rows(tmp_path: Path) -> LoadResult[Any]:
    series = {"record": "series", "id": "s1", "lead": "lena", "member": "ola", "cadence": "weekly"}
    lines = [
        json.dumps({**series, "anchor": "2026-09-07"}),
        json.dumps({**series, "id": "s2", "anchor": "07/09/2026"}),  # not an ISO date
        "not json",
        json.dumps({**series, "id": "s3", "anchor": "2026-09-08"}),
    ]
    return load_feedback(write(tmp_path / "log.jsonl", "\n".join(lines) + "\n"))


def load_article_rows(tmp_path: Path) -> LoadResult[Any]:
    return load_articles(
        write(
            tmp_path / "kb.csv",
            "id,title,owner,topics,last_reviewed\n"
            "kb-1,Refunds,ana,billing,2026-10-01\n"
            "kb-1,Refunds again,ana,billing,2026-10-02\n"  # a repeated id
            "kb-2,Returns,ana,returns,yesterday\n"  # not a date
            "kb-3,Invoices,bo,billing,2026-09-01\n",
        )
    )


def load_pair_rows(tmp_path: Path) -> LoadResult[Any]:
    return load_pairs(
        write(
            tmp_path / "pairs.csv",
            "mentor,mentee,since,focus,status\n"
            "anna,bo,2026-10-05,billing,\n"
            "anna,anna,,,\n"  # oneself
            "bo,cy,,,paused\n"  # an unknown status
            "cy,dan,,,ended\n",
        )
    )


def load_forecast_file_rows(tmp_path: Path) -> LoadResult[Any]:
    return load_forecast_rows(
        write(
            tmp_path / "forecast.csv",
            "start,volume\n"
            "2026-11-23T09:00Z,12\n"
            "2026-11-23T09:30,7\n"  # naive
            "2026-11-23T10:00Z,-1\n"  # negative
            "2026-11-23T10:30Z,3.5\n",
        )
    )


# Each loader on a small file of four rows of which rows 2 and 3 are bad.
LOADERS: dict[str, Callable[[Path], LoadResult[Any]]] = {
    "tickets": load_ticket_rows,
    "events": load_event_rows,
    "feedback": load_feedback_rows,
    "articles": load_article_rows,
    "mentoring pairs": load_pair_rows,
    "forecast rows": load_forecast_file_rows,
}


class TestEveryLoader:
    @pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
    def test_every_row_accounted_for(self, tmp_path: Path, loader: Callable[[Path], LoadResult[Any]]) -> None:
        """Every row loader returns a LoadResult with rows_in == loaded + len(rejected), and the bad rows rejected."""
        result = loader(tmp_path)
        assert isinstance(result, LoadResult)
        assert result.rows_in == result.loaded + len(result.rejected) == 4
        # Rows are numbered by their line in the file: a CSV's header is line 1.
        assert [r.row for r in result.rejected] == ([3, 4] if result.source.endswith(".csv") else [2, 3])
        assert all(isinstance(r, Rejected) and r.reason for r in result.rejected)
        loaded = result.frame.height if result.frame is not None else len(result.items)
        assert loaded == result.loaded

    @pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
    def test_repr_is_short(self, tmp_path: Path, loader: Callable[[Path], LoadResult[Any]]) -> None:
        """The repr gives the source and the counts (warnings too, when there are some), never the rows."""
        result = loader(tmp_path)
        warned = f", warnings={len(result.warnings)}" if result.warnings else ""
        assert repr(result) == (
            f"LoadResult(source={result.source!r}, rows_in=4, loaded={result.loaded}, rejected={len(result.rejected)}"
            f"{warned})"
        )

    @pytest.mark.parametrize("loader", LOADERS.values(), ids=LOADERS.keys())
    def test_raise_if_rejected(self, tmp_path: Path, loader: Callable[[Path], LoadResult[Any]]) -> None:
        """raise_if_rejected raises one LoadError with a problem per rejected row, named by its row number."""
        result = loader(tmp_path)
        with pytest.raises(LoadError) as info:
            result.raise_if_rejected()
        assert [p.entry for p in info.value.problems] == [f"row {r.row}" for r in result.rejected]
        assert info.value.path == result.source

    def test_same_class_everywhere(self) -> None:
        """The subpackages re-export the one root class, not copies."""
        for module in (teamcore.kpi, teamcore.feedback, teamcore.knowledge, teamcore.mentoring, teamcore.staffing):
            assert (module.LoadResult, module.Rejected) == (LoadResult, Rejected)
            assert {"LoadResult", "Rejected"} <= set(module.__all__)
        assert {"LoadResult", "Rejected"} <= set(teamcore.__all__)


class TestLoadResult:
    def test_ok(self) -> None:
        """A result with nothing rejected is ok and returns itself from raise_if_rejected."""
        result: LoadResult[str] = LoadResult(source="f.csv", items=("a", "b"), rows_in=2)
        assert (result.ok, result.loaded, result.raise_if_rejected()) == (True, 2, result)

    def test_frame_result(self) -> None:
        """A table result counts its rows from rows_in; its repr never shows the frame."""
        frame = pl.DataFrame({"x": list(range(500))})
        rejected = [Rejected(7, "x: bad"), Rejected(9, "x: bad")]
        result: LoadResult[Any] = LoadResult(source="t.csv", frame=frame, rejected=rejected, rows_in=502)
        assert repr(result) == "LoadResult(source='t.csv', rows_in=502, loaded=500, rejected=2)"
        assert result.items == ()

    def test_equality_compares_frames_by_identity(self) -> None:
        """Two results are equal only with the very same frame (a DataFrame has no single truth value for ==)."""
        frame = pl.DataFrame({"x": [1]})
        assert LoadResult(source="t", frame=frame, rows_in=1) == LoadResult(source="t", frame=frame, rows_in=1)
        assert LoadResult(source="t", frame=frame, rows_in=1) != LoadResult(source="t", frame=frame.clone(), rows_in=1)

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"items": ("a",), "rows_in": 2}, InvalidValue, r"rows_in: expected len\(items\) \+ len\(rejected\) = 1"),
            ({"frame": pl.DataFrame(), "rejected": [Rejected(1, "bad")], "rows_in": 0}, InvalidValue, "at least"),
            ({"frame": pl.DataFrame(), "items": ("a",), "rows_in": 1}, InvalidValue, "no items"),  # both shapes
            ({"rows_in": True}, WrongType, "rows_in"),  # a bool is not a count
            ({"rows_in": -1}, InvalidValue, "rows_in"),  # a negative count
            ({"rejected": ["row 1"], "rows_in": 1}, WrongType, "rejected"),  # not Rejected values
            ({"items": "ab", "rows_in": 2}, WrongType, "items"),  # a string is not a sequence of items
        ],
    )
    def test_invalid(self, kwargs: dict[str, Any], error: type[Exception], match: str) -> None:
        """A result that does not account for its rows, or mixes items and a frame, is refused naming the field."""
        with pytest.raises(error, match=match):
            LoadResult(source="f.csv", **kwargs)

    def test_source_is_text(self) -> None:
        """The source is a str (a path is shown as text by the loaders)."""
        with pytest.raises(TypeError, match="source"):
            LoadResult(source=Path("f.csv"), rows_in=0)  # type: ignore[arg-type]


class TestDeprecated:
    def test_table_load_alias(self) -> None:
        """teamcore.kpi.TableLoad still resolves, to LoadResult, with a DeprecationWarning naming it."""
        with pytest.warns(DeprecationWarning, match=r"teamcore\.kpi\.LoadResult"):
            from teamcore.kpi import TableLoad  # noqa: PLC0415 - the import is what warns
        assert TableLoad is LoadResult
        assert "TableLoad" not in teamcore.kpi.__all__

    def test_unknown_name(self) -> None:
        """Other missing names are still an AttributeError."""
        with pytest.raises(AttributeError, match="NoSuchThing"):
            _ = teamcore.kpi.NoSuchThing


class TestForecast:
    def test_load_forecast_lists_every_bad_row(self, tmp_path: Path) -> None:
        """load_forecast raises one LoadError listing every rejected row, each with its reason."""
        path = write(
            tmp_path / "f.csv",
            "start,volume\n"
            "2026-11-23T09:00Z,1\n"
            "2026-11-23T09:30,2\n"  # naive
            "yesterday,3\n"  # unreadable
            "2026-11-23T10:30Z,nan\n"  # NaN
            "2026-11-23T11:00Z,many\n"  # not a number
            "2026-11-23T11:30Z,\n"  # missing
            "2026-11-23T12:00Z,4\n"
            "2026-11-23T12:00Z,5\n",  # the same start twice: both rows
        )
        with pytest.raises(LoadError) as info:
            load_forecast(path)
        problems = info.value.problems
        assert [p.entry for p in problems] == [f"row {n}" for n in (3, 4, 5, 6, 7, 8, 9)]  # the lines, header 1
        assert [p.message.split(":")[0] for p in problems] == ["start", "start", *["volume"] * 3, "start", "start"]
        assert "rows 8, 9" in problems[-1].message

    def test_clean_file_is_a_forecast(self, tmp_path: Path) -> None:
        """JSON lines load as CSV does; the frame is UTC starts and float volumes."""
        lines = [json.dumps({"start": (T0 + i * dt.timedelta(minutes=30)).isoformat(), "volume": i}) for i in range(3)]
        path = write(tmp_path / "f.jsonl", "\n".join(lines) + "\n")
        result = load_forecast_rows(path)
        assert result.ok
        assert result.frame.schema == {"start": pl.Datetime("us", "UTC"), "volume": pl.Float64}
        assert load_forecast(path).volume.tolist() == [0.0, 1.0, 2.0]

    def test_parquet_naive_column(self, tmp_path: Path) -> None:
        """A Parquet datetime column without a zone is rejected row by row, as naive text is."""
        path = tmp_path / "f.parquet"
        pl.DataFrame({"start": [T0.replace(tzinfo=None)], "volume": [1]}).write_parquet(path)
        result = load_forecast_rows(path)
        assert [(r.row, r.reason.split(":")[0]) for r in result.rejected] == [(1, "start")]

    def test_bad_json_line(self, tmp_path: Path) -> None:
        """A line that is not JSON is a rejected row, not the end of the load."""
        path = write(tmp_path / "f.jsonl", '{"start": "2026-11-23T09:00Z", "volume": 1}\n[1]\n')
        result = load_forecast_rows(path)
        assert (result.rows_in, result.loaded, [r.row for r in result.rejected]) == (2, 1, [2])


# A corruption of one forecast row: what is written instead of the good start or volume.
CORRUPT_START = st.sampled_from(["2026-11-23T09:00", "not a time", "", "2026-13-01T00:00Z"])
CORRUPT_VOLUME = st.sampled_from(["-1", "nan", "inf", "many", ""])


@st.composite
def forecast_rows(draw: st.DrawFn) -> tuple[list[tuple[str, str]], set[int]]:
    """Rows on a 30-minute grid, some corrupted in their start or volume; and the row numbers corrupted."""
    count = draw(st.integers(0, 30))
    rows, bad = [], set()
    for index in range(count):
        start = (T0 + index * dt.timedelta(minutes=30)).isoformat().replace("+00:00", "Z")
        volume = str(draw(st.integers(0, 500)))
        kind = draw(st.sampled_from(["good", "good", "start", "volume"]))
        if kind == "start":
            start = draw(CORRUPT_START)
        elif kind == "volume":
            volume = draw(CORRUPT_VOLUME)
        if kind != "good":
            bad.add(index + 1)
        rows.append((start, volume))
    return rows, bad


class TestProperty:
    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(case=forecast_rows(), jsonl=st.booleans())
    @example(case=([], set()), jsonl=False)  # an empty file: nothing read, nothing lost
    def test_every_forecast_row_accounted_for(
        self, tmp_path: Path, case: tuple[list[tuple[str, str]], set[int]], jsonl: bool
    ) -> None:
        """Whatever rows are corrupted, exactly those are rejected and every other row is in the frame."""
        rows, bad = case
        if jsonl:
            text = "".join(json.dumps({"start": s, "volume": v}) + "\n" for s, v in rows)
            path = write(tmp_path / "f.jsonl", text)
        else:
            path = write(tmp_path / "f.csv", "start,volume\n" + "".join(f"{s},{v}\n" for s, v in rows))
        result = load_forecast_rows(path)
        assert result.rows_in == len(rows) == result.loaded + len(result.rejected)
        assert {r.row - (0 if jsonl else 1) for r in result.rejected} == bad  # a CSV's line 2 is its first row
        assert result.frame.height == result.loaded
        assert result.frame["volume"].to_list() == [float(v) for n, (_s, v) in enumerate(rows, 1) if n not in bad]
