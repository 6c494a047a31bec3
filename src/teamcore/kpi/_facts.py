"""Per-ticket facts as a public value: computed once, filtered on their own engine, summarised into KPI tables.

:func:`ticket_facts` reads tickets (and events) on any engine and returns a :class:`TicketFacts`: one row per ticket
with its durations in the chosen clock, plus what the facts were computed with (the clock, the calendars, whether
there were events). :meth:`TicketFacts.filter` narrows them to a team, a member or a creation window on the same
engine, and :meth:`TicketFacts.table` gives the table :func:`kpi_table` gives, which is
``ticket_facts(...).table(...)``. Several tables can then share one scan of the events.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, cast

import attrs
import narwhals as nw
import polars as pl

from teamcore._display import result_html, to_pandas
from teamcore._frames import Engine, FrameT, to_polars
from teamcore._plotting import axes, lines, number
from teamcore._time import as_utc
from teamcore.exceptions import InvalidInterval, InvalidValue, WrongType
from teamcore.kpi._metrics import Clock, _check_table, _table
from teamcore.kpi._metrics import _facts as _compute
from teamcore.kpi._periods import Period
from teamcore.scheduling import IntervalSet

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["TicketFacts", "kpi_table", "ticket_facts"]


def _calendars(value: Mapping[str | None, IntervalSet] | None) -> Mapping[str | None, IntervalSet] | None:
    """A read-only copy, so the facts cannot change under a caller who edits the mapping afterwards."""
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise WrongType("calendars", value, "a mapping of team id (or None) to IntervalSet")
    return types.MappingProxyType(dict(value))


def _clock(value: object) -> Clock:
    if value not in {"calendar", "business"}:
        raise InvalidValue("clock", value, "'calendar' or 'business'")
    return value


def _names(value: str | Iterable[str] | None, field: str) -> list[str] | None:
    """`value` as a list of ids (``None``: no filter); a bare string is one id."""
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value) if isinstance(value, Iterable) else None
    if items is None:
        raise WrongType(field, value, "an id or a list of ids")
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise WrongType(f"{field}[{i}]", item, "an id (str)")
    return items


@attrs.frozen(kw_only=True, eq=False, repr=False)
class TicketFacts(Generic[FrameT]):
    """One row per ticket with its durations, counts and survey answers, and what they were computed with.

    Made by :func:`ticket_facts`; change it with :meth:`filter`, summarise it with :meth:`table`. Equality is
    identity: two frames are not compared row by row.

    Attributes
    ----------
    frame
        The facts as a narwhals LazyFrame on the engine of the tickets (columns: see :func:`ticket_facts`); facts of
        in-process polars or PyArrow tickets are held, computed once, in polars.
    clock
        ``"calendar"`` or ``"business"``: the clock the durations are in.
    calendars
        For business time, team id → open intervals (read-only); ``None`` for calendar time.
    has_events
        Whether events were given; without them only ticket-level metrics are known and ``reopens`` is null.
    waits
        Whether the time in each status (requester/agent wait, on-hold) was computed.
    engine
        The engine of the tickets the facts came from: :meth:`table` returns its tables on it (pandas tickets,
        pandas tables). Polars (eager) by default.
    """

    frame: nw.LazyFrame[Any] = attrs.field(validator=attrs.validators.instance_of(nw.LazyFrame))
    clock: Clock = attrs.field(converter=_clock)
    calendars: Mapping[str | None, IntervalSet] | None = attrs.field(default=None, converter=_calendars)
    has_events: bool = attrs.field(validator=attrs.validators.instance_of(bool))
    waits: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    engine: Engine = attrs.field(factory=Engine, validator=attrs.validators.instance_of(Engine))

    def __repr__(self) -> str:
        engine = str(self.frame.implementation).rsplit(".", 1)[-1].lower()
        return f"TicketFacts(engine={engine!r}, clock={self.clock!r}, has_events={self.has_events}, waits={self.waits})"

    def filter(
        self,
        *,
        team: str | Iterable[str] | None = None,
        member: str | Iterable[str] | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> TicketFacts[FrameT]:
        """The facts of the tickets of `team`, assigned to `member` and created in ``[start, end)``.

        Each argument left ``None`` does not filter. The filter runs on the facts' own engine (polars, pandas,
        pyarrow, DuckDB, Dask, …) and the result is a new :class:`TicketFacts` with the same clock and calendars.

        Parameters
        ----------
        team, member
            A team id or member id (``assignee``), or several; tickets without a team or assignee never match.
        start, end
            Aware instants: keep the tickets created at or after `start` and before `end`.

        Raises
        ------
        WrongType
            For an id that is not a string, or a `start` or `end` that is not a datetime.
        NaiveDatetime
            For a naive `start` or `end`.
        InvalidInterval
            If `end` is not after `start`.

        Examples
        --------
        >>> import datetime as dt
        >>> from teamcore.kpi import simulate_tickets
        >>> from teamcore.people import Member, Organisation, Team
        >>> a, b = (Member(id=i, name=i.upper(), timezone="UTC", country="GB") for i in "ab")
        >>> org = Organisation(name="A", members=[a, b], teams=[Team(id="x", name="X", lead="a", members=["a"]),
        ...                                                     Team(id="y", name="Y", lead="b", members=["b"])])
        >>> start = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
        >>> log = simulate_tickets(org, start=start, end=start + dt.timedelta(days=7), tickets_per_day=10, seed=1)
        >>> facts = ticket_facts(log.tickets, log.events).filter(team="x")
        >>> facts.to_polars()["team"].unique().to_list()
        ['x']
        """
        conditions: list[nw.Expr] = []
        for column, value, field in (("team", team, "team"), ("assignee", member, "member")):
            names = _names(value, field)
            if names is not None:
                conditions.append(nw.col(column).is_in(names).fill_null(value=False))
        lo = None if start is None else as_utc(start, "start")
        hi = None if end is None else as_utc(end, "end")
        if lo is not None and hi is not None and hi <= lo:
            raise InvalidInterval("end", end, f"an instant after start {lo.isoformat()}")
        if lo is not None:
            conditions.append(nw.col("created_s") >= lo.timestamp())
        if hi is not None:
            conditions.append(nw.col("created_s") < hi.timestamp())
        if not conditions:
            return self
        return attrs.evolve(self, frame=self.frame.filter(*conditions))

    def table(
        self,
        *,
        start: dt.datetime,
        end: dt.datetime,
        period: Period | None = None,
        by: str | Sequence[str] = (),
        tz: str = "UTC",
        stats: Sequence[str] = ("mean", "median", "p90"),
    ) -> FrameT:
        """The KPI table of these facts for ``[start, end)``: the table :func:`kpi_table` gives.

        Parameters are those of :func:`kpi_table`; the clock and calendars are the facts' own, and the table is on
        the facts' :attr:`engine` (the engine of the tickets they came from).

        Examples
        --------
        >>> import datetime as dt
        >>> from teamcore.kpi import simulate_tickets
        >>> from teamcore.people import Member, Organisation, Team
        >>> org = Organisation(name="A", members=[Member(id="a", name="A", timezone="UTC", country="GB")],
        ...                    teams=[Team(id="x", name="X", lead="a", members=["a"])])
        >>> start = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
        >>> log = simulate_tickets(org, start=start, end=start + dt.timedelta(days=7), tickets_per_day=10, seed=1)
        >>> facts = ticket_facts(log.tickets, log.events)
        >>> window = {"start": start, "end": start + dt.timedelta(days=7), "period": "day"}
        >>> facts.table(**window).equals(kpi_table(log.tickets, log.events, **window))
        True
        """
        table = _table(
            self.frame, start=start, end=end, period=period, by=by, tz=tz, stats=stats, has_events=self.has_events
        )
        result: FrameT = self.engine.convert(table)
        return result

    def to_polars(self) -> pl.DataFrame:
        """The facts collected into a polars DataFrame (from any engine)."""
        return to_polars(self.frame)

    def to_native(self) -> Any:
        """The facts as the engine's own lazy object (a polars LazyFrame, a DuckDB relation, a Dask frame, …)."""
        return self.frame.to_native()

    def to_pandas(self) -> Any:
        """The facts collected into a pandas DataFrame (from any engine).

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars())

    def plot(
        self,
        metrics: str | Sequence[str] = "incoming",
        *,
        start: dt.datetime,
        end: dt.datetime,
        period: Period = "week",
        tz: str = "UTC",
        ax: Axes | None = None,
    ) -> Axes:
        """A KPI trend: one line per metric of :meth:`table` over the periods of ``[start, end)``.

        Parameters
        ----------
        metrics
            One or more columns of :meth:`table` (``"incoming"``, ``"solved"``, ``"first_reply_median"``, ...).
        start, end, period, tz
            As for :meth:`table`; `period` is ``"day"``, ``"week"`` or ``"month"``.
        ax
            matplotlib axes to draw on; a new figure's (not registered with pyplot) by default.

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on (its ``.figure`` is the figure).

        Raises
        ------
        InvalidValue
            If a metric is not a column of the table, or `period` is ``None``.
        MissingDependency
            If matplotlib is not installed (``pip install 'teamcore[report]'``).
        """
        names = [metrics] if isinstance(metrics, str) else list(metrics)
        if period is None:
            raise InvalidValue("period", period, "'day', 'week' or 'month': a trend needs periods")
        # With the default Engine (eager polars) the table is a polars DataFrame, whatever the tickets were.
        as_polars = cast("TicketFacts[pl.DataFrame]", attrs.evolve(self, engine=Engine()))
        table = as_polars.table(start=start, end=end, period=period, tz=tz)
        unknown = [n for n in names if n not in table.columns or n == "period"]
        if unknown or not names:
            raise InvalidValue("metrics", unknown or names, f"columns of the KPI table {table.columns[1:]}")
        ax = axes(ax, "TicketFacts.plot")
        xs = [str(day) for day in table["period"].to_list()]
        lines(ax, xs, {n: [number(v) for v in table[n].to_list()] for n in names}, f"{period} ({tz})")
        ax.set_title(", ".join(names))
        return ax

    def _repr_html_(self) -> str:
        """In a notebook: the summary line and the first rows of the facts."""
        return result_html(self, ("Ticket facts", to_polars(self.frame.head(20))))


def ticket_facts(
    tickets: FrameT,
    events: Any = None,
    *,
    clock: Clock = "calendar",
    calendars: Mapping[str | None, IntervalSet] | None = None,
    waits: bool = True,
) -> TicketFacts[FrameT]:
    """One row per ticket with its durations (seconds, in the chosen clock), counts and survey answers.

    Parameters
    ----------
    tickets, events
        Canonical tables on any engine (see :mod:`teamcore.kpi._schema`); without events, only the ticket-level
        metrics (counts, full resolution from ``solved_at``, surveys) are available.
    clock
        ``"calendar"`` or ``"business"``.
    calendars
        For business time: team id → open intervals (key ``None`` for any other team).
    waits
        Whether to compute the time in each status (requester/agent wait, on-hold); ``False`` skips that join
        when only replies, solves, reopens and surveys are needed (those columns are then null).

    Returns
    -------
    TicketFacts
        Its ``frame`` has the columns ``ticket_id, team, assignee, channel, priority, status, created_s, solved_s``
        (epoch seconds), the :data:`DURATIONS`, ``reopens, replies, solved_now`` and the survey columns.

    Notes
    -----
    The clock ``B`` never runs backwards, so the earliest reply in business time is the business time of the
    earliest reply: events are reduced to one row per ticket *before* anything is clocked, and only the per-ticket
    instants are read against the calendars. Only the time in each status needs the clock of every status change.

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.kpi import simulate_tickets
    >>> from teamcore.people import Member, Organisation, Team
    >>> org = Organisation(name="A", members=[Member(id="a", name="A", timezone="UTC", country="GB")],
    ...                    teams=[Team(id="x", name="X", lead="a", members=["a"])])
    >>> start = dt.datetime(2026, 11, 2, tzinfo=dt.UTC)
    >>> log = simulate_tickets(org, start=start, end=start + dt.timedelta(days=2), tickets_per_day=5, seed=1)
    >>> ticket_facts(log.tickets.lazy(), log.events.lazy())
    TicketFacts(engine='polars', clock='calendar', has_events=True, waits=True)
    """
    if not isinstance(waits, bool):
        raise WrongType("waits", waits, "a bool")
    parts = frozenset({"replies", "solves", "waits"} if waits else {"replies", "solves"})
    frame = _compute(tickets, events, clock=clock, calendars=calendars, parts=parts)
    return TicketFacts(
        frame=frame,
        clock=clock,
        calendars=calendars if clock == "business" else None,
        has_events=events is not None,
        waits=waits,
        engine=Engine.of(tickets),
    )


def kpi_table(
    tickets: FrameT,
    events: Any = None,
    *,
    start: dt.datetime,
    end: dt.datetime,
    period: Period | None = None,
    by: str | Sequence[str] = (),
    tz: str = "UTC",
    clock: Clock = "calendar",
    calendars: Mapping[str | None, IntervalSet] | None = None,
    stats: Sequence[str] = ("mean", "median", "p90"),
) -> FrameT:
    """The KPIs of :data:`METRICS` for ``[start, end)``, per period and group, on the engine of `tickets`.

    Shorthand for ``ticket_facts(tickets, events, clock=clock, calendars=calendars).table(...)``.

    Parameters
    ----------
    tickets, events
        Canonical tables on any engine narwhals supports; the work runs lazily on that engine.
    start, end
        The window (aware).
    period
        ``"day"``, ``"week"`` (ISO, Monday first), ``"month"``, or ``None`` for the whole window.
    by
        Zero or more of :data:`GROUPS`.
    tz
        The zone whose local days, weeks and months are meant.
    clock, calendars
        Calendar or business time; see :func:`ticket_facts`.
    stats
        Summaries of each duration: ``"mean"``, ``"median"``, ``"p<N>"`` (linear interpolation).

    Returns
    -------
    DataFrame
        On the caller's engine: a polars DataFrame for polars tickets, a LazyFrame for a LazyFrame, a pandas
        DataFrame for pandas, a PyArrow table for PyArrow, a DuckDB relation or a Dask frame for those (the table
        is assembled in polars and handed back through narwhals). One row per (period, group) with any ticket,
        sorted; ``period`` is the period's first local date. Columns: the keys, ``incoming, solved, backlog,
        high_priority_open``, the duration summaries, ``reopens, one_touch_rate, fcr_rate, csat, csat_top2, nps,
        ces, aht``.

    Examples
    --------
    >>> import polars as pl, datetime as dt
    >>> utc = dt.timezone.utc
    >>> tickets = pl.DataFrame({"ticket_id": ["a", "b"], "priority": ["high", "low"], "status": ["solved", "open"],
    ...     "created_at": [dt.datetime(2026, 11, 2, 9, tzinfo=utc), dt.datetime(2026, 11, 3, 9, tzinfo=utc)],
    ...     "solved_at": [dt.datetime(2026, 11, 2, 11, tzinfo=utc), None], "team": ["t", "t"],
    ...     "assignee": ["ann", "bo"], "channel": ["email", "chat"], "satisfaction": ["good", None],
    ...     "csat_score": [5, None], "nps": [None, None], "ces": [None, None], "handle_seconds": [600, None]})
    >>> table = kpi_table(tickets, start=dt.datetime(2026, 11, 2, tzinfo=utc), end=dt.datetime(2026, 11, 9, tzinfo=utc))
    >>> table.select("incoming", "solved", "backlog", "full_resolution_median", "csat").row(0)
    (2, 1, 1, 7200.0, 1.0)
    """
    _check_table(start, end, period, by, stats)  # before the facts are computed
    facts = ticket_facts(tickets, events, clock=clock, calendars=calendars)
    table: FrameT = facts.table(start=start, end=end, period=period, by=by, tz=tz, stats=stats)
    return table
