"""Tests for "did you mean": :mod:`teamcore._suggest` and the errors that carry its suggestion."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from teamcore._suggest import _one_edit, did_you_mean, suggest, timezone_names
from teamcore.exceptions import (
    InvalidValue,
    LeadNotMember,
    LoadError,
    UnknownColumn,
    UnknownCountry,
    UnknownKey,
    UnknownReference,
    UnknownTimezone,
)
from teamcore.people import Member, Organisation, Team, load_organisation, loads_organisation
from teamcore.strategies import member_ids

NORTHWIND = Path(__file__).parents[1] / "examples" / "northwind"
ORG = load_organisation(NORTHWIND / "organisation.toml")
MEMBER_IDS = [m.id for m in ORG.members]
TEAM_IDS = [t.id for t in ORG.teams]
_LETTERS = "abcdefghijklmnopqrstuvwxyz._-/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@st.composite
def typos(draw: st.DrawFn, word: str) -> str:
    """`word` with one character inserted, deleted, replaced, or two neighbours swapped."""
    kind = draw(st.sampled_from(["insert", "delete", "replace", "swap"]))
    i = draw(st.integers(0, len(word) - (0 if kind == "insert" else 1)))
    letter = draw(st.sampled_from(_LETTERS))
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    if kind == "replace":
        return word[:i] + letter + word[i + 1 :]
    assume(i + 1 < len(word))
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _unique_near(typo: str, meant: str, choices: list[str]) -> bool:
    """Whether `meant` is the one choice a typo can be taken for: no other is one edit away or equal but for case."""
    if typo in choices or len(typo) < 3:
        return False
    others = [c for c in choices if c != meant]
    return not any(_one_edit(typo, c) or c.casefold() == typo.casefold() for c in others)


class TestSuggest:
    @pytest.mark.parametrize(
        ("value", "choices", "expected"),
        [
            ("nordic", TEAM_IDS, "nordics"),  # a letter left out
            ("mikael.hom", MEMBER_IDS, "mikael.holm"),
            ("Europe/Stokholm", list(timezone_names()), "Europe/Stockholm"),
            ("europe/stockholm", list(timezone_names()), "Europe/Stockholm"),  # only the case differs
            ("tiemzone", ["name", "timezone", "country"], "timezone"),  # two letters swapped
            ("se", ["SE", "NO"], "SE"),  # a short value still gets its case fixed
            ("SW", ["SE", "SI", "SV"], None),  # but no guess among two-letter codes one edit away
            ("billing", TEAM_IDS, None),  # far from every choice: no random suggestion
            ("", TEAM_IDS, None),
            (42, TEAM_IDS, None),  # not text
            ("emea", ["emea"], None),  # the value itself is no suggestion
        ],
    )
    def test_examples(self, value: object, choices: list[str], expected: str | None) -> None:
        """The cases a new user met, and the ones where no suggestion is better than a guess."""
        assert suggest(value, choices) == expected

    def test_two_edits_by_ratio(self) -> None:
        """A value two edits away still gets the choice difflib finds close enough."""
        assert suggest("americs.", TEAM_IDS) == "americas"

    def test_did_you_mean(self) -> None:
        """The message suffix is empty without a suggestion."""
        assert did_you_mean(None) == ""
        assert did_you_mean("nordics") == " (did you mean 'nordics'?)"

    @given(meant=st.sampled_from(MEMBER_IDS + TEAM_IDS), data=st.data())
    @example(meant="nordics", data=None)
    def test_typo_of_an_id_suggests_it(self, meant: str, data: st.DataObject | None) -> None:
        """A one-character typo of a member or team id suggests that id, when no other id is as near."""
        typo = "nordic" if data is None else data.draw(typos(meant))
        choices = MEMBER_IDS + TEAM_IDS
        assume(_unique_near(typo, meant, choices))
        assert suggest(typo, choices) == meant

    @given(meant=st.sampled_from(timezone_names()), data=st.data())
    def test_typo_of_a_timezone_suggests_it(self, meant: str, data: st.DataObject) -> None:
        """A one-character typo of a zone name suggests that zone, when no other zone is as near."""
        typo = data.draw(typos(meant))
        assume(_unique_near(typo, meant, list(timezone_names())))
        assert suggest(typo, timezone_names()) == meant

    @given(choices=st.lists(member_ids(), min_size=1, max_size=8, unique=True), data=st.data())
    def test_suggestion_is_a_choice_and_nearest(self, choices: list[str], data: st.DataObject) -> None:
        """Any suggestion is one of the choices, never the value, and one edit away whenever some choice is."""
        value = data.draw(st.one_of(typos(data.draw(st.sampled_from(choices))), member_ids()))
        found = suggest(value, choices)
        assert found is None or (found in choices and found != value)
        if len(value) >= 3 and any(_one_edit(value, c) for c in choices if c != value):
            assert found is not None
            assert _one_edit(value, found) or found.casefold() == value.casefold()


class TestErrorsSuggest:
    def test_timezone(self) -> None:
        """A misspelt timezone names the zone meant, in the message and as an attribute."""
        with pytest.raises(UnknownTimezone, match=r"\(did you mean 'Europe/Stockholm'\?\)") as info:
            Member(id="elin", name="Elin", timezone="Europe/Stokholm", country="SE")
        assert info.value.suggestion == "Europe/Stockholm"

    def test_country(self) -> None:
        """A country code in the wrong case is suggested in capitals."""
        with pytest.raises(UnknownCountry) as info:
            Member(id="elin", name="Elin", timezone="Europe/Stockholm", country="se")
        assert info.value.suggestion == "SE"

    def test_team_and_member(self) -> None:
        """Organisation.team and .member suggest the id meant."""
        with pytest.raises(UnknownReference, match=r"got 'nordic' \(did you mean 'nordics'\?\)") as info:
            ORG.team("nordic")
        assert (info.value.field, info.value.suggestion) == ("team_id", "nordics")
        with pytest.raises(UnknownReference) as info:
            ORG.member("mikael.hom")
        assert info.value.suggestion == "mikael.holm"

    def test_lead(self) -> None:
        """A team lead misspelt is suggested among the team's members."""
        with pytest.raises(LeadNotMember) as info:
            Team(id="t", name="T", lead="ana", members=["anna", "bo"])
        assert info.value.suggestion == "anna"

    def test_choice(self) -> None:
        """check_choice, behind every enum and choice, suggests too."""
        members = [Member(id="anna", name="A", timezone="UTC", country="SE")]
        with pytest.raises(InvalidValue) as info:
            Member(id="bo", name="B", timezone="UTC", country="SE", role="agnet")
        assert info.value.suggestion == "agent"
        assert Organisation(name="O", members=members).member("anna").id == "anna"

    def test_pickle_keeps_the_suggestion(self) -> None:
        """An error sent to another process keeps its suggestion."""
        err = UnknownReference("team_id", "nordic", "a team", suggestion="nordics")
        again = pickle.loads(pickle.dumps(err))
        assert (type(again), str(again), again.suggestion) == (UnknownReference, str(err), "nordics")

    def test_located_and_renamed_keep_the_suggestion(self) -> None:
        """Moving an error to a file location or a flag name keeps its suggestion."""
        err = UnknownTimezone("timezone", "Europe/Stokholm", "a zone", suggestion="Europe/Stockholm")
        assert err.located(path="f.toml", prefix="members[0].").suggestion == "Europe/Stockholm"
        assert str(err.renamed("--tz")).startswith("--tz: expected a zone, got 'Europe/Stokholm' (did you mean")


class TestFileKeys:
    def test_unknown_keys_show_the_key(self) -> None:
        """An unknown key's problem shows the key, not its value, and the known key meant."""
        text = (
            'name = "A"\nnmae = "x"\n[[members]]\nid = "anna"\nname = "Anna"\ntimezone = "UTC"\ncountry = "SE"\n'
            'tiemzone = "Europe/Stockholm"\n'
        )
        with pytest.raises(LoadError) as info:
            loads_organisation(text, source="t.toml")
        top, member = (str(p) for p in info.value.problems)
        assert top.startswith("t.toml: nmae: unknown key 'nmae' (did you mean 'name'?); expected one of")
        assert "members[0].tiemzone: unknown key 'tiemzone' (did you mean 'timezone'?)" in member
        assert "Europe/Stockholm" not in member  # the value is not what is wrong

    def test_team_member_reference(self) -> None:
        """A team listing a misspelt member id suggests the member."""
        text = (
            'name = "A"\n[[members]]\nid = "anna"\nname = "Anna"\ntimezone = "UTC"\ncountry = "SE"\n'
            '[[teams]]\nid = "t"\nname = "T"\nlead = "anna"\nmembers = ["anna", "ana"]\n'
        )
        with pytest.raises(LoadError, match=r"teams\[0\]\.members\[1\]: .* got 'ana' \(did you mean 'anna'\?\)"):
            loads_organisation(text)

    def test_unknown_key_is_an_invalid_value(self) -> None:
        """UnknownKey and UnknownColumn are InvalidValue, as unknown keys always were."""
        assert issubclass(UnknownColumn, UnknownKey)
        assert issubclass(UnknownKey, InvalidValue)


class TestColumns:
    def test_misnamed_required_column(self, tmp_path: Path) -> None:
        """A required column spelt wrong is named as an unknown column, with the column meant."""
        from teamcore.kpi import load_tickets  # noqa: PLC0415 - only this test needs the ticket engine
        from teamcore.staffing import load_forecast_rows  # noqa: PLC0415 - as above

        forecast = tmp_path / "f.csv"
        forecast.write_text("start,volumen\n2026-11-23T09:00Z,3\n", encoding="utf-8")
        with pytest.raises(UnknownColumn, match=r"f\.csv: volumen: unknown column 'volumen' \(did you mean 'volume'"):
            load_forecast_rows(forecast)
        tickets = tmp_path / "t.csv"
        tickets.write_text("ticket_id,create_at,priority,status\na,2026-11-02T09:00Z,low,new\n", encoding="utf-8")
        with pytest.raises(UnknownColumn) as info:
            load_tickets(tickets)
        assert (info.value.value, info.value.suggestion) == ("create_at", "created_at")

    def test_missing_column_far_from_any(self, tmp_path: Path) -> None:
        """A missing column with nothing near keeps the plain error naming the column required."""
        from teamcore.staffing import load_forecast_rows  # noqa: PLC0415 - only this test needs it

        forecast = tmp_path / "f.csv"
        forecast.write_text("start,calls\n2026-11-23T09:00Z,3\n", encoding="utf-8")
        with pytest.raises(InvalidValue, match="a column named 'volume'") as info:
            load_forecast_rows(forecast)
        assert not isinstance(info.value, UnknownColumn)

    def test_unknown_columns_and_fields(self, tmp_path: Path) -> None:
        """Knowledge and mentoring rows and feedback records name an unknown column by itself, with the one meant."""
        from teamcore.feedback import record_from_mapping  # noqa: PLC0415 - only this test needs them
        from teamcore.knowledge import load_articles  # noqa: PLC0415
        from teamcore.mentoring import load_pairs  # noqa: PLC0415

        kb = tmp_path / "kb.csv"
        kb.write_text("id,titel,owner,topics,last_reviewed\nkb1,Refunds,anna,refunds,2026-10-01\n", encoding="utf-8")
        assert load_articles(kb).rejected[0].reason.startswith("titel: unknown column 'titel' (did you mean 'title'?)")
        pairs = tmp_path / "p.csv"
        pairs.write_text("mentor,mentee,sinse\nanna,bo,2026-10-01\n", encoding="utf-8")
        assert "unknown column 'sinse' (did you mean 'since'?)" in load_pairs(pairs).rejected[0].reason
        with pytest.raises(UnknownKey, match=r"unknown key 'recever' \(did you mean 'receiver'\?\)"):
            record_from_mapping({"record": "feedback", "recever": "bo"})
        with pytest.raises(InvalidValue, match=r"\(did you mean 'feedback'\?\)"):
            record_from_mapping({"record": "feedbak"})
