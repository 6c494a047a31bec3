"""The burden report: each member's and each region's unsocial hours and pain against their fair share.

Unsocial hours are :meth:`RosterProblem.unsocial`'s (nights, then weekend hours, then public-holiday hours of the
member's own country, each hour counted once), scored with the problem's :class:`~teamcore.scheduling.PainWeights`
(the meeting rotation's pain model: ``night`` per night hour, ``day_off`` per weekend or holiday hour). The fair
share is the roster's total pain split in proportion to contracted maximum hours (:func:`fair_shares`), the same
definition the solver's unfairness objective uses; a region's is the sum of its members'.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from teamcore._display import to_pandas
from teamcore.exceptions import UnknownReference, WrongType
from teamcore.rostering._problem import RosterProblem
from teamcore.rostering._roster import Roster

__all__ = ["BurdenReport", "BurdenRow", "burden_report", "fair_shares"]


def fair_shares(problem: RosterProblem, burden: Mapping[str, float]) -> dict[str, float]:
    """Each member's fair share of the total of `burden`: in proportion to their contract's maximum hours.

    Members with no contracted hours at all share nothing; if no member has any, every share is 0.

    Examples
    --------
    >>> from teamcore.rostering import load_roster_problem
    >>> problem = load_roster_problem("examples/rostering/problem.toml")  # six 40-hour contracts
    >>> shares = fair_shares(problem, {"anna": 60.0, "maria": 0.0})
    >>> shares["anna"], shares["bia"]
    (10.0, 10.0)
    """
    weights = {m.id: problem.contract(m.id).max_hours for m in problem.members}
    total_weight = sum(weights.values()) or 1.0
    total = sum(burden.values())
    return {member: total * weight / total_weight for member, weight in weights.items()}


@attrs.frozen
class BurdenRow:
    """One member's or one region's unsocial hours, pain and fair share.

    Attributes
    ----------
    name
        The member id, or the region (country code).
    region
        The member's region (for a region's row, the region itself).
    shifts
        Shifts rostered.
    hours
        Paid hours rostered.
    contract_hours
        Contracted maximum hours (a region's: its members' sum): the weight of the fair share.
    night, weekend, holiday
        Unsocial hours of each kind.
    pain
        The pain of those hours.
    fair_share
        The fair share of the roster's total pain.
    """

    name: str
    region: str
    shifts: int
    hours: float
    contract_hours: float
    night: float
    weekend: float
    holiday: float
    pain: float
    fair_share: float

    @property
    def excess(self) -> float:
        """Pain above the fair share (negative below it)."""
        return self.pain - self.fair_share

    @property
    def ratio(self) -> float | None:
        """Pain as a multiple of the fair share; None when the fair share is 0."""
        return self.pain / self.fair_share if self.fair_share > 0 else None


_COLUMNS = (
    "name",
    "region",
    "shifts",
    "hours",
    "contract_hours",
    "night",
    "weekend",
    "holiday",
    "pain",
    "fair_share",
    "excess",
)


@attrs.frozen
class BurdenReport:
    """Unsocial hours and pain per member and per region, against the fair share.

    Attributes
    ----------
    members
        One row per member of the problem, in the problem's order (members without shifts too).
    regions
        One row per region, sorted by name.
    """

    members: tuple[BurdenRow, ...]
    regions: tuple[BurdenRow, ...]

    @property
    def total(self) -> float:
        """The roster's total pain."""
        return sum(row.pain for row in self.members)

    @property
    def worst(self) -> BurdenRow:
        """The member furthest above their fair share (the first in the problem's order on a tie)."""
        return max(self.members, key=lambda row: row.excess)

    @property
    def worst_region(self) -> BurdenRow:
        """The region furthest above its fair share."""
        return max(self.regions, key=lambda row: row.excess)

    @property
    def unfairness(self) -> float:
        """The sum of absolute deviations from the fair share over members and over regions."""
        return sum(abs(row.excess) for row in (*self.members, *self.regions))

    def to_polars(self, by: str = "member") -> Any:
        """The rows as a polars DataFrame with ``excess``, ``by="member"`` (the default) or ``by="region"``."""
        import polars as pl  # noqa: PLC0415 - polars loads on use

        if by not in ("member", "region"):
            raise WrongType("by", by, "'member' or 'region'")
        rows = self.members if by == "member" else self.regions
        data: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
        for row in rows:
            for name in _COLUMNS:
                data[name].append(getattr(row, name))
        frame = pl.DataFrame(
            data,
            schema={
                "name": pl.String,
                "region": pl.String,
                "shifts": pl.Int64,
                **dict.fromkeys(_COLUMNS[3:], pl.Float64),
            },
        )
        return frame.rename({"name": "member"}) if by == "member" else frame.drop("name")

    def to_pandas(self, by: str = "member") -> Any:
        """:meth:`to_polars` as a pandas DataFrame.

        Raises
        ------
        MissingDependency
            If pandas is not installed (``pip install 'teamcore[pandas]'``).
        """
        return to_pandas(self.to_polars(by), ".to_pandas()")

    def __repr__(self) -> str:
        worst = self.worst
        return (
            f"<BurdenReport {len(self.members)} members, {len(self.regions)} regions, total pain {self.total:g}, "
            f"worst {worst.name} {worst.pain:g} vs fair {worst.fair_share:g}>"
        )


def burden_report(problem: RosterProblem, roster: Roster) -> BurdenReport:
    """The burden report of `roster` under `problem`: unsocial hours and pain per member and region, vs fair share.

    Parameters
    ----------
    problem
        Its members (timezone, country's weekend and holidays), rules (the night band), contracts and weights.
    roster
        The shifts; each must be of a member and a template of the problem.

    Returns
    -------
    BurdenReport

    Raises
    ------
    WrongType
        If `problem` or `roster` is of the wrong type.
    UnknownReference
        For a shift of a member or a template the problem does not have (check it with :func:`check_roster`).

    Examples
    --------
    >>> import datetime as dt
    >>> from teamcore.rostering import load_roster_problem
    >>> p = load_roster_problem("examples/rostering/problem.toml")
    >>> night = p.shift("maria", "late", dt.date(2026, 11, 28), dt.time(14))
    >>> report = burden_report(p, Roster([night]))
    >>> row = report.members[2]
    >>> row.name, row.weekend, row.night, row.pain
    ('maria', 8.0, 0.5, 53.0)
    >>> report.worst.name, round(report.worst.fair_share, 4)
    ('maria', 8.8333)
    """
    if not isinstance(problem, RosterProblem):
        raise WrongType("problem", problem, "a RosterProblem")
    if not isinstance(roster, Roster):
        raise WrongType("roster", roster, "a Roster")
    ids = {m.id for m in problem.members}
    sums: dict[str, list[float]] = {m.id: [0, 0.0, 0.0, 0.0, 0.0, 0.0] for m in problem.members}
    for shift in roster:
        if shift.member not in ids:
            raise UnknownReference("roster", shift.member, "the id of a member of the problem")
        problem.template(shift.template)
        hours = problem.unsocial(shift)
        row = sums[shift.member]
        row[0] += 1
        row[1] += problem.paid_hours(shift)
        row[2] += hours.night
        row[3] += hours.weekend
        row[4] += hours.holiday
        row[5] += hours.burden(problem.weights)
    fair = fair_shares(problem, {member: row[5] for member, row in sums.items()})
    members = tuple(
        BurdenRow(
            name=m.id,
            region=problem.region(m.id),
            shifts=int(sums[m.id][0]),
            hours=sums[m.id][1],
            contract_hours=problem.contract(m.id).max_hours,
            night=sums[m.id][2],
            weekend=sums[m.id][3],
            holiday=sums[m.id][4],
            pain=sums[m.id][5],
            fair_share=fair[m.id],
        )
        for m in problem.members
    )
    regions = tuple(
        BurdenRow(
            name=region,
            region=region,
            shifts=sum(r.shifts for r in rows),
            hours=sum(r.hours for r in rows),
            contract_hours=sum(r.contract_hours for r in rows),
            night=sum(r.night for r in rows),
            weekend=sum(r.weekend for r in rows),
            holiday=sum(r.holiday for r in rows),
            pain=sum(r.pain for r in rows),
            fair_share=sum(r.fair_share for r in rows),
        )
        for region in sorted({row.region for row in members})
        for rows in [[row for row in members if row.region == region]]
    )
    return BurdenReport(members=members, regions=regions)
