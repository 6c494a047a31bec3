"""Row loaders account for every record: the shared reader, and what the fuzzer found in each row loader.

The property tests write generated files (CRLF, lone CR, LF, a byte order mark, separators inside strings, blank
lines, with or without a final line end) and compare each loader's ``rows_in`` with an independent reader of the
same bytes (``fuzz.targets_rows``: the ``csv`` module, JSON lines split on ``\\n`` only, ``tomllib``). The example
tests pin each defect the fuzzer found; each fails on the code before the fix.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import example, given
from hypothesis import strategies as st

from fuzz.targets_rows import csv_records, jsonl_records, toml_pairs
from teamcore import LoadResult
from teamcore._rows import Unreadable, json_nested_too_deep, read_records
from teamcore._time import parse_instant
from teamcore.exceptions import InvalidValue, MalformedFile, OutOfRange, TeamcoreError, WrongType
from teamcore.feedback import load_feedback
from teamcore.knowledge import Article, load_articles
from teamcore.mentoring import load_pairs
from teamcore.staffing import Forecast, load_forecast, load_forecast_rows

SEPARATORS = "\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e\r\n"
"""Characters ``str.splitlines`` splits on; inside a JSON string only ``\\r`` and ``\\n`` must be escaped."""

# -- generated files ---------------------------------------------------------------------------------------------------

cell = st.text(st.sampled_from([*"ab ,;\"'{}[]:", *SEPARATORS, "é", "\ufeff"]), max_size=8)
LOADERS: dict[str, tuple[Callable[[Path], LoadResult[Any]], tuple[str, ...]]] = {
    "feedback": (load_feedback, ("record", "id", "lead", "member", "cadence", "anchor", "text")),
    "articles": (load_articles, ("id", "title", "owner", "topics", "last_reviewed")),
    "pairs": (load_pairs, ("mentor", "mentee", "since", "focus", "status")),
    "forecast": (load_forecast_rows, ("start", "volume")),
}


@st.composite
def csv_files(draw: st.DrawFn, columns: tuple[str, ...]) -> bytes:
    """A CSV file: the header, then rows of generated cells with blank lines among them, in one line-end style."""
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=end, quoting=quoting)
    writer.writerow(columns)
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()) and draw(st.booleans()):
            out.write(end)  # a blank line
        width = draw(st.integers(1, len(columns) + 1))
        writer.writerow(draw(st.lists(cell, min_size=width, max_size=width)))
    text = out.getvalue()
    if draw(st.booleans()):
        text = text.removesuffix(end)  # no final line end
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode()


@st.composite
def jsonl_files(draw: st.DrawFn, columns: tuple[str, ...]) -> bytes:
    r"""JSON lines: objects (strings with raw U+2028, U+2029, U+0085 inside) and blank lines, ended by \n or \r\n."""
    end = draw(st.sampled_from(["\n", "\r\n"]))
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["object", "object", "object", "blank", "not an object"]))
        if kind == "blank":
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
        elif kind == "not an object":
            lines.append(json.dumps(draw(st.lists(cell, max_size=2)), ensure_ascii=False))
        else:
            keys = draw(st.lists(st.sampled_from(columns), unique=True))
            lines.append(json.dumps({k: draw(cell) for k in keys}, ensure_ascii=False))
    text = end.join(lines) + (end if lines and draw(st.booleans()) else "")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + text.encode()


def _load(load: Callable[[Path], LoadResult[Any]], suffix: str, data: bytes) -> LoadResult[Any] | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"rows{suffix}"
        path.write_bytes(data)
        try:
            return load(path)
        except TeamcoreError:  # a whole file refused (no header, a missing forecast column): no rows to count
            return None


class TestRowsIn:
    @pytest.mark.parametrize("name", sorted(LOADERS))
    @given(data=st.data())
    def test_csv_rows_in_matches_csv_module(self, name: str, data: st.DataObject) -> None:
        """Every CSV record the csv module reads is one row in, loaded or rejected, whatever the line ends."""
        load, columns = LOADERS[name]
        raw = data.draw(csv_files(columns))
        result = _load(load, ".csv", raw)
        if result is not None:
            assert result.rows_in == csv_records(raw)
            assert result.rows_in == result.loaded + len(result.rejected)

    @pytest.mark.parametrize("name", sorted(LOADERS))
    @given(data=st.data())
    def test_jsonl_rows_in_matches_lines(self, name: str, data: st.DataObject) -> None:
        r"""Every JSON line (split on \n and \r\n only) is one row in; separators inside strings split nothing."""
        load, columns = LOADERS[name]
        raw = data.draw(jsonl_files(columns))
        result = _load(load, ".jsonl", raw)
        if result is not None:
            assert result.rows_in == jsonl_records(raw)
            assert result.rows_in == result.loaded + len(result.rejected)

    @given(pairs=st.lists(st.dictionaries(st.sampled_from(["mentor", "mentee", "focus", "status"]), cell), max_size=6))
    @example(pairs=[{"mentor": "anna\u2028", "mentee": "bo\r\n"}, {}])
    def test_toml_rows_in_matches_tomllib(self, pairs: list[dict[str, str]]) -> None:
        """Every [[pairs]] table tomllib reads is one row in."""
        raw = tomli_w.dumps({"pairs": pairs}).encode() if pairs else b""
        result = _load(load_pairs, ".toml", raw)
        assert result is not None
        assert result.rows_in == toml_pairs(raw)


# -- the shared reader ----------------------------------------------------------------------------------------------


def _records(tmp_path: Path, name: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    path = tmp_path / name
    path.write_bytes(data)
    return list(read_records(path))


class TestReadRecords:
    @pytest.mark.parametrize("separator", list("\u2028\u2029\x85"), ids=["U+2028", "U+2029", "U+0085"])
    def test_unicode_separator_inside_a_string_is_not_a_line_end(self, separator: str, tmp_path: Path) -> None:
        """A raw U+2028, U+2029 or U+0085 inside a JSON string stays in it: one record, not two rejected rows."""
        line = json.dumps({"id": "a", "title": f"one{separator}line"}, ensure_ascii=False)
        records = _records(tmp_path, "a.jsonl", (line + "\n").encode())
        assert records == [(1, {"id": "a", "title": f"one{separator}line"})]

    @pytest.mark.parametrize("control", list("\x0b\x0c\x1c"), ids=["VT", "FF", "FS"])
    def test_control_character_is_one_rejected_row(self, control: str, tmp_path: Path) -> None:
        """A raw control character splits nothing: its line is one row (invalid JSON), the next line row 2."""
        records = _records(tmp_path, "a.jsonl", f'{{"id": "a{control}b"}}\n{{"id": "c"}}\n'.encode())
        assert [n for n, _ in records] == [1, 2]
        assert isinstance(records[0][1], Unreadable)
        assert records[1][1] == {"id": "c"}

    def test_crlf_and_final_line_end(self, tmp_path: Path) -> None:
        r"""\r\n ends a JSON line; a final line end starts no empty row, a blank line is one."""
        records = _records(tmp_path, "a.jsonl", b'{"a": 1}\r\n\r\n{"a": 2}\r\n')
        assert [(n, dict(r)) for n, r in records] == [(1, {"a": 1}), (2, {"__error__": "empty line"}), (3, {"a": 2})]

    def test_csv_lone_cr(self, tmp_path: Path) -> None:
        """A CSV with lone-CR line ends is read as its rows, each numbered by the line it starts on."""
        records = _records(tmp_path, "a.csv", b'id,title\rkb-1,One\rkb-2,"Two\rlines"\rkb-3,Three\r')
        assert records == [
            (2, {"id": "kb-1", "title": "One"}),
            (3, {"id": "kb-2", "title": "Two\rlines"}),
            (5, {"id": "kb-3", "title": "Three"}),  # the record before it took two lines
        ]

    def test_csv_blank_line_is_a_row(self, tmp_path: Path) -> None:
        """A blank CSV line is a rejected row, and every row is numbered by its line (the header is line 1)."""
        records = _records(tmp_path, "a.csv", b"id,title\n\nkb-1,One\n")
        assert records == [(2, {"__error__": "empty line"}), (3, {"id": "kb-1", "title": "One"})]
        assert isinstance(records[0][1], Unreadable)

    @pytest.mark.parametrize(
        ("name", "data"),
        [
            ("a.csv", b"id,__error__\nkb-1,oops\n"),  # a CSV column named like the reader's marker
            ("a.jsonl", b'{"id": "kb-1", "__error__": "oops"}\n'),  # a JSON key named like it
        ],
    )
    def test_error_named_column_is_data(self, name: str, data: bytes, tmp_path: Path) -> None:
        """A column named ``__error__`` is data, not an unreadable row."""
        ((number, record),) = _records(tmp_path, name, data)
        assert number == (2 if name.endswith(".csv") else 1)  # the line it is on
        assert not isinstance(record, Unreadable)
        assert record == {"id": "kb-1", "__error__": "oops"}

    @pytest.mark.parametrize(
        ("line", "reason"),
        [
            ("[" * 100_000 + "]" * 100_000, "nested deeper than 100"),  # refused before json.loads recurses
            ('{"volume": NaN}', "NaN is not a JSON number"),  # not JSON, though json.loads takes it
            ('{"volume": -Infinity}', "-Infinity is not a JSON number"),
            ('{"volume": ' + "9" * 5000 + "}", "invalid JSON"),  # ValueError: over 4300 digits
        ],
        ids=["deep", "NaN", "-Infinity", "5000 digits"],
    )
    def test_unreadable_json_line_is_a_rejected_row(self, line: str, reason: str, tmp_path: Path) -> None:
        """A JSON line json.loads cannot read (or reads as a non-number) is one rejected row naming why."""
        ((number, record),) = _records(tmp_path, "a.jsonl", line.encode())
        assert number == 1
        assert isinstance(record, Unreadable)
        assert reason in record.reason

    def test_deep_line_never_reaches_the_parser(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A line nested past the limit is refused before json.loads sees it (CI found the parser's recursion, near
        Python's limit, running a finaliser that failed as an unraisable error no ``except`` could catch)."""
        seen: list[int] = []
        real = json.loads

        def spy(text: str, **kwargs: Any) -> Any:
            seen.append(len(text))
            return real(text, **kwargs)

        monkeypatch.setattr(json, "loads", spy)
        deep = "[" * 101 + "]" * 101
        records = _records(tmp_path, "a.jsonl", f'{{"id": 1}}\n{deep}\n{{"id": "[[[[["}}\n'.encode())
        assert [isinstance(r, Unreadable) for _, r in records] == [False, True, False]
        assert len(seen) == 2  # the two shallow lines only

    def test_duplicate_column_names(self, tmp_path: Path) -> None:
        """A CSV header naming a column twice is refused (one of the two values would be lost)."""
        with pytest.raises(MalformedFile, match="'id' more than once"):
            _records(tmp_path, "a.csv", b"id,title,id\nkb-1,One,kb-2\n")

    def test_field_over_the_csv_limit(self, tmp_path: Path) -> None:
        """A field over the csv module's size limit is a MalformedFile naming the line, not a csv.Error."""
        with pytest.raises(MalformedFile, match="line"):
            _records(tmp_path, "a.csv", b'id,title\nkb-1,"' + b"x" * 200_000 + b'"\n')


# -- the loaders --------------------------------------------------------------------------------------------------


class TestInstants:
    @pytest.mark.parametrize(
        "text",
        [
            "P1000000000D",  # a duration beyond a timedelta: OverflowError from pendulum
            "9999-12-31T23:59:59-12:00",  # after the last UTC instant a datetime holds
            "0001-01-01T00:00:00+14:00",  # before the first
            "2026-11-23/08:00:00Z",  # an interval: TypeError inside pendulum
            "2026-11-23T08:00Z/P1000000000D",  # an interval with an overflowing duration
        ],
    )
    def test_out_of_range(self, text: str) -> None:
        """An instant a datetime cannot hold, or an interval, is a named error (field and value)."""
        with pytest.raises((InvalidValue, OutOfRange), match=rf"given_at: .*{text[:10]}"):
            parse_instant(text, "given_at")

    def test_feedback_given_on_the_last_day(self, tmp_path: Path) -> None:
        """Feedback given on 9999-12-31 (UTC) loads; checking its observation date does no date arithmetic."""
        path = tmp_path / "log.jsonl"
        last_day = "9999-12-31T23:59:59+14:00"
        record = {"record": "feedback", "id": "f1", "kind": "praise", "observed_on": "2026-10-02",
                  "given_at": last_day, "giver": "lena", "receiver": "ola", "text": "Calm."}  # fmt: skip
        path.write_text(json.dumps(record) + "\n")
        result = load_feedback(path)
        assert (result.rows_in, result.loaded) == (1, 1)


class TestForecast:
    @pytest.mark.parametrize("volume", ["1" + "0" * 400, "-" + "1" * 400])
    def test_json_integer_beyond_float(self, volume: str, tmp_path: Path) -> None:
        """A JSON integer too large for a float is a rejected row naming volume, not an OverflowError."""
        path = tmp_path / "f.jsonl"
        path.write_text(f'{{"start": "2026-11-23T08:00Z", "volume": {volume}}}\n')
        (rejected,) = load_forecast_rows(path).rejected
        assert (rejected.row, rejected.reason[:7]) == (1, "volume:")

    def test_minus_zero_is_zero(self, tmp_path: Path) -> None:
        """'-0' contacts load as 0.0, not -0.0."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n2026-11-23T08:00Z,-0\n")
        assert str(load_forecast_rows(path).frame["volume"][0]) == "0.0"

    def test_grid_ending_after_9999(self, tmp_path: Path) -> None:
        """A grid whose last interval would end after 9999-12-31 is refused when built, not when its end is read."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n9999-12-31T23:00Z,1\n9999-12-31T23:30Z,2\n")
        with pytest.raises(InvalidValue, match=r"start: .*2 intervals"):
            load_forecast(path)
        start = dt.datetime(9999, 12, 31, 23, 59, tzinfo=dt.UTC)
        with pytest.raises(InvalidValue, match=r"9999-12-31T23:59:59\.999999Z"):
            Forecast(start=start, volume=[1.0])


class TestNotLists:
    def test_article_topics_as_an_object(self, tmp_path: Path) -> None:
        """A JSON object as an article's topics is a rejected row, not its keys taken as topics."""
        path = tmp_path / "kb.jsonl"
        record = {"id": "kb-1", "title": "T", "owner": "ana", "topics": {"billing": 1}, "last_reviewed": "2026-10-01"}
        path.write_text(json.dumps(record) + "\n")
        (rejected,) = load_articles(path).rejected
        assert "topics" in rejected.reason
        with pytest.raises(WrongType, match="topics"):
            Article(id="kb-1", title="T", owner="ana", topics={"billing": 1}, last_reviewed=dt.date(2026, 10, 1))  # type: ignore[arg-type]

    @pytest.mark.parametrize("status", [[], {}, 0, False])
    def test_pair_status_not_a_string(self, status: object, tmp_path: Path) -> None:
        """A status that is an empty list, an object, 0 or false is rejected, not taken for the default 'active'."""
        path = tmp_path / "pairs.jsonl"
        path.write_text(json.dumps({"mentor": "anna", "mentee": "bo", "status": status}) + "\n")
        (rejected,) = load_pairs(path).rejected
        assert "status" in rejected.reason


class TestErrorColumn:
    """A column named ``__error__`` is an unknown column like any other, never a reason taken from the data."""

    @pytest.mark.parametrize(
        ("load", "data"),
        [
            (load_articles, b"id,title,owner,topics,last_reviewed,__error__\nkb-1,T,ana,billing,2026-10-01,\n"),
            (load_pairs, b"mentor,mentee,__error__\nanna,bo,\n"),
            (load_feedback, b"record,id,lead,member,cadence,anchor,__error__\nseries,s1,lena,ola,weekly,2026-09-07,\n"),
        ],
        ids=["articles", "pairs", "feedback"],
    )
    def test_empty_error_column_loads(self, load: Callable[[Path], LoadResult[Any]], data: bytes, tmp_path: Path):
        """An empty ``__error__`` cell is an unknown column, named as such (the reason was the empty cell)."""
        path = tmp_path / "rows.csv"
        path.write_bytes(data)
        result = load(path)
        if load is not load_feedback:  # articles and pairs allow only their own columns, empty or not
            assert "__error__" in result.rejected[0].reason
        else:
            assert (result.loaded, result.rejected) == (1, ())

    def test_forecast_ignores_it(self, tmp_path: Path) -> None:
        """A forecast with an extra ``__error__`` column loads every row (it rejected each, its reason the cell)."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume,__error__\n2026-11-23T08:00Z,3,\n2026-11-23T08:30Z,4,note\n")
        result = load_forecast_rows(path)
        assert (result.rows_in, result.loaded) == (2, 2)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab\u2028'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(alphabet='[]{}"\\a'), inner, max_size=3),
    max_leaves=40,
)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


class TestNesting:
    @given(value=_JSON, limit=st.integers(0, 8), ascii_only=st.booleans())
    def test_agrees_with_the_parsed_depth(self, value: object, limit: int, ascii_only: bool) -> None:
        """The text scan says "too deep" exactly when the parsed value nests past the limit, brackets and escaped
        quotes inside strings notwithstanding."""
        text = json.dumps(value, ensure_ascii=ascii_only)
        assert json_nested_too_deep(text, limit) == (_depth(value) > limit)
        assert json_nested_too_deep(text.encode(), limit) == (_depth(value) > limit)
