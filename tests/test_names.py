"""One name, one meaning: renamed public names, their deprecated aliases, the state tables' shape, 1:1 slot → series."""

from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo
from collections.abc import Mapping
from types import ModuleType

import pytest

from teamcore import feedback, kpi, scheduling, staffing
from teamcore.exceptions import InvalidTransition, InvalidValue, WrongType
from teamcore.feedback import FEEDBACK_TRANSITIONS, Cadence, OneOnOneSeries
from teamcore.kpi import STATUSES, TICKET_TRANSITIONS, check_transition
from teamcore.people import Member
from teamcore.scheduling import OneOnOneSlot, one_on_ones

SUBPACKAGES = ("people", "scheduling", "kpi", "feedback", "mentoring", "staffing", "knowledge", "report", "rostering")

ALIASES = [
    (kpi, "Status", "TicketStatus"),
    (kpi, "Target", "KpiTarget"),
    (feedback, "Status", "ComplianceStatus"),
    (feedback, "TRANSITIONS", "FEEDBACK_TRANSITIONS"),
    (feedback, "OneOnOne", "OneOnOneOccurrence"),
    (staffing, "Target", "StaffingCriteria"),
    (scheduling, "OneOnOne", "OneOnOneSlot"),
]


class TestDeprecatedAliases:
    @pytest.mark.parametrize(("module", "old", "new"), ALIASES, ids=lambda v: getattr(v, "__name__", v))
    def test_old_name_warns_and_is_the_new_object(self, module: ModuleType, old: str, new: str) -> None:
        """Reading an old name warns, names the new one, and gives the very object of the new name."""
        message = f"{module.__name__}.{old} is deprecated; use {module.__name__}.{new}"
        with pytest.warns(DeprecationWarning, match=message):
            value = getattr(module, old)
        assert value is getattr(module, new)

    def test_warning_points_at_the_caller(self) -> None:
        """The warning is attributed to the line that read the old name, not to teamcore."""
        with pytest.warns(DeprecationWarning, match="teamcore.kpi.Target") as caught:
            from teamcore.kpi import Target  # noqa: F401, PLC0415 - the deprecated import under test
        assert caught[0].filename == __file__

    def test_old_ticket_table_keeps_its_shape(self) -> None:
        """The deprecated ``teamcore.kpi.TRANSITIONS`` is status → next statuses, derived from the new table."""
        with pytest.warns(DeprecationWarning, match=r"teamcore\.kpi\.TRANSITIONS .* use teamcore\.kpi\.TICKET_TRANS"):
            old = kpi.TRANSITIONS
        assert set(old) == set(STATUSES)
        assert old["closed"] == frozenset()
        assert {(a, b) for a, nexts in old.items() for b in nexts} == set(TICKET_TRANSITIONS)

    @pytest.mark.parametrize(("module", "old", "new"), [*ALIASES, (kpi, "TRANSITIONS", "TICKET_TRANSITIONS")])
    def test_old_names_left_out_of_all(self, module: ModuleType, old: str, new: str) -> None:
        """Only the new name is public: ``import *`` and the API reference show it alone."""
        assert old not in module.__all__
        assert new in module.__all__

    def test_unknown_name_still_raises(self) -> None:
        """A name that never existed raises AttributeError naming the module and the name."""
        with pytest.raises(AttributeError, match=r"module 'teamcore.kpi' has no attribute 'Nope'"):
            kpi.Nope  # noqa: B018 - the attribute access is the test


class TestOneNameOneMeaning:
    def test_no_name_means_two_things(self) -> None:
        """A name exported by two public subpackages is the same object in both."""
        seen: dict[str, tuple[str, object]] = {}
        clashes = []
        for sub in SUBPACKAGES:
            module = importlib.import_module(f"teamcore.{sub}")
            for name in module.__all__:
                value = getattr(module, name)
                first = seen.setdefault(name, (sub, value))
                if first[1] is not value:
                    clashes.append(f"{name}: teamcore.{first[0]} and teamcore.{sub}")
        assert clashes == []


class TestStateTables:
    @pytest.mark.parametrize(
        "table",
        [TICKET_TRANSITIONS, *FEEDBACK_TRANSITIONS.values()],
        ids=["ticket", *FEEDBACK_TRANSITIONS],
    )
    def test_one_shape(self, table: Mapping[object, object]) -> None:
        """Every state table is a read-only ``(state, event) → next state`` mapping of strings."""
        assert isinstance(table, Mapping)
        assert table
        for key, following in table.items():
            assert isinstance(key, tuple)
            state, event = key
            assert all(isinstance(v, str) for v in (state, event, following))
        with pytest.raises(TypeError):
            table[("x", "y")] = "z"  # type: ignore[index]

    def test_ticket_event_is_the_status_entered(self) -> None:
        """A ticket's event is the status it changes to, so each entry maps ``(a, b)`` to ``b``."""
        assert all(following == event for (_, event), following in TICKET_TRANSITIONS.items())

    @pytest.mark.parametrize(
        ("state", "event", "allowed"),
        [
            ("closed", "open", "none"),  # closed is final
            ("new", "new", "'on_hold', 'open', 'pending', 'solved'"),  # no change to the same status
            ("gone", "open", "none"),  # an unknown status allows nothing
        ],
    )
    def test_illegal_ticket_change_names_state_and_event(self, state: str, event: str, allowed: str) -> None:
        """check_transition reads the table and names the state, the event and what is allowed."""
        expected = f"ticket: event '{event}' is not allowed in state '{state}'; allowed: {allowed}"
        with pytest.raises(InvalidTransition, match=expected):
            check_transition(state, event)

    def test_every_table_entry_is_allowed(self) -> None:
        """check_transition accepts exactly the pairs of the table."""
        for state in STATUSES:
            for event in STATUSES:
                try:
                    check_transition(state, event)
                except InvalidTransition:
                    assert (state, event) not in TICKET_TRANSITIONS
                else:
                    assert (state, event) in TICKET_TRANSITIONS


LEA = Member(id="lea", name="Lea", timezone="Europe/London", country="GB", hours={"mon-fri": ["09:00-17:00"]})
NIA = Member(id="nia", name="Nia", timezone="America/New_York", country="US", hours={"mon-fri": ["09:00-17:00"]})
KEN = Member(id="ken", name="Ken", timezone="Asia/Tokyo", country="JP", hours={"mon-fri": ["09:00-17:00"]})


UNSCHEDULED = OneOnOneSlot(lead="lea", member="nia", zone="Europe/London", weekday=None, time=None,
                           duration=dt.timedelta(minutes=30))  # fmt: skip
MONDAY = one_on_ones(LEA, [NIA], first=dt.date(2026, 3, 2), weeks=1)[0]


def local_dates(slot: OneOnOneSlot) -> tuple[dt.date, ...]:
    zone = zoneinfo.ZoneInfo(slot.zone)
    return tuple(start.astimezone(zone).date() for start in slot.starts)


class TestFromSlot:
    @pytest.mark.parametrize(
        "first",
        [
            dt.date(2026, 3, 2),  # a Monday, across the US (8 March) and UK (29 March) DST changes
            dt.date(2026, 10, 21),  # a Wednesday, across the UK (25 October) change
        ],
    )
    def test_weekly_round_trip(self, first: dt.date) -> None:
        """The series meets on exactly the slot's dates in the lead's zone, from the slot's first 1:1."""
        weeks = 6
        slots = one_on_ones(LEA, [NIA, KEN], first=first, weeks=weeks)
        for slot in slots:
            series = OneOnOneSeries.from_slot(slot, id=f"1on1-{slot.member}")
            dates = local_dates(slot)
            assert (series.lead, series.member, series.cadence) == ("lea", slot.member, Cadence.WEEKLY)
            assert series.anchor == dates[0] >= first
            assert slot.weekday is not None
            assert series.anchor.weekday() == slot.weekday
            assert series.slots(first, first + dt.timedelta(weeks=weeks)) == dates

    def test_biweekly_every_second_week(self) -> None:
        """A biweekly series keeps the slot's weekday and meets in every second week of it."""
        [slot] = one_on_ones(LEA, [NIA], first=dt.date(2026, 3, 2), weeks=6)
        series = OneOnOneSeries.from_slot(slot, id="s", cadence="biweekly")
        assert series.slots(dt.date(2026, 3, 2), dt.date(2026, 4, 13)) == local_dates(slot)[::2]

    def test_anchor_in_the_leads_zone(self) -> None:
        """The anchor is the lead's local date, also when the UTC instant falls on another day."""
        tokyo = Member(id="aki", name="Aki", timezone="Asia/Tokyo", country="JP", hours={"mon-fri": ["08:00-12:00"]})
        sydney = Member(id="sam", name="Sam", timezone="Australia/Sydney", country="AU",
                        hours={"mon-fri": ["07:00-17:00"]})  # fmt: skip
        [slot] = one_on_ones(tokyo, [sydney], first=dt.date(2026, 6, 1), weeks=1)
        series = OneOnOneSeries.from_slot(slot, id="s")
        assert series.anchor == dt.date(2026, 6, 1)
        assert slot.starts[0].date() == dt.date(2026, 5, 31)  # 08:00 Tokyo is 23:00 UTC the day before

    @pytest.mark.parametrize(
        ("slot", "kwargs", "error", "match"),
        [
            ("mon 14:00", {}, WrongType, "slot"),  # not a slot
            (UNSCHEDULED, {}, InvalidValue, "slot"),  # one_on_ones found no time for this member
            (MONDAY, {"cadence": "monthly"}, InvalidValue, "cadence"),  # monthly would not keep the weekday
            (MONDAY, {"cadence": "daily"}, InvalidValue, "cadence"),  # an unknown cadence
        ],
    )
    def test_invalid(self, slot: object, kwargs: dict[str, str], error: type[Exception], match: str) -> None:
        """Bad input raises a specific error naming the argument."""
        with pytest.raises(error, match=match):
            OneOnOneSeries.from_slot(slot, id="s", **kwargs)  # type: ignore[arg-type]
