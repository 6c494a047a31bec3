"""Tests that a rejected row's number is its line in the file, as an editor (and a spreadsheet) numbers it.

A CSV's header is line 1, so its first data row is row 2; a quoted cell with line breaks makes the rows after it
start further down; line N of a JSON lines file is row N.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teamcore._rows import read_records
from teamcore.cli import main
from teamcore.feedback import load_feedback
from teamcore.knowledge import load_articles
from teamcore.kpi import load_tickets
from teamcore.staffing import load_forecast_rows

ROOT = Path(__file__).parents[1]
NORTHWIND = ROOT / "examples" / "northwind"
# Cells with line feeds (quoted by the writer); a CR would be a line end of its own to the csv module.
CELLS = st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=8)


def _line_of(path: Path, needle: str) -> int:
    """The number of the first line of `path` that holds `needle`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


class TestCsv:
    def test_first_data_row_is_row_2(self, tmp_path: Path) -> None:
        """The header is line 1: a bad first row is row 2."""
        path = tmp_path / "f.csv"
        path.write_text("start,volume\n2026-11-23T09:00Z,many\n2026-11-23T09:30Z,3\n", encoding="utf-8")
        assert [r.row for r in load_forecast_rows(path).rejected] == [2]

    def test_rows_after_a_multiline_cell(self, tmp_path: Path) -> None:
        """A title over three lines and a blank line push the rows after them down, and their numbers follow."""
        path = tmp_path / "kb.csv"
        path.write_text(
            "id,title,owner,topics,last_reviewed\n"
            'kb1,"Refunds,\nstep by\nstep",anna,refunds,2026-10-01\n'  # lines 2-4
            "\n"  # line 5: blank
            "kb2,SSO,anna,sso,2026-13-01\n",  # line 6: a bad date
            encoding="utf-8",
        )
        result = load_articles(path)
        assert [a.id for a in result.items] == ["kb1"]
        assert [r.row for r in result.rejected] == [5, 6]
        assert _line_of(path, "2026-13-01") == 6

    def test_tickets_in_the_cli(self, tmp_path: Path, capsys) -> None:
        """`teamcore kpi` names a bad ticket by the line an editor shows it on."""
        lines = (NORTHWIND / "tickets.csv").read_text(encoding="utf-8").splitlines()
        lines[41] = lines[41].replace("Z,", ",", 1)  # line 42: a naive created_at
        path = tmp_path / "t.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        args = ["--no-color", "kpi", str(NORTHWIND / "organisation.toml"), "--tickets", str(path)]
        assert main([*args, "--now", "2026-11-23T08:00Z"]) == 0
        err = capsys.readouterr().err
        assert "  row 42: created_at" in err
        assert [r.row for r in load_tickets(path).rejected] == [42]

    @settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        rows=st.lists(
            st.lists(
                st.text(st.characters(codec="utf-8", exclude_characters="\r\x00"), max_size=8), min_size=2, max_size=2
            ),
            max_size=8,
        )
    )
    def test_every_record_starts_on_its_line(self, tmp_path: Path, rows: list[list[str]]) -> None:
        """Whatever line breaks the cells hold, each record's number is 1 + the line breaks written before it."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["a", "b"])
        expected = []
        for row in rows:
            expected.append(buffer.getvalue().count("\n") + 1)
            writer.writerow(row)
        path = tmp_path / "r.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
        assert [number for number, _record in read_records(path)] == expected


class TestJsonLines:
    def test_line_n_is_row_n(self, tmp_path: Path) -> None:
        """In JSON lines there is no header: the bad record on line 3 is row 3."""
        good = {"record": "feedback", "id": "f1", "giver": "anna", "receiver": "bo", "at": "2026-11-02T09:00Z"}
        lines = [json.dumps(good), json.dumps({**good, "id": "f2"}), "{not json", json.dumps({**good, "id": "f3"})]
        path = tmp_path / "log.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        assert 3 in [r.row for r in load_feedback(path).rejected]
        assert _line_of(path, "{not json") == 3
