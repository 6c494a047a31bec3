"""Loading mentoring files: every row loaded or rejected with its reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from teamcore.exceptions import LoadError, MalformedFile
from teamcore.mentoring import load_capacities, load_pairs, mentoring_graph
from teamcore.people import Organisation, load_organisation

EXAMPLES = Path(__file__).parents[2] / "examples" / "northwind"


class TestLoadPairs:
    def test_csv_rows_accounted_for(self, tmp_path: Path, org: Organisation) -> None:
        """Good rows load; each bad row is rejected with its number and the field."""
        path = tmp_path / "pairs.csv"
        path.write_text(
            "mentor,mentee,since,focus,status\n"
            "anna,dag,2026-11-03,billing;returns,\n"  # line 2 ok
            "anna,anna,,,\n"  # 3 self-mentoring
            "anna,zed,,,\n"  # 4 not a member
            "anna,dag,,,\n"  # 5 duplicate
            "bo,finn,03/11/2026,,\n"  # 6 bad date
            "bo,finn,,,paused\n"  # 7 bad status
            "bo,eva,,,ended\n",  # 8 ok
            encoding="utf-8",
        )
        result = load_pairs(path, org=org)
        assert result.rows_in == 7
        assert [(p.mentor, p.mentee) for p in result.items] == [("anna", "dag"), ("bo", "eva")]
        assert result.items[0].since == dt.date(2026, 11, 3)
        reasons = {r.row: r.reason for r in result.rejected}
        assert sorted(reasons) == [3, 4, 5, 6, 7]  # their lines: the header is line 1
        assert "mentee" in reasons[3]
        assert "zed" in reasons[4]
        assert "once" in reasons[5]
        assert "since" in reasons[6]
        assert "status" in reasons[7]

    def test_toml(self, tmp_path: Path) -> None:
        """TOML pairs load, a non-table entry is rejected, capacities are read."""
        path = tmp_path / "m.toml"
        path.write_text(
            '[capacities]\nanna = 3\n\n[[pairs]]\nmentor = "anna"\nmentee = "bo"\nsince = 2026-10-05\n'
            'focus = ["billing"]\n\n[[pairs]]\nmentor = "anna"\nmentee = "bo"\nextra = 1\n',
            encoding="utf-8",
        )
        result = load_pairs(path)
        assert [p.focus for p in result.items] == [("billing",)]
        assert [r.row for r in result.rejected] == [2]
        assert load_capacities(path) == {"anna": 3}

    def test_bad_capacities_listed_together(self, tmp_path: Path) -> None:
        """Every bad capacity is reported in one error."""
        path = tmp_path / "m.toml"
        path.write_text('[capacities]\nanna = -1\nbo = "two"\n', encoding="utf-8")
        with pytest.raises(LoadError) as info:
            load_capacities(path)
        assert len(info.value.problems) == 2

    def test_malformed_toml(self, tmp_path: Path) -> None:
        """A file that is not TOML raises MalformedFile naming the path."""
        path = tmp_path / "m.toml"
        path.write_text("[[pairs]\n", encoding="utf-8")
        with pytest.raises(MalformedFile, match=r"m\.toml"):
            load_pairs(path)

    def test_northwind_example(self) -> None:
        """The bundled example loads completely and builds a valid graph."""
        org = load_organisation(EXAMPLES / "organisation.toml")
        result = load_pairs(EXAMPLES / "mentoring.toml", org=org).raise_if_rejected()
        graph = mentoring_graph(org, result.items, capacities=load_capacities(EXAMPLES / "mentoring.toml"))
        assert graph.number_of_edges() == result.rows_in == 5
