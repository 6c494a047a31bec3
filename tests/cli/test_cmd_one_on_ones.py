"""Tests for ``teamcore one-on-ones``: the proposed 1:1 slots on the example organisation, and their .ics."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo
from pathlib import Path
from typing import Any

import icalendar
import pytest
import recurring_ical_events

from teamcore.cli import main
from teamcore.cli._exit import Exit
from teamcore.people import load_organisation
from tests.cli.running import one_line, run_cli

ROOT = Path(__file__).parents[2]
ORG = str(ROOT / "examples" / "northwind" / "organisation.toml")
NOW = "2026-11-23T08:00Z"
EMEA = ["one-on-ones", ORG, "--team", "emea", "--now", NOW, "--weeks", "6"]


def slots(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    """The slots of ``--format json``."""
    assert main([*args, "--format", "json"]) == Exit.OK
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return list(data["slots"])


class TestSlots:
    def test_one_slot_per_member_of_the_team(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Every member of emea but its lead gets a slot with the lead, in the team's order, none at the same time."""
        team = load_organisation(ORG).team("emea")
        got = slots(capsys, *EMEA)
        assert [s["member"] for s in got] == [m for m in team.members if m != team.lead]
        assert {s["lead"] for s in got} == {team.lead}
        times = [(s["weekday"], s["time"]) for s in got]
        assert None not in {t for t, _ in times}
        assert len(set(times)) == len(times)
        assert all(len(s["starts"]) == 6 for s in got)

    def test_the_member_time_is_the_lead_time_elsewhere(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A slot reads in both zones: the lead's wall clock every week, the member's on the first 1:1."""
        for slot in slots(capsys, *EMEA):
            lead_zone, member_zone = zoneinfo.ZoneInfo(slot["lead_zone"]), zoneinfo.ZoneInfo(slot["member_zone"])
            starts = [dt.datetime.fromisoformat(s) for s in slot["starts"]]
            assert {s.astimezone(lead_zone).strftime("%H:%M") for s in starts} == {slot["time"]}
            first = starts[0].astimezone(member_zone)
            assert first.strftime("%H:%M") == slot["member_time"]
            assert first.strftime("%a").lower() == slot["member_weekday"]

    def test_every_lead_without_a_filter(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --team or --lead every team lead has slots; a lead of two teams has each member once."""
        org = load_organisation(ORG)
        got = slots(capsys, "one-on-ones", ORG, "--now", NOW, "--weeks", "2")
        assert {s["lead"] for s in got} == {t.lead for t in org.teams}
        pairs = [(s["lead"], s["member"]) for s in got]
        assert len(pairs) == len(set(pairs))

    def test_lead_filter(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--lead keeps the teams that lead leads."""
        lead = load_organisation(ORG).team("emea").lead
        assert {s["lead"] for s in slots(capsys, "one-on-ones", ORG, "--now", NOW, "--lead", lead)} == {lead}

    def test_table_names_both_times(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The table shows the lead's and the member's time with their zones."""
        assert main(["--no-color", *EMEA]) == Exit.OK
        out = capsys.readouterr().out
        assert "lead's time" in out
        assert "member's time" in out
        assert "Europe/" in out

    def test_csv(self, capsys: pytest.CaptureFixture[str]) -> None:
        """CSV: one row per slot with the same values as the JSON."""
        got = slots(capsys, *EMEA)
        assert main([*EMEA, "--format", "csv"]) == Exit.OK
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
        assert [(r["member"], r["time"], r["member_time"]) for r in rows] == [
            (s["member"], s["time"], s["member_time"]) for s in got
        ]

    @pytest.mark.parametrize(
        ("args", "needles"),
        [
            (["--lead", "nobody"], ["--lead", "'nobody'"]),  # not a member
            (["--lead", "johan.berg"], ["--lead", "johan.berg", "the lead of a team"]),  # a member who leads nothing
            (["--team", "mars"], ["'mars'"]),  # no such team
            (["--weeks", "0"], ["weeks", "0"]),  # at least one week
            (["--duration", "2"], ["--duration", "2"]),  # shorter than 5 minutes
        ],
    )
    def test_invalid_arguments(self, args: list[str], needles: list[str]) -> None:
        """A wrong flag value: exit 1, one line naming it."""
        done = run_cli("one-on-ones", ORG, "--now", NOW, *args)
        assert done.returncode == Exit.INVALID, done.stderr
        one_line(done.stderr, *needles)


class TestIcs:
    def test_one_event_per_slot_that_recurs_as_listed(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The .ics has one weekly VEVENT per slot at the lead's TZID; its occurrences are the JSON's starts."""
        target = tmp_path / "emea.ics"
        got = slots(capsys, *EMEA, "--ics", str(target))
        calendar = icalendar.Calendar.from_ical(target.read_bytes())
        events = calendar.walk("VEVENT")
        assert len(events) == len(got)
        for event in events:
            assert event["DTSTART"].params["TZID"] == got[0]["lead_zone"]
            assert event["RRULE"]["COUNT"] == [6]
        occurrences = recurring_ical_events.of(calendar).between(dt.datetime(2026, 11, 1), dt.datetime(2027, 3, 1))
        expanded = sorted(o["DTSTART"].dt.astimezone(dt.UTC) for o in occurrences)
        listed = sorted(dt.datetime.fromisoformat(s) for slot in got for s in slot["starts"])
        assert expanded == listed

    def test_same_bytes_every_time(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The same organisation and --now give the same .ics bytes (DTSTAMP is --now, UIDs from the content)."""
        first, second = tmp_path / "a.ics", tmp_path / "b.ics"
        for target in (first, second):
            assert main([*EMEA, "--ics", str(target)]) == Exit.OK
        capsys.readouterr()
        assert first.read_bytes() == second.read_bytes()
        assert b"DTSTAMP:20261123T080000Z" in first.read_bytes()

    def test_table_says_where_it_wrote(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """The table output ends by naming the .ics."""
        target = tmp_path / "x.ics"
        assert main(["--no-color", *EMEA, "--ics", str(target)]) == Exit.OK
        assert f"wrote {target}" in capsys.readouterr().out
